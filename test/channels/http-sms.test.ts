import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HttpSmsSettings } from '../../src/adapters/channels/http-sms.ts';
import { createHttpSmsTransport, httpSmsSettingsSchema } from '../../src/adapters/channels/http-sms.ts';
import type { OutgoingMessage } from '../../src/core/ports/channel.ts';
import type { FakeSmsProvider } from '../support/fake-sms-provider.ts';
import { startFakeSmsProvider } from '../support/fake-sms-provider.ts';
import { outgoingMessage, unreachableUrl } from './provider-server.ts';

const API_KEY = { name: 'X-Api-Key', value: 'key_live_42' };

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return outgoingMessage({ notificationId: 'ntf_01J9Z4', channel: 'sms', recipient: '+447700900123', text: 'Acme: order #1001 has shipped', ...overrides });
}

describe('http-sms transport against the fake provider', () => {
  let fake: FakeSmsProvider;
  let settings: HttpSmsSettings;

  before(async () => {
    fake = await startFakeSmsProvider({ httpSmsAuth: API_KEY });
    settings = httpSmsSettingsSchema.parse({ url: fake.httpSmsUrl, auth_header: API_KEY.name, auth_value: API_KEY.value, from: 'ACME' });
  });
  after(() => fake.stop());

  test('describes itself as http-sms on sms, idempotent only when the provider deduplicates', () => {
    const plain = createHttpSmsTransport(settings);
    assert.deepEqual([plain.provider, plain.channel, plain.idempotent], ['http-sms', 'sms', false]);
    assert.equal(createHttpSmsTransport({ ...settings, deduplicates: true }).idempotent, true);
  });

  test('a 2xx is sent with the message_id, after a JSON POST carrying the idempotency key and credential', async () => {
    const before = fake.requests.length;
    const outcome = await createHttpSmsTransport(settings).send(message());
    assert.equal(outcome.kind, 'sent');
    assert.match(outcome.kind === 'sent' ? (outcome.providerMessageId ?? '') : '', /^msg_[0-9a-f]{16}$/);
    const request = fake.requests[before]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], 'ntf_01J9Z4');
    assert.equal(request.headers['x-api-key'], 'key_live_42');
    assert.deepEqual(request.json, { id: 'ntf_01J9Z4', to: '+447700900123', from: 'ACME', text: 'Acme: order #1001 has shipped', segments: 1, encoding: 'GSM-7' });
  });

  test('reports the UCS-2 encoding and segment count of a long text with an emoji', async () => {
    const before = fake.requests.length;
    const text = `${'Your parcel is on its way. '.repeat(3)}📦`;
    await createHttpSmsTransport(settings).send(message({ text }));
    assert.deepEqual(fake.requests[before]!.json, { id: 'ntf_01J9Z4', to: '+447700900123', from: 'ACME', text, segments: 2, encoding: 'UCS-2' });
  });

  test('sends from as null when no sender is configured', async () => {
    const before = fake.requests.length;
    const { from: _from, ...withoutFrom } = settings;
    await createHttpSmsTransport(withoutFrom).send(message());
    assert.equal((fake.requests[before]!.json as Record<string, unknown>)['from'], null);
  });

  test('a repeated notification gets the same provider id from a deduplicating provider', async () => {
    const transport = createHttpSmsTransport({ ...settings, deduplicates: true });
    const first = await transport.send(message({ notificationId: 'ntf_repeat' }));
    const second = await transport.send(message({ notificationId: 'ntf_repeat' }));
    assert.equal(first.kind, 'sent');
    assert.deepEqual(second, first);
  });

  test('401 for a wrong credential is permanent and quotes the provider', async () => {
    const outcome = await createHttpSmsTransport({ ...settings, auth_value: 'wrong' }).send(message());
    assert.deepEqual(outcome, { kind: 'permanent', reason: `http-sms provider at ${fake.url} answered 401: bad credentials` });
  });

  test('400 is permanent with the provider error message', async () => {
    fake.script({ kind: 'error', status: 400, code: 21211, message: 'invalid destination number' }, { to: '+15550000000' });
    const outcome = await createHttpSmsTransport(settings).send(message({ recipient: '+15550000000' }));
    assert.deepEqual(outcome, { kind: 'permanent', reason: `http-sms provider at ${fake.url} answered 400: invalid destination number` });
  });

  test('422 for a missing recipient is permanent', async () => {
    const outcome = await createHttpSmsTransport(settings).send(message({ recipient: '' }));
    assert.equal(outcome.kind, 'permanent');
  });

  test('429 with Retry-After: 7 is temporary, retry after 7000 ms', async () => {
    fake.script({ kind: 'rate_limited', retryAfter: '7' });
    const outcome = await createHttpSmsTransport(settings).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: `http-sms provider at ${fake.url} answered 429: slow down`, retryAfterMs: 7000 });
  });

  test('500 is temporary', async () => {
    fake.script({ kind: 'error', status: 500, code: 500, message: 'database down' });
    const outcome = await createHttpSmsTransport(settings).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: `http-sms provider at ${fake.url} answered 500: database down`, retryAfterMs: null });
  });

  test('no answer within the timeout is temporary', async () => {
    fake.script({ kind: 'hang' });
    const outcome = await createHttpSmsTransport(settings, { timeoutMs: 200 }).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: `http-sms provider at ${fake.url} did not answer within 200 ms`, retryAfterMs: null });
  });

  test('an unreachable provider is temporary', async () => {
    const origin = await unreachableUrl();
    const outcome = await createHttpSmsTransport({ ...settings, url: `${origin}/sms` }).send(message());
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', new RegExp(`at ${origin} unreachable: .*ECONNREFUSED`));
  });
});

