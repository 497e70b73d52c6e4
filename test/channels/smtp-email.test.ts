// The smtp email transport against a real SMTP server on 127.0.0.1: what arrives (headers, parts,
// RFC 8058 unsubscribe headers, signed links and pixel), how each server answer maps to a
// SendOutcome, and the settings the schema refuses, each naming its field.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { ChannelTransport, OutgoingMessage } from '../../src/core/ports/channel.ts';
import { createSmtpTransport, smtpSettingsSchema, type SmtpSettings } from '../../src/adapters/channels/smtp-email.ts';
import { insertOpenPixel, rewriteLinks } from '../../src/core/channels/tracked-links.ts';

const FROM = { from_address: 'orders@acme.test', from_name: 'Acme Shop', reply_to: 'help@acme.test' };

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    notificationId: 'ntf_01HZX3',
    storeId: 'acme',
    channel: 'email',
    recipient: 'ada@customer.test',
    subject: 'Your order #1001 has shipped',
    text: 'Hello Ada, your order #1001 has shipped.',
    html: '<html><body><p>Hello Ada, your order <a href="https://acme.test/orders/1001?a=1&amp;b=2">#1001</a> has shipped.</p></body></html>',
    purpose: 'transactional',
    unsubscribeUrl: null,
    template: null,
    metadata: {},
    ...overrides,
  };
}

