// The signed webhook channel: a local receiver that verifies Herald-Signature the way
// docs/webhook-signatures.md tells receivers to, the outcome of each answer, and the verifier's
// own rejections (tampering, stale timestamps, malformed headers) and secret rotation.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWebhookTransport, signWebhookBody, verifyWebhookSignature, webhookSettingsSchema, type WebhookSettings } from '../../src/adapters/channels/signed-webhook.ts';
import { outgoingMessage, startProviderServer, unreachableUrl, type ProviderReply, type ProviderServer, type ReceivedRequest } from './provider-server.ts';

const SECRET = 'herald_whsec_0123456789abcdef';
const OLD_SECRET = 'herald_whsec_previous_987654';
/** 2025-11-20T14:03:00Z, the fake clock of every send. */
const NOW_MS = 1_763_647_380_000;

const ANSWERS: Record<string, ProviderReply> = {
  '/hooks/busy': { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
  '/hooks/busy-until': { status: 429, headers: { 'retry-after': new Date(NOW_MS + 90_000).toUTCString() } },
  '/hooks/down': { status: 503, body: 'maintenance' },
  '/hooks/slow': { status: 408 },
  '/hooks/gone': { status: 410, body: 'endpoint removed' },
  '/hooks/hang': { hang: true },
};

// A receiver doing what the docs say: verify over the raw body, then accept.
function receiver(request: ReceivedRequest): ProviderReply {
  const answer = ANSWERS[request.path];
  if (answer) return answer;
  const check = verifyWebhookSignature(SECRET, request.headers['herald-signature'] as string | undefined, request.body, NOW_MS);
  return check.ok ? { status: 204 } : { status: 400, body: check.reason };
}

let server: ProviderServer;
let settings: WebhookSettings;
before(async () => {
  server = await startProviderServer(receiver);
  settings = webhookSettingsSchema.parse({ url: `${server.baseUrl}/hooks/ok?store=acme`, secret: SECRET });
});
after(() => server.close());

function at(path: string, extra: Partial<WebhookSettings> = {}): WebhookSettings {
  return { ...settings, url: `${server.baseUrl}${path}`, ...extra };
}
const clock = { nowMs: () => NOW_MS };

describe('webhook transport', () => {
  test('POSTs the notification as JSON, signed and with the delivery id; 2xx is sent', async () => {
    const transport = createWebhookTransport(settings, clock);
    assert.deepEqual([transport.provider, transport.channel, transport.idempotent], ['webhook', 'webhook', true]);
    const message = outgoingMessage({ channel: 'webhook', recipient: 'https://merchant.example/hooks', subject: 'Out for delivery', metadata: { order_ref: '1042', milestone: 'out_for_delivery' } });
    assert.deepEqual(await transport.send(message), { kind: 'sent', providerMessageId: null });
    const request = server.requests.at(-1)!;
    assert.equal(request.path, '/hooks/ok?store=acme');
    assert.equal(request.headers['herald-delivery-id'], message.notificationId);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.match(String(request.headers['herald-signature']), /^t=1763647380,v1=[0-9a-f]{64}$/);
    assert.deepEqual(request.json, {
      id: message.notificationId,
      type: 'notification',
      channel: 'webhook',
      recipient: 'https://merchant.example/hooks',
      subject: 'Out for delivery',
      text: 'Your order #1042 is out for delivery today.',
      metadata: { order_ref: '1042', milestone: 'out_for_delivery' },
      sent_at: '2025-11-20T14:03:00.000Z',
    });
  });

  test('a resend of the same notification carries the same delivery id', async () => {
    const transport = createWebhookTransport(settings, clock);
    await transport.send(outgoingMessage({ notificationId: 'ntf_same' }));
    await transport.send(outgoingMessage({ notificationId: 'ntf_same' }));
    assert.deepEqual(server.requests.slice(-2).map((r) => r.headers['herald-delivery-id']), ['ntf_same', 'ntf_same']);
  });

  test('a receiver with another secret refuses with 400: permanent, naming only the origin', async () => {
    const outcome = await createWebhookTransport({ ...settings, secret: 'another_secret_of_16+' }, clock).send(outgoingMessage());
    assert.deepEqual(outcome, { kind: 'permanent', reason: `webhook ${server.baseUrl} refused the delivery with 400: check the receiver's URL and its signature check` });
  });

  test('429 is temporary after Retry-After, in seconds or as an HTTP date', async () => {
    assert.deepEqual(await createWebhookTransport(at('/hooks/busy'), clock).send(outgoingMessage()), { kind: 'temporary', reason: `webhook ${server.baseUrl} answered 429`, retryAfterMs: 120_000 });
    const dated = await createWebhookTransport(at('/hooks/busy-until'), clock).send(outgoingMessage());
    assert.equal(dated.kind === 'temporary' ? dated.retryAfterMs : undefined, 90_000);
  });

  test('503 and 408 are temporary; 410 is permanent', async () => {
    assert.equal((await createWebhookTransport(at('/hooks/down'), clock).send(outgoingMessage())).kind, 'temporary');
    assert.equal((await createWebhookTransport(at('/hooks/slow'), clock).send(outgoingMessage())).kind, 'temporary');
    assert.equal((await createWebhookTransport(at('/hooks/gone'), clock).send(outgoingMessage())).kind, 'permanent');
  });

  test('an unreachable receiver and one that never answers are temporary', async () => {
    const offline = await createWebhookTransport({ ...settings, url: `${await unreachableUrl()}/hooks` }, clock).send(outgoingMessage());
    assert.equal(offline.kind, 'temporary');
    assert.match(offline.kind === 'temporary' ? offline.reason : '', /unreachable: fetch failed: .*ECONNREFUSED/);
    const hanging = await createWebhookTransport(at('/hooks/hang'), { ...clock, timeoutMs: 50 }).send(outgoingMessage());
    assert.deepEqual(hanging, { kind: 'temporary', reason: `webhook ${server.baseUrl} unreachable: no answer within 50 ms`, retryAfterMs: null });
  });

  test('during a rotation each delivery carries one v1= per secret, so either receiver accepts it', async () => {
    await createWebhookTransport({ ...settings, previous_secret: OLD_SECRET }, clock).send(outgoingMessage());
    const request = server.requests.at(-1)!;
    const header = String(request.headers['herald-signature']);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    assert.deepEqual(verifyWebhookSignature(SECRET, header, request.body, NOW_MS), { ok: true });
    assert.deepEqual(verifyWebhookSignature(OLD_SECRET, header, request.body, NOW_MS), { ok: true });
  });
});

describe('Herald-Signature', () => {
  const BODY = '{"id":"ntf_1","type":"notification"}';

  test('matches the documented scheme: hex HMAC-SHA256 of "<t>.<body>" (vector computed with Python hmac)', () => {
    assert.equal(signWebhookBody(SECRET, BODY, NOW_MS + 999), 't=1763647380,v1=bc8af1e514942a86ca172cf69158d796b74469ced872542fa74492e2413a4e5d');
  });

  test('round trip over a string or the raw bytes', () => {
    const header = signWebhookBody(SECRET, BODY, NOW_MS);
    assert.deepEqual(verifyWebhookSignature(SECRET, header, BODY, NOW_MS), { ok: true });
    assert.deepEqual(verifyWebhookSignature(SECRET, header, new TextEncoder().encode(BODY), NOW_MS + 60_000), { ok: true });
  });

  test('a tampered body or another secret is a mismatch', () => {
    const header = signWebhookBody(SECRET, BODY, NOW_MS);
    const mismatch = { ok: false, reason: 'signature mismatch: check the webhook secret' };
    assert.deepEqual(verifyWebhookSignature(SECRET, header, BODY.replace('ntf_1', 'ntf_2'), NOW_MS), mismatch);
    assert.deepEqual(verifyWebhookSignature(SECRET, header, `${BODY} `, NOW_MS), mismatch);
    assert.deepEqual(verifyWebhookSignature('another_secret_of_16+', header, BODY, NOW_MS), mismatch);
    // Moving the timestamp breaks the signature too: it is part of what is signed.
    assert.deepEqual(verifyWebhookSignature(SECRET, header.replace('t=1763647380', 't=1763647381'), BODY, NOW_MS), mismatch);
  });

  test('a timestamp beyond the tolerance either way is stale, even with a valid signature', () => {
    const header = signWebhookBody(SECRET, BODY, NOW_MS);
    assert.deepEqual(verifyWebhookSignature(SECRET, header, BODY, NOW_MS + 300_000), { ok: true });
    const late = verifyWebhookSignature(SECRET, header, BODY, NOW_MS + 301_000);
    assert.equal(late.ok, false);
    assert.match(late.ok ? '' : late.reason, /^stale timestamp: signed at 2025-11-20T14:03:00.000Z, more than 300 s from now/);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, NOW_MS - 301_000).ok, false);
    assert.deepEqual(verifyWebhookSignature(SECRET, header, BODY, NOW_MS + 301_000, 600_000), { ok: true });
  });

  test('rotation: any of several v1= values, and any of several receiver secrets, will do', () => {
    const both = signWebhookBody([SECRET, OLD_SECRET], BODY, NOW_MS);
    assert.deepEqual(verifyWebhookSignature(OLD_SECRET, both, BODY, NOW_MS), { ok: true });
    const oldOnly = signWebhookBody(OLD_SECRET, BODY, NOW_MS);
    assert.deepEqual(verifyWebhookSignature([SECRET, OLD_SECRET], oldOnly, BODY, NOW_MS), { ok: true });
    assert.equal(verifyWebhookSignature(['third_secret_of_16+'], both, BODY, NOW_MS).ok, false);
  });

  test('missing and malformed headers are refused before any HMAC; unknown schemes are ignored', () => {
    const valid = signWebhookBody(SECRET, BODY, NOW_MS);
    const v1 = valid.split(',')[1]!;
    assert.deepEqual(verifyWebhookSignature(SECRET, undefined, BODY, NOW_MS), { ok: false, reason: 'missing Herald-Signature header' });
    assert.deepEqual(verifyWebhookSignature(SECRET, ' ', BODY, NOW_MS), { ok: false, reason: 'missing Herald-Signature header' });
    const malformed = { ok: false, reason: 'malformed Herald-Signature header: expected t=<unix seconds>,v1=<hex>' };
    for (const header of [v1, 't=1763647380', 't=soon,' + v1, 't=1763647380,v1=abc', 't=1763647380,t=1763647380,' + v1, 'garbage']) {
      assert.deepEqual(verifyWebhookSignature(SECRET, header, BODY, NOW_MS), malformed, header);
    }
    assert.deepEqual(verifyWebhookSignature(SECRET, `${valid},v0=deadbeef,v2=YmFzZTY0PT0=`, BODY, NOW_MS), { ok: true });
  });
});

describe('webhook settings', () => {
  for (const [field, value, words] of [
    ['url', 'merchant.example/hooks', /url must be an http\(s\) URL/],
    ['secret', 'short', /secret must be at least 16 characters/],
    ['secret', undefined, /secret is required/],
    ['previous_secret', 'short', /previous_secret must be at least 16 characters/],
  ] as const) {
    test(`refuses ${field}=${String(value)} and names the field`, () => {
      const result = webhookSettingsSchema.safeParse({ url: 'https://merchant.example/hooks', secret: SECRET, [field]: value });
      assert.equal(result.success, false);
      assert.deepEqual(result.error!.issues[0]!.path, [field]);
      assert.match(result.error!.issues[0]!.message, words);
    });
  }
});
