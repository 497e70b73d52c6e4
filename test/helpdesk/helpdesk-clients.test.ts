// Help desk clients against stand-ins on 127.0.0.1 that check paths, credentials and bodies the way
// each API does and answer in its wire format, including its error answers: 2xx ok, 429 and 5xx
// temporary (with Retry-After), other 4xx permanent, no answer temporary. Nothing ever throws.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createFreshdeskClient,
  createGorgiasClient,
  createHelpdeskClient,
  createZendeskClient,
  freshdeskClientSettingsSchema,
  gorgiasClientSettingsSchema,
  zendeskClientSettingsSchema,
} from '../../src/adapters/helpdesk/index.ts';
import type { HelpdeskClient } from '../../src/core/ports/helpdesk.ts';
import { startProviderServer, unreachableUrl, type ProviderReply, type ProviderServer, type ReceivedRequest } from '../channels/provider-server.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const fixedClock = { nowMs: () => Date.UTC(2026, 10, 20, 14, 3, 0) };

/** Answers 401 in the API's format unless the Authorization header is exactly `expected`. */
function guarded(expected: string, unauthorized: object, route: (request: ReceivedRequest) => ProviderReply): (request: ReceivedRequest) => ProviderReply {
  return (request) => (request.headers['authorization'] === expected ? route(request) : { status: 401, body: unauthorized });
}

describe('Zendesk client', () => {
  const auth = basic('agent@acme.example/token', 'zd_token_123');
  let server: ProviderServer;
  let client: HelpdeskClient;

  before(async () => {
    server = await startProviderServer(
      guarded(auth, { error: 'Couldn\u2019t authenticate you' }, (request) => {
        if (request.path === '/api/v2/tickets/4721.json' && request.method === 'PUT') return { status: 200, body: { ticket: { id: 4721 }, audit: { id: 1 } } };
        if (request.path === '/api/v2/tickets/4721/tags.json' && request.method === 'PUT') return { status: 200, body: { tags: ['vip', 'herald_answered'] } };
        if (request.path === '/api/v2/tickets/404.json') return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
        if (request.path === '/api/v2/tickets/429.json') return { status: 429, headers: { 'retry-after': '37' }, body: { error: 'TooManyRequests', description: 'Rate limit exceeded' } };
        if (request.path === '/api/v2/tickets/503.json') return { status: 503, body: 'Service Unavailable' };
        if (request.path === '/api/v2/tickets/422.json') return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Comment body required' }] } } };
        if (request.path === '/api/v2/tickets/409.json') return { status: 409, body: { error: 'Conflict', description: 'The ticket was updated by someone else' } };
        return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
      }),
    );
    client = createZendeskClient(zendeskClientSettingsSchema.parse({ base_url: server.baseUrl, email: 'agent@acme.example', api_token: 'zd_token_123' }), { clock: fixedClock });
  });
  after(() => server.close());

  test('a public reply is a public comment in a ticket update, authenticated with email/token', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.reply('4721', 'Your parcel is out for delivery today.', { public: true }), { ok: true });
    const request = server.requests[before]!;
    assert.equal(request.method, 'PUT');
    assert.equal(request.path, '/api/v2/tickets/4721.json');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.json, { ticket: { comment: { body: 'Your parcel is out for delivery today.', public: true } } });
  });

  test('a note and a private reply are private comments', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.note('4721', 'Herald: intent where_is_my_order'), { ok: true });
    assert.deepEqual(await client.reply('4721', 'internal', { public: false }), { ok: true });
    assert.deepEqual(server.requests[before]!.json, { ticket: { comment: { body: 'Herald: intent where_is_my_order', public: false } } });
    assert.deepEqual(server.requests[before + 1]!.json, { ticket: { comment: { body: 'internal', public: false } } });
  });

  test('tags are added through PUT on the tags endpoint; no tags means no call', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.tag('4721', ['herald_answered']), { ok: true });
    assert.equal(server.requests[before]!.path, '/api/v2/tickets/4721/tags.json');
    assert.equal(server.requests[before]!.method, 'PUT');
    assert.deepEqual(server.requests[before]!.json, { tags: ['herald_answered'] });
    assert.deepEqual(await client.tag('4721', []), { ok: true });
    assert.equal(server.requests.length, before + 1);
  });

  test('404 and 422 are permanent with the API words; 429 is temporary after Retry-After; 409 and 503 are temporary', async () => {
    assert.deepEqual(await client.reply('404', 'x', { public: true }), {
      ok: false,
      temporary: false,
      reason: 'Zendesk answered 404 to PUT /api/v2/tickets/404.json: RecordNotFound: Not found',
      retryAfterMs: null,
    });
    const invalid = await client.reply('422', '', { public: true });
    assert.equal(invalid.ok, false);
    assert.equal(!invalid.ok && invalid.temporary, false);
    assert.match(!invalid.ok ? invalid.reason : '', /422 .*RecordInvalid: Record validation errors/);
    assert.deepEqual(await client.note('429', 'x'), {
      ok: false,
      temporary: true,
      reason: 'Zendesk answered 429 to PUT /api/v2/tickets/429.json: TooManyRequests: Rate limit exceeded',
      retryAfterMs: 37_000,
    });
    const conflict = await client.note('409', 'x');
    assert.equal(!conflict.ok && conflict.temporary, true);
    const outage = await client.note('503', 'x');
    assert.deepEqual(outage, { ok: false, temporary: true, reason: 'Zendesk answered 503 to PUT /api/v2/tickets/503.json: Service Unavailable', retryAfterMs: null });
  });

  test('a wrong API token is a permanent 401; a non-numeric ticket id never leaves Herald', async () => {
    const wrong = createZendeskClient({ base_url: server.baseUrl, email: 'agent@acme.example', api_token: 'revoked' });
    const outcome = await wrong.reply('4721', 'x', { public: true });
    assert.equal(!outcome.ok && outcome.temporary, false);
    assert.match(!outcome.ok ? outcome.reason : '', /401 .*authenticate/);
    const before = server.requests.length;
    const traversal = await client.reply('../users/1', 'x', { public: true });
    assert.deepEqual(traversal, { ok: false, temporary: false, reason: 'Zendesk ticket id must be digits (got "../users/1")', retryAfterMs: null });
    assert.equal(server.requests.length, before);
  });
});

