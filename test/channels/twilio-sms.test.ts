import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { TwilioSettings } from '../../src/adapters/channels/twilio-sms.ts';
import { createTwilioTransport, twilioSettingsSchema } from '../../src/adapters/channels/twilio-sms.ts';
import { parseTwilioInbound, parseTwilioStatusCallback, verifyTwilioSignature } from '../../src/adapters/channels/twilio-webhooks.ts';
import { classifySmsKeyword } from '../../src/core/channels/sms-keywords.ts';
import type { DeliveryReceipt, InboundMessage, OutgoingMessage } from '../../src/core/ports/channel.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import type { FakeSmsProvider } from '../support/fake-sms-provider.ts';
import { startFakeSmsProvider } from '../support/fake-sms-provider.ts';
import { outgoingMessage, unreachableUrl } from './provider-server.ts';

const FROM = '+15005550006';
const CALLBACK = 'https://herald.example.com/hooks/twilio/status';

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return outgoingMessage({ notificationId: 'ntf_01J9Z3', channel: 'sms', recipient: '+14155550123', text: 'Acme: order #1001 is out for delivery & arrives today 📦', ...overrides });
}

describe('Twilio transport against the fake Messages API', () => {
  let fake: FakeSmsProvider;
  let settings: TwilioSettings;

  before(async () => {
    fake = await startFakeSmsProvider();
    settings = twilioSettingsSchema.parse({ account_sid: fake.accountSid, auth_token: fake.authToken, from: FROM, base_url: fake.url, status_callback_url: CALLBACK });
  });
  after(() => fake.stop());

  test('describes itself as the non-idempotent twilio sms provider', () => {
    const transport = createTwilioTransport(settings);
    assert.deepEqual([transport.provider, transport.channel, transport.idempotent], ['twilio', 'sms', false]);
  });

  test('201 is sent with the SM sid, after a form POST with Basic auth and exactly the documented fields', async () => {
    const before = fake.requests.length;
    const outcome = await createTwilioTransport(settings).send(message());
    assert.equal(outcome.kind, 'sent');
    assert.match(outcome.kind === 'sent' ? (outcome.providerMessageId ?? '') : '', /^SM[0-9a-f]{32}$/);
    const request = fake.requests[before]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    const [scheme, credentials] = (request.headers.authorization ?? '').split(' ');
    assert.equal(scheme, 'Basic');
    assert.equal(Buffer.from(credentials ?? '', 'base64').toString(), `${fake.accountSid}:${fake.authToken}`);
    assert.deepEqual(request.form, { To: '+14155550123', From: FROM, Body: message().text, StatusCallback: CALLBACK });
  });

  test('a Messaging Service sends MessagingServiceSid instead of From', async () => {
    const service = twilioSettingsSchema.parse({ account_sid: fake.accountSid, auth_token: fake.authToken, messaging_service_sid: `MG${'a'.repeat(32)}`, base_url: `${fake.url}/` });
    const before = fake.requests.length;
    const outcome = await createTwilioTransport(service).send(message());
    assert.equal(outcome.kind, 'sent');
    assert.deepEqual(fake.requests[before]!.form, { To: '+14155550123', Body: message().text, MessagingServiceSid: `MG${'a'.repeat(32)}` });
  });

  test('400 for an invalid To is permanent and names Twilio error 21211', async () => {
    const outcome = await createTwilioTransport(settings).send(message({ recipient: '+1555' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /twilio answered 400 with error 21211: The 'To' number \+1555 is not a valid phone number/);
  });

  test('400 for an unsubscribed recipient (21610) is permanent and says how the customer opts back in', async () => {
    fake.script({ kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' }, { to: '+14155550610' });
    const outcome = await createTwilioTransport(settings).send(message({ recipient: '+14155550610' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /21610: Attempt to send to unsubscribed recipient.*reply START/);
  });

  test('400 for a landline (21614) is permanent', async () => {
    fake.script({ kind: 'error', status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    const outcome = await createTwilioTransport(settings).send(message());
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /error 21614/);
  });

  test('429 with Retry-After: 7 is temporary, retry after 7000 ms', async () => {
    fake.script({ kind: 'rate_limited', retryAfter: '7' });
    const outcome = await createTwilioTransport(settings).send(message());
    assert.deepEqual(outcome.kind === 'temporary' && { kind: outcome.kind, retryAfterMs: outcome.retryAfterMs }, { kind: 'temporary', retryAfterMs: 7000 });
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', /429 with error 20429/);
  });

  test('429 with Retry-After as an HTTP date waits until that date by the clock', async () => {
    const clock = createFakeClock();
    fake.script({ kind: 'rate_limited', retryAfter: new Date(clock.nowMs() + 90_000).toUTCString() });
    const outcome = await createTwilioTransport(settings, { clock }).send(message());
    assert.equal(outcome.kind === 'temporary' ? outcome.retryAfterMs : 'not temporary', 90_000);
  });

  test('429 with an unreadable Retry-After is temporary with no delay given', async () => {
    fake.script({ kind: 'rate_limited', retryAfter: 'soon' });
    const outcome = await createTwilioTransport(settings).send(message());
    assert.equal(outcome.kind === 'temporary' ? outcome.retryAfterMs : 'not temporary', null);
  });

  test('500 is temporary', async () => {
    fake.script({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
    const outcome = await createTwilioTransport(settings).send(message());
    assert.deepEqual(outcome, {
      kind: 'temporary',
      reason: 'twilio answered 500 with error 20500: Internal Server Error (https://www.twilio.com/docs/errors/20500)',
      retryAfterMs: null,
    });
  });

  test('no answer within the timeout is temporary', async () => {
    fake.script({ kind: 'hang' });
    const outcome = await createTwilioTransport(settings, { timeoutMs: 200 }).send(message());
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', /did not answer within 200 ms/);
  });

  test('an unreachable API is temporary', async () => {
    const origin = await unreachableUrl();
    const outcome = await createTwilioTransport({ ...settings, base_url: origin }).send(message());
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', new RegExp(`twilio at ${origin} unreachable`));
  });

  test('401 for a wrong auth token is permanent and points at the credentials', async () => {
    const outcome = await createTwilioTransport({ ...settings, auth_token: 'wrong' }).send(message());
    assert.equal(outcome.kind, 'permanent');
    const reason = outcome.kind === 'permanent' ? outcome.reason : '';
    assert.match(reason, /401 with error 20003: Authenticate.*check account_sid and auth_token/);
    assert.doesNotMatch(reason, new RegExp(fake.authToken));
  });

  test('403 and 404 are permanent', async () => {
    fake.script({ kind: 'error', status: 403, code: 20003, message: 'Permission Denied' });
    fake.script({ kind: 'error', status: 404, code: 20404, message: 'The requested resource was not found' });
    const transport = createTwilioTransport(settings);
    assert.equal((await transport.send(message())).kind, 'permanent');
    assert.equal((await transport.send(message())).kind, 'permanent');
  });
});

describe('Twilio transport on answers the fake does not give', () => {
  const settings = twilioSettingsSchema.parse({ account_sid: `AC${'0'.repeat(32)}`, auth_token: 't', from: FROM });
  const answering = (response: () => Response): typeof fetch => () => Promise.resolve(response());

  test('a 502 HTML page from a proxy is temporary and quotes the body', async () => {
    const outcome = await createTwilioTransport(settings, { fetch: answering(() => new Response('<h1>Bad Gateway</h1>', { status: 502 })) }).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: 'twilio answered 502: <h1>Bad Gateway</h1>', retryAfterMs: null });
  });

  test('a 201 without a sid is still sent, with no provider id', async () => {
    const outcome = await createTwilioTransport(settings, { fetch: answering(() => new Response('{}', { status: 201 })) }).send(message());
    assert.deepEqual(outcome, { kind: 'sent', providerMessageId: null });
  });

  test('a fetch that throws becomes temporary instead of escaping', async () => {
    const outcome = await createTwilioTransport(settings, { fetch: () => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.twilio.com') })) }).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: 'twilio at https://api.twilio.com unreachable: getaddrinfo ENOTFOUND api.twilio.com', retryAfterMs: null });
  });

  test('posts to the default base URL', async () => {
    let called = '';
    const capture: typeof fetch = (input) => {
      called = String(input);
      return Promise.resolve(new Response('{"sid":"SMx"}', { status: 201 }));
    };
    assert.deepEqual(await createTwilioTransport(settings, { fetch: capture }).send(message()), { kind: 'sent', providerMessageId: 'SMx' });
    assert.equal(called, `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Messages.json`);
  });
});

describe('verifyTwilioSignature', () => {
  // The worked example in Twilio's "Webhooks security" guide.
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
  const published = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
  const sign = (signedUrl: string): string =>
    createHmac('sha1', token)
      .update(signedUrl + Object.keys(params).sort().map((name) => name + params[name as keyof typeof params]).join(''))
      .digest('base64');

  test("accepts Twilio's published example", () => {
    assert.equal(verifyTwilioSignature(token, url, params, published), true);
  });

  test("accepts the older example in twilio-php's validation docs (other caller numbers)", () => {
    const older = { ...params, Caller: '+14158675309', From: '+14158675309' };
    assert.equal(verifyTwilioSignature(token, url, older, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), true);
  });

  test('accepts the parameters in any order', () => {
    const shuffled = { To: params.To, Digits: params.Digits, CallSid: params.CallSid, From: params.From, Caller: params.Caller };
    assert.equal(verifyTwilioSignature(token, url, shuffled, published), true);
  });

  // [case, token, url, params, header]
  const rejections: [string, string, string, Record<string, string>, string | undefined][] = [
    ['a tampered parameter', token, url, { ...params, Digits: '9999' }, published],
    ['an added parameter', token, url, { ...params, Extra: '' }, published],
    ['a dropped parameter', token, url, { CallSid: params.CallSid, Caller: params.Caller, Digits: params.Digits, From: params.From }, published],
    ['a different query', token, 'https://mycompany.com/myapp.php?foo=1&bar=3', params, published],
    ['http instead of https', token, 'http://mycompany.com/myapp.php?foo=1&bar=2', params, published],
    ['another host', token, 'https://evil.example/myapp.php?foo=1&bar=2', params, published],
    ['another auth token', '54321', url, params, published],
    ['a missing header', token, url, params, undefined],
    ['an empty header', token, url, params, ''],
    ['a truncated signature', token, url, params, published.slice(0, -1)],
    ['a signature of other bytes', token, url, params, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ];
  for (const [name, key, signedUrl, signedParams, header] of rejections) {
    test(`rejects ${name}`, () => {
      assert.equal(verifyTwilioSignature(key, signedUrl, signedParams, header), false);
    });
  }

  test('accepts a signature made over the URL with the default port, and the reverse', () => {
    assert.equal(verifyTwilioSignature(token, url, params, sign('https://mycompany.com:443/myapp.php?foo=1&bar=2')), true);
    assert.equal(verifyTwilioSignature(token, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params, published), true);
  });

  test('does not treat a non-default port as optional', () => {
    assert.equal(verifyTwilioSignature(token, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', params, published), false);
  });
});

describe('a status callback from the fake, end to end', () => {
  let fake: FakeSmsProvider;
  let receiver: Server;
  let receiverUrl = '';
  const received: { verified: boolean; receipt: DeliveryReceipt | null }[] = [];

  before(async () => {
    fake = await startFakeSmsProvider();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        const header = req.headers['x-twilio-signature'];
        const verified = verifyTwilioSignature(fake.authToken, receiverUrl, params, typeof header === 'string' ? header : undefined);
        received.push({ verified, receipt: verified ? parseTwilioStatusCallback(params) : null });
        res.writeHead(verified ? 204 : 403).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/twilio/status?store=acme`;
  });
  after(async () => {
    await fake.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('a signed "undelivered" callback verifies and parses to a failed receipt with the error code', async () => {
    const sid = `SM${'b'.repeat(32)}`;
    const answer = await fake.sendStatusCallback(receiverUrl, { MessageSid: sid, SmsSid: sid, MessageStatus: 'undelivered', SmsStatus: 'undelivered', ErrorCode: '30003', From: FROM, To: '+14155550123' });
    assert.equal(answer.status, 204);
    assert.deepEqual(received.at(-1), {
      verified: true,
      receipt: { providerMessageId: sid, status: 'failed', at: null, reason: 'undelivered: Twilio error 30003 (https://www.twilio.com/docs/api/errors/30003)' },
    });
  });

  test('the same callback signed for another URL is refused', async () => {
    const answer = await fake.sendStatusCallback(receiverUrl.replace('store=acme', 'store=evil'), { MessageSid: 'SM1', MessageStatus: 'delivered' });
    assert.equal(answer.status, 403);
    assert.equal(received.at(-1)?.verified, false);
  });
});

describe('parseTwilioStatusCallback', () => {
  const sid = `SM${'c'.repeat(32)}`;
  const base = { AccountSid: `AC${'0'.repeat(32)}`, ApiVersion: '2010-04-01', From: FROM, To: '+14155550123', MessageSid: sid, SmsSid: sid };
  const receipt = (status: DeliveryReceipt['status'], reason: string | null = null): DeliveryReceipt => ({ providerMessageId: sid, status, at: null, reason });

  // [case, params, expected]
  const cases: [string, Record<string, string>, DeliveryReceipt | null][] = [
    ['delivered', { ...base, MessageStatus: 'delivered', SmsStatus: 'delivered' }, receipt('delivered')],
    ['sent', { ...base, MessageStatus: 'sent', SmsStatus: 'sent' }, receipt('sent')],
    ['undelivered with an ErrorCode', { ...base, MessageStatus: 'undelivered', ErrorCode: '30005' }, receipt('failed', 'undelivered: Twilio error 30005 (https://www.twilio.com/docs/api/errors/30005)')],
    ['failed with an ErrorCode', { ...base, MessageStatus: 'failed', ErrorCode: '30007' }, receipt('failed', 'failed: Twilio error 30007 (https://www.twilio.com/docs/api/errors/30007)')],
    ['failed without an ErrorCode', { ...base, MessageStatus: 'failed' }, receipt('failed', 'failed')],
    ['a status in capitals', { ...base, MessageStatus: 'DELIVERED' }, receipt('delivered')],
    ['the legacy SmsSid and SmsStatus only', { SmsSid: sid, SmsStatus: 'delivered' }, receipt('delivered')],
    ['queued is progress, not a receipt', { ...base, MessageStatus: 'queued' }, null],
    ['accepted is progress, not a receipt', { ...base, MessageStatus: 'accepted' }, null],
    ['sending is progress, not a receipt', { ...base, MessageStatus: 'sending' }, null],
    ['scheduled is progress, not a receipt', { ...base, MessageStatus: 'scheduled' }, null],
    ['an unknown status', { ...base, MessageStatus: 'exploded' }, null],
    ['a status named like an Object property', { ...base, MessageStatus: 'constructor' }, null],
    ['no MessageSid', { MessageStatus: 'delivered' }, null],
    ['an empty MessageSid', { MessageSid: '', MessageStatus: 'delivered' }, null],
    ['no status', { ...base }, null],
    ['an inbound message', { ...base, SmsStatus: 'received', Body: 'STOP' }, null],
  ];
  for (const [name, params, expected] of cases) {
    test(`parses ${name}`, () => {
      assert.deepEqual(parseTwilioStatusCallback(params), expected);
    });
  }
});

describe('parseTwilioInbound', () => {
  const sid = `SM${'d'.repeat(32)}`;
  // The parameters Twilio documents for an incoming message webhook.
  const inbound = {
    ToCountry: 'US', ToState: 'CA', SmsMessageSid: sid, NumMedia: '0', ToCity: 'SAN FRANCISCO', FromZip: '94105', SmsSid: sid, FromState: 'CA',
    SmsStatus: 'received', FromCity: 'SAN FRANCISCO', Body: 'Stop', FromCountry: 'US', To: FROM, MessagingServiceSid: `MG${'e'.repeat(32)}`, ToZip: '94105',
    NumSegments: '1', MessageSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: '+14155550123', ApiVersion: '2010-04-01',
  };

  // [case, params, expected]
  const cases: [string, Record<string, string>, InboundMessage | null][] = [
    ['an SMS reply', inbound, { channel: 'sms', from: '+14155550123', text: 'Stop', providerMessageId: sid }],
    ['a WhatsApp reply', { ...inbound, From: 'whatsapp:+14155550123', To: `whatsapp:${FROM}` }, { channel: 'whatsapp', from: '+14155550123', text: 'Stop', providerMessageId: sid }],
    ['an MMS with no text', { ...inbound, Body: '', NumMedia: '1' }, { channel: 'sms', from: '+14155550123', text: '', providerMessageId: sid }],
    ['a multi-line body, untrimmed', { ...inbound, Body: ' where is\nmy parcel? ' }, { channel: 'sms', from: '+14155550123', text: ' where is\nmy parcel? ', providerMessageId: sid }],
    ['no Body', { MessageSid: sid, From: '+14155550123', To: FROM }, null],
    ['no From', { MessageSid: sid, Body: 'hi', To: FROM }, null],
    ['no MessageSid', { From: '+14155550123', Body: 'hi', To: FROM }, null],
    ['a status callback', { MessageSid: sid, MessageStatus: 'delivered', SmsStatus: 'delivered', From: FROM, To: '+14155550123', Body: 'x' }, null],
    ['a Messenger sender', { ...inbound, From: 'messenger:123456' }, null],
    ['an empty WhatsApp sender', { ...inbound, From: 'whatsapp:' }, null],
  ];
  for (const [name, params, expected] of cases) {
    test(`parses ${name}`, () => {
      assert.deepEqual(parseTwilioInbound(params), expected);
    });
  }

  test('an inbound "Stop" reads as an opt-out keyword', () => {
    assert.equal(classifySmsKeyword(parseTwilioInbound(inbound)?.text ?? ''), 'opt_out');
  });
});

describe('twilioSettingsSchema', () => {
  const valid = { account_sid: `AC${'f'.repeat(32)}`, auth_token: 'secret', from: FROM };
  const issues = (input: unknown): string[] => {
    const result = twilioSettingsSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  test('accepts a sender number and fills in the Twilio API origin', () => {
    assert.deepEqual(twilioSettingsSchema.parse(valid), { ...valid, base_url: 'https://api.twilio.com' });
  });

  // [case, input, expected issue (field: words)]
  const rejections: [string, Record<string, unknown>, RegExp][] = [
    ['a short account SID', { ...valid, account_sid: 'AC123' }, /^account_sid: must be a Twilio Account SID/],
    ['an API key SID as account SID', { ...valid, account_sid: `SK${'f'.repeat(32)}` }, /^account_sid: /],
    ['a missing account SID', { auth_token: 'secret', from: FROM }, /^account_sid: /],
    ['an empty auth token', { ...valid, auth_token: '' }, /^auth_token: must be the Auth Token/],
    ['a national-format sender', { ...valid, from: '4155550100' }, /^from: must be an E.164 phone number/],
    ['no sender at all', { account_sid: valid.account_sid, auth_token: 'secret' }, /^from: set from .* or messaging_service_sid/],
    ['a malformed Messaging Service SID', { ...valid, messaging_service_sid: 'MG12' }, /^messaging_service_sid: must be a Messaging Service SID/],
    ['a base URL that is not http(s)', { ...valid, base_url: 'ftp://api.twilio.com' }, /^base_url: must be an http\(s\) URL/],
    ['a status callback that is not a URL', { ...valid, status_callback_url: 'hooks/twilio' }, /^status_callback_url: must be an http\(s\) URL/],
    ['a misspelt key', { ...valid, auth_tokn: 'secret' }, /auth_tokn/],
  ];
  for (const [name, input, expected] of rejections) {
    test(`refuses ${name}, naming the field`, () => {
      const found = issues(input);
      assert.ok(found.some((issue) => expected.test(issue)), `expected ${expected} in ${JSON.stringify(found)}`);
    });
  }
});