/** Starts a real SMTP server on an ephemeral port; RCPT answers are steered by the recipient's local part. */
async function startServer(options: { credentials?: { user: string; pass: string } }) {
  const received = new Map<string, ParsedMail>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.credentials?.user && auth.password === options.credentials?.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0];
      if (local === 'gone') return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      if (local === 'busy') return callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 451 }));
      return callback();
    },
    onData(stream, _session, callback) {
      // Parsed before the 250 reply, so the message is here by the time send() resolves.
      simpleParser(stream).then((parsed) => {
        received.set(String(parsed.headers.get('x-herald-notification-id')), parsed);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A header line as sent, unfolded, without its name. */
function rawHeader(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, ' ').slice(name.length + 1).trim();
}

function settings(input: Record<string, unknown>): SmtpSettings {
  return smtpSettingsSchema.parse(input);
}

describe('smtp transport against a real SMTP server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let transport: ChannelTransport;

  before(async () => {
    server = await startServer({});
    transport = createSmtpTransport(settings({ ...FROM, host: '127.0.0.1', port: server.port, secure: false }));
  });
  after(async () => {
    await transport.close();
    await server.stop();
  });

  test('declares itself: provider smtp, channel email, not idempotent', () => {
    assert.equal(transport.provider, 'smtp');
    assert.equal(transport.channel, 'email');
    assert.equal(transport.idempotent, false);
  });

  test('a transactional message arrives with From name, Reply-To, Subject, Message-ID from the notification id and both parts', async () => {
    const outcome = await transport.send(message({ notificationId: 'ntf_tx_1' }));
    assert.deepEqual(outcome, { kind: 'sent', providerMessageId: '<ntf_tx_1@acme.test>' });
    const parsed = server.received.get('ntf_tx_1');
    assert.ok(parsed, 'the server received the message');
    assert.deepEqual(parsed.from?.value, [{ name: 'Acme Shop', address: 'orders@acme.test' }]);
    assert.equal(parsed.replyTo?.text, 'help@acme.test');
    assert.deepEqual(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : null, ['ada@customer.test']);
    assert.equal(parsed.subject, 'Your order #1001 has shipped');
    assert.equal(parsed.messageId, '<ntf_tx_1@acme.test>');
    assert.equal(rawHeader(parsed, 'X-Herald-Notification-Id'), 'ntf_tx_1');
    assert.equal(parsed.text?.trim(), 'Hello Ada, your order #1001 has shipped.');
    assert.ok(typeof parsed.html === 'string' && parsed.html.includes('href="https://acme.test/orders/1001?a=1&amp;b=2"'));
    assert.equal(rawHeader(parsed, 'List-Unsubscribe'), undefined, 'transactional mail carries no List-Unsubscribe');
    assert.equal(rawHeader(parsed, 'List-Unsubscribe-Post'), undefined);
  });

  test('a marketing message carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), and its signed links and pixel', async () => {
    const unsubscribeUrl = 'https://h.acme.test/u/ntf_mk_1?s=f00d';
    const html = `<html><body><p>How was it? <a href="https://acme.test/review">Review</a></p><a href="${unsubscribeUrl}">Unsubscribe</a></body></html>`;
    const signed = insertOpenPixel(
      rewriteLinks(html, (_url, index) => `https://h.acme.test/c/ntf_mk_1/${index}?s=beef`, { skip: [unsubscribeUrl] }),
      'https://h.acme.test/o/ntf_mk_1?s=cafe',
    );
    const outcome = await transport.send(message({ notificationId: 'ntf_mk_1', purpose: 'marketing', unsubscribeUrl, html: signed }));
    assert.equal(outcome.kind, 'sent');
    const parsed = server.received.get('ntf_mk_1');
    assert.ok(parsed);
    assert.equal(rawHeader(parsed, 'List-Unsubscribe'), `<${unsubscribeUrl}>`);
    assert.equal(rawHeader(parsed, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.ok(typeof parsed.html === 'string');
    assert.ok(parsed.html.includes('href="https://h.acme.test/c/ntf_mk_1/0?s=beef"'), 'the review link is signed');
    assert.ok(parsed.html.includes(`href="${unsubscribeUrl}"`), 'the unsubscribe link is left direct');
    assert.ok(parsed.html.includes('<img src="https://h.acme.test/o/ntf_mk_1?s=cafe" alt="" width="1" height="1"'), 'the open pixel');
  });

  test('a message without html is sent as text only', async () => {
    assert.equal((await transport.send(message({ notificationId: 'ntf_text_1', html: null }))).kind, 'sent');
    const parsed = server.received.get('ntf_text_1');
    assert.equal(parsed?.text?.trim(), 'Hello Ada, your order #1001 has shipped.');
    assert.equal(parsed?.html, false);
  });

  test('characters a Message-ID cannot hold are percent-encoded, so the id stays deterministic', async () => {
    const outcome = await transport.send(message({ notificationId: 'store a/ntf 7', html: null }));
    assert.deepEqual(outcome, { kind: 'sent', providerMessageId: '<store%20a/ntf%207@acme.test>' });
    assert.equal(server.received.get('store a/ntf 7')?.messageId, '<store%20a/ntf%207@acme.test>');
  });

  test('a recipient rejected with 550 is a permanent failure carrying the server words', async () => {
    const outcome = await transport.send(message({ notificationId: 'ntf_gone', recipient: 'gone@customer.test' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /550.*Mailbox unavailable/);
    assert.equal(server.received.has('ntf_gone'), false);
  });

  test('a recipient deferred with 451 is temporary', async () => {
    const outcome = await transport.send(message({ notificationId: 'ntf_busy', recipient: 'busy@customer.test' }));
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', /451.*Mailbox busy/);
  });
});

describe('smtp transport with AUTH', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const transports: ChannelTransport[] = [];
  const connect = (user: string, pass: string): ChannelTransport => {
    const transport = createSmtpTransport(settings({ ...FROM, url: `smtp://${user}:${encodeURIComponent(pass)}@127.0.0.1:${server.port}` }));
    transports.push(transport);
    return transport;
  };

  before(async () => {
    server = await startServer({ credentials: { user: 'herald', pass: 's3cret/!' } });
  });
  after(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await server.stop();
  });

  test('the right user and pass from the url log in and send', async () => {
    assert.equal((await connect('herald', 's3cret/!').send(message({ notificationId: 'ntf_auth_ok' }))).kind, 'sent');
    assert.ok(server.received.has('ntf_auth_ok'));
  });

  test('refused credentials (535) are permanent and say to check them', async () => {
    const outcome = await connect('herald', 'wrong').send(message({ notificationId: 'ntf_auth_bad' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /535.*credentials invalid.*check the smtp user and pass/);
  });
});

test('an unreachable server (closed port) is temporary', async () => {
  const transport = createSmtpTransport(settings({ ...FROM, host: '127.0.0.1', port: await closedPort() }));
  try {
    const outcome = await transport.send(message());
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', /ECONNREFUSED|ECONNECTION|ESOCKET/);
  } finally {
    await transport.close();
  }
});

describe('smtp settings schema', () => {
  const failures = (input: Record<string, unknown>): { field: string; message: string }[] => {
    const result = smtpSettingsSchema.safeParse(input);
    assert.equal(result.success, false, `expected ${JSON.stringify(input)} to be refused`);
    return result.success ? [] : result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  };
  const assertNamed = (input: Record<string, unknown>, field: string, why: RegExp): void => {
    const found = failures(input);
    assert.ok(
      found.some((f) => f.field === field && f.message.includes(field) && why.test(f.message)),
      `expected a ${field} issue matching ${why}, got ${JSON.stringify(found)}`,
    );
  };

  test('accepts a url or a host, with or without credentials', () => {
    assert.equal(smtpSettingsSchema.safeParse({ ...FROM, url: 'smtps://u:p@smtp.acme.test' }).success, true);
    assert.equal(smtpSettingsSchema.safeParse({ from_address: 'orders@acme.test', host: 'localhost', port: 25 }).success, true);
  });

  test('each refusal names its field and why', () => {
    assertNamed({ host: 'smtp.acme.test' }, 'from_address', /required/);
    assertNamed({ host: 'smtp.acme.test', from_address: 'not-an-address' }, 'from_address', /email address/);
    assertNamed({ ...FROM, url: 'http://smtp.acme.test' }, 'url', /smtp:\/\/.*smtps:\/\//);
    assertNamed({ ...FROM, url: 'not a url' }, 'url', /smtp:\/\//);
    assertNamed({ ...FROM }, 'host', /host or url is required/);
    assertNamed({ ...FROM, host: 'a.test', url: 'smtp://b.test' }, 'url', /not both/);
    assertNamed({ ...FROM, host: 'a.test', port: 70000 }, 'port', /between 1 and 65535/);
    assertNamed({ ...FROM, host: 'a.test', user: 'u' }, 'pass', /required when user/);
    assertNamed({ ...FROM, host: 'a.test', message_id_domain: 'not a domain' }, 'message_id_domain', /domain name/);
  });

  test('a no-reply reply_to is refused, and a no-reply from_address needs a reply_to', () => {
    for (const address of ['noreply@acme.test', 'no-reply@acme.test', 'No_Reply@acme.test', 'donotreply@acme.test']) {
      assertNamed({ ...FROM, host: 'a.test', reply_to: address }, 'reply_to', /no-reply address.*monitored inbox/);
    }
    assertNamed({ host: 'a.test', from_address: 'no-reply@acme.test' }, 'reply_to', /required when from_address/);
    assert.equal(smtpSettingsSchema.safeParse({ host: 'a.test', from_address: 'no-reply@acme.test', reply_to: 'help@acme.test' }).success, true);
  });
});