describe('Gorgias client', () => {
  const auth = basic('bot@acme.example', 'gorgias_key_456');
  const ticket = {
    id: 28455512,
    subject: 'Where is my order #1042?',
    channel: 'email',
    customer: { id: 5120394, email: 'jane.doe@example.com', name: 'Jane Doe' },
    messages: [
      { id: 1, channel: 'email', from_agent: false, integration_id: 881, source: { type: 'email', from: { name: 'Jane Doe', address: 'jane.doe@example.com' }, to: [{ name: 'Acme Support', address: 'support@acme.example' }] } },
      { id: 2, channel: 'email', from_agent: true, source: { type: 'email', from: { address: 'support@acme.example' }, to: [{ address: 'jane.doe@example.com' }] } },
      { id: 3, channel: 'internal-note', from_agent: false, source: { type: 'internal-note' } },
    ],
  };
  let server: ProviderServer;
  let client: HelpdeskClient;

  before(async () => {
    server = await startProviderServer(
      guarded(auth, { error: { msg: 'Unauthorized' } }, (request) => {
        if (request.path === '/api/tickets/28455512' && request.method === 'GET') return { status: 200, body: ticket };
        if (request.path === '/api/tickets/28455512/messages' && request.method === 'POST') return { status: 201, body: { id: 194871999, ticket_id: 28455512 } };
        if (request.path === '/api/tickets/28455512/tags' && request.method === 'POST') return { status: 201, body: {} };
        if (request.path === '/api/tickets/9/messages') return { status: 400, body: { error: { msg: 'Invalid data', data: { receiver: ['Missing data for required field.'] } } } };
        if (request.path === '/api/tickets/7') return { status: 200, body: { id: 7, customer: { id: 1 }, messages: [{ id: 5, channel: 'email', from_agent: true }] } };
        if (request.path === '/api/tickets/500') return { status: 500, body: { error: { msg: 'Internal error' } } };
        if (request.path === '/api/tickets/429/tags') return { status: 429, headers: { 'retry-after': 'Fri, 20 Nov 2026 14:03:30 GMT' }, body: { error: { msg: 'Too many requests' } } };
        return { status: 404, body: { error: { msg: 'Resource not found' } } };
      }),
    );
    client = createGorgiasClient(gorgiasClientSettingsSchema.parse({ base_url: server.baseUrl, email: 'bot@acme.example', api_key: 'gorgias_key_456' }), { clock: fixedClock });
  });
  after(() => server.close());

  test('a public reply reads the ticket, then answers along the customer\u2019s latest message', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.reply('28455512', 'It ships today.\nSam', { public: true }), { ok: true });
    assert.deepEqual(
      server.requests.slice(before).map((request) => `${request.method} ${request.path}`),
      ['GET /api/tickets/28455512', 'POST /api/tickets/28455512/messages'],
    );
    assert.deepEqual(server.requests[before + 1]!.json, {
      channel: 'email',
      via: 'api',
      from_agent: true,
      public: true,
      sender: { email: 'bot@acme.example' },
      receiver: { id: 5120394 },
      source: { type: 'email', from: { name: 'Acme Support', address: 'support@acme.example' }, to: [{ name: 'Jane Doe', address: 'jane.doe@example.com' }] },
      integration_id: 881,
      subject: 'Where is my order #1042?',
      body_text: 'It ships today.\nSam',
      body_html: 'It ships today.<br>Sam',
    });
  });

  test('a note is an internal-note message, with the text escaped in HTML', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.note('28455512', 'intent <wismo> & 1042'), { ok: true });
    assert.equal(server.requests.length, before + 1);
    assert.deepEqual(server.requests[before]!.json, {
      channel: 'internal-note',
      via: 'api',
      from_agent: true,
      public: false,
      sender: { email: 'bot@acme.example' },
      body_text: 'intent <wismo> & 1042',
      body_html: 'intent &lt;wismo&gt; &amp; 1042',
    });
  });

  test('tags are added by name', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.tag('28455512', ['herald', 'wismo']), { ok: true });
    assert.equal(server.requests[before]!.method, 'POST');
    assert.deepEqual(server.requests[before]!.json, { names: ['herald', 'wismo'] });
  });

  test('a ticket without a customer message, a 400 and a 404 are permanent; 500 and 429 (HTTP date) are temporary', async () => {
    assert.deepEqual(await client.reply('7', 'x', { public: true }), { ok: false, temporary: false, reason: 'Gorgias ticket 7 has no customer message to answer', retryAfterMs: null });
    const invalid = await client.note('9', 'x');
    assert.deepEqual(invalid, {
      ok: false,
      temporary: false,
      reason: 'Gorgias answered 400 to POST /api/tickets/9/messages: Invalid data {"receiver":["Missing data for required field."]}',
      retryAfterMs: null,
    });
    const missing = await client.reply('404', 'x', { public: true });
    assert.equal(!missing.ok && missing.temporary, false);
    assert.deepEqual(await client.reply('500', 'x', { public: true }), { ok: false, temporary: true, reason: 'Gorgias answered 500 to GET /api/tickets/500: Internal error', retryAfterMs: null });
    assert.deepEqual(await client.tag('429', ['x']), { ok: false, temporary: true, reason: 'Gorgias answered 429 to POST /api/tickets/429/tags: Too many requests', retryAfterMs: 30_000 });
  });

  test('wrong credentials are a permanent 401', async () => {
    const wrong = createGorgiasClient({ base_url: server.baseUrl, email: 'bot@acme.example', api_key: 'old' });
    const outcome = await wrong.note('28455512', 'x');
    assert.deepEqual(outcome, { ok: false, temporary: false, reason: 'Gorgias answered 401 to POST /api/tickets/28455512/messages: Unauthorized', retryAfterMs: null });
  });
});