describe('http-sms transport on answers the fake does not give', () => {
  const settings = httpSmsSettingsSchema.parse({ url: 'https://sms.example.com/v1/messages' });
  const answering = (response: () => Response): typeof fetch => () => Promise.resolve(response());

  // [case, response, expected provider id]
  const ids: [string, () => Response, string | null][] = [
    ['a string id', () => Response.json({ id: 'abc' }), 'abc'],
    ['a numeric id', () => Response.json({ id: 123 }, { status: 202 }), '123'],
    ['id preferred over message_id', () => Response.json({ id: 'a', message_id: 'b' }), 'a'],
    ['no id', () => Response.json({ ok: true }), null],
    ['an empty body', () => new Response(null, { status: 204 }), null],
  ];
  for (const [name, response, expected] of ids) {
    test(`a 2xx with ${name} is sent`, async () => {
      assert.deepEqual(await createHttpSmsTransport(settings, { fetch: answering(response) }).send(message()), { kind: 'sent', providerMessageId: expected });
    });
  }

  test('a 503 with a text body is temporary and quotes the body', async () => {
    const outcome = await createHttpSmsTransport(settings, { fetch: answering(() => new Response('maintenance', { status: 503 })) }).send(message());
    assert.deepEqual(outcome, { kind: 'temporary', reason: 'http-sms provider at https://sms.example.com answered 503: maintenance', retryAfterMs: null });
  });

  test('a redirect is permanent: the URL is wrong', async () => {
    const outcome = await createHttpSmsTransport(settings, { fetch: answering(() => new Response(null, { status: 301, headers: { location: 'https://elsewhere.example' } })) }).send(message());
    assert.deepEqual(outcome, { kind: 'permanent', reason: 'http-sms provider at https://sms.example.com answered 301: no body' });
  });

  test('sends no credential header when none is configured', async () => {
    let headers: Headers | undefined;
    const capture: typeof fetch = (_input, init) => {
      headers = new Headers(init?.headers);
      return Promise.resolve(Response.json({ id: 'x' }));
    };
    await createHttpSmsTransport(settings, { fetch: capture }).send(message());
    assert.deepEqual([...(headers?.keys() ?? [])].sort(), ['accept', 'content-type', 'idempotency-key', 'user-agent']);
  });
});

describe('httpSmsSettingsSchema', () => {
  const valid = { url: 'https://sms.example.com/v1/messages' };
  const issues = (input: unknown): string[] => {
    const result = httpSmsSettingsSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  test('accepts a bare URL and does not assume deduplication', () => {
    assert.deepEqual(httpSmsSettingsSchema.parse(valid), { ...valid, deduplicates: false });
  });

  // [case, input, expected issue (field: words)]
  const rejections: [string, Record<string, unknown>, RegExp][] = [
    ['a missing URL', {}, /^url: /],
    ['a URL that is not http(s)', { url: 'mailto:sms@example.com' }, /^url: must be an http\(s\) URL/],
    ['a header name with a space', { ...valid, auth_header: 'Api Key', auth_value: 'k' }, /^auth_header: must be an HTTP header name/],
    ['a header name without a value', { ...valid, auth_header: 'Authorization' }, /^auth_value: auth_header and auth_value go together/],
    ['a value without a header name', { ...valid, auth_value: 'Bearer x' }, /^auth_value: auth_header and auth_value go together/],
    ['deduplicates as a string', { ...valid, deduplicates: 'yes' }, /^deduplicates: /],
    ['a misspelt key', { ...valid, dedupe: true }, /dedupe/],
  ];
  for (const [name, input, expected] of rejections) {
    test(`refuses ${name}, naming the field`, () => {
      const found = issues(input);
      assert.ok(found.some((issue) => expected.test(issue)), `expected ${expected} in ${JSON.stringify(found)}`);
    });
  }
});