describe('Freshdesk client', () => {
  const auth = basic('fd_api_key_789', 'X');
  let server: ProviderServer;
  let client: HelpdeskClient;
  let tags: string[];

  before(async () => {
    tags = ['address'];
    server = await startProviderServer(
      guarded(auth, { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' }, (request) => {
        if (request.path === '/api/v2/tickets/918/reply' && request.method === 'POST') return { status: 201, body: { id: 7001, ticket_id: 918, body: (request.json as { body: string }).body } };
        if (request.path === '/api/v2/tickets/918/notes' && request.method === 'POST') return { status: 201, body: { id: 7002, ticket_id: 918, private: true } };
        if (request.path === '/api/v2/tickets/918' && request.method === 'GET') return { status: 200, body: { id: 918, tags } };
        if (request.path === '/api/v2/tickets/918' && request.method === 'PUT') {
          tags = (request.json as { tags: string[] }).tags;
          return { status: 200, body: { id: 918, tags } };
        }
        if (request.path === '/api/v2/tickets/5/reply') return { status: 400, body: { description: 'Validation failed', errors: [{ field: 'body', message: 'It should not be blank', code: 'missing_field' }] } };
        if (request.path === '/api/v2/tickets/6/notes') return { status: 429, headers: { 'retry-after': '12' }, body: { code: 'rate_limit', message: 'Rate limit exceeded' } };
        if (request.path === '/api/v2/tickets/7/reply') return { hang: true };
        return { status: 404, body: '' };
      }),
    );
    client = createFreshdeskClient(freshdeskClientSettingsSchema.parse({ base_url: server.baseUrl, api_key: 'fd_api_key_789' }), { clock: fixedClock, timeoutMs: 200 });
  });
  after(() => server.close());

  test('a public reply is POST /reply with an HTML body; a private one and a note are private notes', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.reply('918', 'Done: 12 MG Road.\nThanks!', { public: true }), { ok: true });
    assert.deepEqual(await client.reply('918', 'checked', { public: false }), { ok: true });
    assert.deepEqual(await client.note('918', 'a & b'), { ok: true });
    const sent = server.requests.slice(before);
    assert.deepEqual(sent.map((request) => `${request.method} ${request.path}`), ['POST /api/v2/tickets/918/reply', 'POST /api/v2/tickets/918/notes', 'POST /api/v2/tickets/918/notes']);
    assert.deepEqual(sent[0]!.json, { body: 'Done: 12 MG Road.<br>Thanks!' });
    assert.deepEqual(sent[1]!.json, { body: 'checked', private: true });
    assert.deepEqual(sent[2]!.json, { body: 'a &amp; b', private: true });
  });

  test('tags are merged with the ticket\u2019s own, since PUT replaces them; nothing new means no write', async () => {
    const before = server.requests.length;
    assert.deepEqual(await client.tag('918', ['herald', 'address']), { ok: true });
    assert.deepEqual(server.requests.slice(before).map((request) => `${request.method} ${request.path}`), ['GET /api/v2/tickets/918', 'PUT /api/v2/tickets/918']);
    assert.deepEqual(server.requests[before + 1]!.json, { tags: ['address', 'herald'] });
    const again = server.requests.length;
    assert.deepEqual(await client.tag('918', ['herald']), { ok: true });
    assert.equal(server.requests.length, again + 1);
  });

  test('a validation error and a 404 are permanent; 429 is temporary after Retry-After; no answer is temporary', async () => {
    assert.deepEqual(await client.reply('5', '', { public: true }), {
      ok: false,
      temporary: false,
      reason: 'Freshdesk answered 400 to POST /api/v2/tickets/5/reply: Validation failed (body: It should not be blank)',
      retryAfterMs: null,
    });
    assert.deepEqual(await client.note('404', 'x'), { ok: false, temporary: false, reason: 'Freshdesk answered 404 to POST /api/v2/tickets/404/notes: no body', retryAfterMs: null });
    assert.deepEqual(await client.note('6', 'x'), { ok: false, temporary: true, reason: 'Freshdesk answered 429 to POST /api/v2/tickets/6/notes: Rate limit exceeded', retryAfterMs: 12_000 });
    const timeout = await client.reply('7', 'x', { public: true });
    assert.equal(!timeout.ok && timeout.temporary, true);
    assert.match(!timeout.ok ? timeout.reason : '', /did not answer within 200 ms/);
  });

  test('a wrong API key is a permanent 401; an unreachable host is temporary', async () => {
    const wrong = createFreshdeskClient({ base_url: server.baseUrl, api_key: 'wrong' });
    assert.deepEqual(await wrong.note('918', 'x'), {
      ok: false,
      temporary: false,
      reason: 'Freshdesk answered 401 to POST /api/v2/tickets/918/notes: You have to be logged in to perform this action.',
      retryAfterMs: null,
    });
    const down = createFreshdeskClient({ base_url: await unreachableUrl(), api_key: 'k' });
    const outcome = await down.reply('918', 'x', { public: true });
    assert.equal(!outcome.ok && outcome.temporary, true);
    assert.match(!outcome.ok ? outcome.reason : '', /^Freshdesk at http:\/\/127\.0\.0\.1:\d+ unreachable/);
  });
});

describe('help desk client settings', () => {
  test('each schema names the field that is wrong or missing', () => {
    const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
      (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    assert.deepEqual(issues(zendeskClientSettingsSchema.safeParse({ email: 'agent@acme.example', api_token: 't' })), ['subdomain: is required (or base_url): the Zendesk account to call']);
    assert.deepEqual(issues(zendeskClientSettingsSchema.safeParse({ subdomain: 'acme', email: 'nope', api_token: '' })), [
      'email: must be the email address of the Zendesk agent the API token belongs to',
      'api_token: must be a Zendesk API token',
    ]);
    assert.deepEqual(issues(gorgiasClientSettingsSchema.safeParse({ domain: 'acme corp', email: 'a@b.co', api_key: 'k' })), ['domain: must be the Gorgias domain, e.g. acme for acme.gorgias.com']);
    assert.deepEqual(issues(freshdeskClientSettingsSchema.safeParse({ domain: 'acme', api_key: 'k', apikey: 'typo' })).length, 1);
    assert.deepEqual(issues(freshdeskClientSettingsSchema.safeParse({ base_url: 'ftp://x', api_key: 'k' })), ['base_url: must be an http(s) URL such as https://acme.freshdesk.com']);
  });

  test('createHelpdeskClient builds the provider named, from https://<domain>.<help desk> by default', async () => {
    const seen: string[] = [];
    const fetchStub: typeof fetch = (input) => {
      seen.push(String(input));
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    const zendesk = createHelpdeskClient('zendesk', { subdomain: 'acme', email: 'a@acme.example', api_token: 't' }, { fetch: fetchStub });
    const gorgias = createHelpdeskClient('gorgias', { domain: 'acme.gorgias.com', email: 'a@acme.example', api_key: 'k' }, { fetch: fetchStub });
    const freshdesk = createHelpdeskClient('freshdesk', { domain: 'acme', api_key: 'k' }, { fetch: fetchStub });
    assert.deepEqual([zendesk.provider, gorgias.provider, freshdesk.provider], ['zendesk', 'gorgias', 'freshdesk']);
    await zendesk.note('1', 'x');
    await gorgias.tag('2', ['t']);
    await freshdesk.note('3', 'x');
    assert.deepEqual(seen, ['https://acme.zendesk.com/api/v2/tickets/1.json', 'https://acme.gorgias.com/api/tickets/2/tags', 'https://acme.freshdesk.com/api/v2/tickets/3/notes']);
    assert.throws(() => createHelpdeskClient('zendesk', { subdomain: 'acme' }), /email/);
  });
});
