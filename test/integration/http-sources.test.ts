// Webhook sources end to end through the real route (`app.request()` in-process): every shared
// fixture with its published signature vector, normalized as the vocabulary says and visible in
// the read API; every rejection path; retries deduplicated; quarantine and replay; source health.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createKeyAuthenticator } from '../../src/app/api-keys.ts';
import { createCapacityGuard } from '../../src/app/check-capacity.ts';
import { directIngest } from '../../src/app/ingest-gateway.ts';
import { webhookSources } from '../../src/adapters/sources/index.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import type { WebhookSource } from '../../src/core/ports/source.ts';
import { createHttpApp } from '../../src/http/create-app.ts';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';

const PAYLOADS = new URL('../../../shared/fixtures/payloads/', import.meta.url);
const OWN = new URL('../sources/fixtures/', import.meta.url);

function shared(name: string): Buffer | null {
  const file = new URL(name, PAYLOADS);
  return existsSync(file) ? readFileSync(file) : null;
}
const own = (name: string) => readFileSync(new URL(name, OWN));
const hmacB64 = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('base64');
const flip = (body: Uint8Array) => {
  const copy = Buffer.from(body);
  const at = Math.floor(copy.length / 2);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

const SHOPIFY_VECTOR = { secret: 'c12092f264d049ffb681e7b27ac41015', hmac: 't3OdIH21X6GhKDd2WC3sxKGIpxDEjCuMQyqkhiGpDzI=' };
const AFTERSHIP_VECTOR = { secret: 'test-webhook-secret', hmac: 'A3rA+974/gzJGgnH2H/YigwMhasPpEIifzgTAzlDDx4=' };
const EASYPOST_VECTOR = { secret: 's\u00e9cret', header: 'hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527db' };
const SEVENTEEN_VECTOR = { secret: 'test-api-key', sign: 'd210583b3049b07644702c980660b053f65bf12af80c2b5770b6558b356056f4' };

let h: TestHerald;
before(async () => {
  h = await startTestHerald();
});
after(async () => h?.close());

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
async function shipment(number: string): Promise<Record<string, unknown>> {
  const response = await h.request(`/v1/shipments/any/${number}`);
  assert.equal(response.status, 200, `shipment ${number}: ${response.status}`);
  return (await json(response))['shipment'] as Record<string, unknown>;
}
async function eventCount(): Promise<number> {
  return (await json(await h.request('/v1/status')))['events'] as number;
}
async function health(source: string): Promise<Record<string, unknown> | undefined> {
  const body = await json(await h.request('/v1/sources'));
  return (body['sources'] as Record<string, unknown>[]).find((s) => s['source'] === source);
}

describe('shared fixtures through POST /v1/sources/<source>/<store>', () => {
  test('Shopify orders/cancelled with its published HMAC: the order is cancelled, its id exact', async (t) => {
    const body = shared('shopify_orders_cancelled_test_webhook.raw.json');
    if (!body) return t.skip('shared fixtures not found');
    await h.addSource('shopify', SHOPIFY_VECTOR.secret);
    const response = await h.webhook('shopify', 'default', body, { 'x-shopify-hmac-sha256': SHOPIFY_VECTOR.hmac, 'x-shopify-topic': 'orders/cancelled', 'x-shopify-webhook-id': 'wh-cancel-1' });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { ok: true, events: 1, accepted: 1, duplicates: 0 });
    const order = (await json(await h.request('/v1/orders/820982911946154508')))['order'] as Record<string, unknown>;
    assert.equal(order['ref'], '820982911946154508');
    assert.equal(order['cancelled_at'], '2022-01-01T00:00:00.000Z');
    const raw = await h.herald.store.reads.getRaw('default', (await h.herald.store.reads.getEvent('default', 'shopify', 'wh-cancel-1'))!.event.raw_ref!);
    assert.deepEqual(Buffer.from(raw!.body), body, 'the raw bytes are archived exactly');
    assert.equal(raw!.headers['x-shopify-topic'], 'orders/cancelled');
  });

  test('Shopify fulfillments/create then fulfillment_events/create: the event lands on the real parcel', async (t) => {
    const created = shared('shopify_fulfillments_create_docs_sample.json');
    const scanned = shared('shopify_fulfillment_events_create_docs_sample.json');
    if (!created || !scanned) return t.skip('shared fixtures not found');
    const secret = 'shpss_fulfillment_secret';
    await h.addSource('shopify', secret);
    const send = (body: Buffer, topic: string, id: string) =>
      h.webhook('shopify', 'default', body, { 'x-shopify-hmac-sha256': hmacB64(secret, body), 'x-shopify-topic': topic, 'x-shopify-webhook-id': id });
    assert.equal((await send(created, 'fulfillments/create', 'wh-ful-1')).status, 200);
    assert.equal((await send(scanned, 'fulfillment_events/create', 'wh-ful-ev-1')).status, 200);
    const parcel = await shipment('1Z827WK74630');
    assert.equal(parcel['state'], 'in_transit');
    assert.equal(parcel['order_ref'], '820982911946154508');
    const placeholder = await h.request('/v1/shipments/any/SHOPIFYFULFILLMENT123456');
    assert.equal(placeholder.status, 404, 'nothing is left on the placeholder parcel');
  });

  test('AfterShip with its vector: in transit, every checkpoint in the timeline', async (t) => {
    const body = shared('aftership_tracking_update_intransit.json');
    if (!body) return t.skip('shared fixtures not found');
    await h.addSource('aftership', AFTERSHIP_VECTOR.secret);
    const response = await h.webhook('aftership', 'default', body, { 'aftership-hmac-sha256': AFTERSHIP_VECTOR.hmac });
    assert.equal(response.status, 200);
    const parcel = await shipment('9405516902697649303570');
    assert.equal(parcel['state'], 'in_transit');
    const timeline = (await json(await h.request('/v1/shipments/any/9405516902697649303570')))['timeline'] as unknown[];
    assert.equal(timeline.length, 8, '7 checkpoints and the latest status');
  });

  test('17TRACK with its vector: delivered', async (t) => {
    const body = shared('17track_v2_tracking_updated_delivered.json');
    if (!body) return t.skip('shared fixtures not found');
    await h.addSource('17track', SEVENTEEN_VECTOR.secret);
    const response = await h.webhook('17track', 'default', body, { sign: SEVENTEEN_VECTOR.sign });
    assert.equal(response.status, 200);
    assert.equal((await shipment('1Z2617V10397725789'))['state'], 'delivered');
  });

  test('EasyPost with its vector: authentic, but tracking code "1" is quarantined (202), never lost', async (t) => {
    const file = shared('easypost_tracker_updated_event.json');
    if (!file) return t.skip('shared fixtures not found');
    const body = file.subarray(0, -1);
    await h.addSource('easypost', EASYPOST_VECTOR.secret);
    const response = await h.webhook('easypost', 'default', body, { 'x-hmac-signature': EASYPOST_VECTOR.header });
    assert.equal(response.status, 202);
    const answer = await json(response);
    assert.equal(answer['quarantined'], true);
    assert.equal((answer['error'] as Record<string, unknown>)['field'], 'result.tracking_code');
    const entry = await json(await h.request(`/v1/quarantine/${String(answer['quarantine_id'])}`));
    assert.equal(entry['source'], 'easypost');
    assert.equal(entry['body'], body.toString('utf8'));
    const replay = await h.request(`/v1/quarantine/${String(answer['quarantine_id'])}/replay`, { method: 'POST' });
    assert.equal(replay.status, 422, 'the same code still cannot read it');
    assert.equal(((await health('easypost'))!['parse_failures_last_24h']), 1);
  });

  test('Shippo own fixture, signed and by URL token: an exception the recipient must fix', async () => {
    const body = own('shippo-track-updated-address-issue.json');
    const secret = 'shippo-secret';
    await h.addSource('shippo', secret, { urlToken: 'tok-123' });
    const t = String(Math.floor(h.clock.nowMs() / 1000));
    const signature = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
    assert.equal((await h.webhook('shippo', 'default', body, { 'shippo-auth-signature': signature })).status, 200);
    const again = await h.webhook('shippo', 'default', body, {}, '?token=tok-123');
    assert.equal(again.status, 200);
    assert.equal((await json(again))['accepted'], 0, 'the same history again is all duplicates');
    const parcel = await shipment('1Z999AA10123456784');
    assert.equal(parcel['state'], 'exception');
    assert.equal(parcel['reason'], 'address_issue');
    assert.equal((await h.webhook('shippo', 'default', body, {}, '?token=wrong')).status, 401);
  });

  test('WooCommerce own fixture: order fulfilled with its tracking parcel; the unsigned ping answers exactly 200', async () => {
    const secret = 'wc-secret';
    await h.addSource('woocommerce', secret);
    const ping = await h.webhook('woocommerce', 'default', Buffer.from('webhook_id=12'), { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(ping.status, 200);
    const body = own('woocommerce-order-updated-tracking.json');
    const response = await h.webhook('woocommerce', 'default', body, {
      'x-wc-webhook-signature': hmacB64(secret, body),
      'x-wc-webhook-topic': 'order.updated',
      'x-wc-webhook-delivery-id': 'd1',
    });
    assert.equal(response.status, 200);
    assert.equal((await shipment('00340434161094042557'))['state'], 'label_created');
    const order = (await json(await h.request('/v1/orders/4812')))['order'] as Record<string, unknown>;
    assert.equal(order['fulfilled_at'], '2026-11-19T14:30:02.000Z');
  });
});

describe('rejections store nothing', () => {
  let before: number;
  beforeEach(async () => {
    await h.addSource('aftership', AFTERSHIP_VECTOR.secret);
    before = await eventCount();
  });

  test('one changed byte: 401, nothing stored, a signature failure counted', async (t) => {
    const body = shared('aftership_tracking_update_intransit.json');
    if (!body) return t.skip('shared fixtures not found');
    const failuresBefore = ((await health('aftership'))?.['signature_failures_last_24h'] as number | undefined) ?? 0;
    const response = await h.webhook('aftership', 'default', flip(body), { 'aftership-hmac-sha256': AFTERSHIP_VECTOR.hmac });
    assert.equal(response.status, 401);
    assert.match(String(((await json(response))['error'] as Record<string, unknown>)['message']), /signature mismatch/);
    assert.equal(await eventCount(), before);
    assert.equal((await health('aftership'))!['signature_failures_last_24h'], failuresBefore + 1);
  });

  test('a missing signature: 401 naming the header', async (t) => {
    const body = shared('aftership_tracking_update_intransit.json');
    if (!body) return t.skip('shared fixtures not found');
    const response = await h.webhook('aftership', 'default', body, {});
    assert.equal(response.status, 401);
    assert.match(String(((await json(response))['error'] as Record<string, unknown>)['message']), /aftership-hmac-sha256/);
    assert.equal(await eventCount(), before);
  });

  test('an unknown store and an unknown source get the same 404', async () => {
    const a = await h.webhook('aftership', 'nope', Buffer.from('{}'), {});
    const b = await h.webhook('nosuchsource', 'default', Buffer.from('{}'), {});
    const c = await h.webhook('easypost', 'default', Buffer.from('{}'), {}).catch(() => null);
    assert.equal(a.status, 404);
    assert.equal(b.status, 404);
    assert.deepEqual(await json(a), await json(b));
    assert.ok(c);
  });

  test('a Shopify webhook from another shop: 403 when the store names its shop', async (t) => {
    const body = shared('shopify_orders_cancelled_test_webhook.raw.json');
    if (!body) return t.skip('shared fixtures not found');
    await h.addStore('acme');
    await h.addSource('shopify', SHOPIFY_VECTOR.secret, { storeId: 'acme', shopDomain: 'acme.myshopify.com' });
    const headers = { 'x-shopify-hmac-sha256': SHOPIFY_VECTOR.hmac, 'x-shopify-topic': 'orders/cancelled' };
    assert.equal((await h.webhook('shopify', 'acme', body, { ...headers, 'x-shopify-shop-domain': 'evil.myshopify.com' })).status, 403);
    assert.equal((await h.webhook('shopify', 'acme', body, headers)).status, 403);
    assert.equal((await h.webhook('shopify', 'acme', body, { ...headers, 'x-shopify-shop-domain': 'acme.myshopify.com' })).status, 200);
  });

  test('the webhook route needs no Herald key, but health and quarantine do', async () => {
    assert.equal((await h.request('/v1/sources', { key: null })).status, 401);
    assert.equal((await h.request('/v1/quarantine', { key: null })).status, 401);
    assert.equal((await h.request('/v1/quarantine/qua_x/replay', { method: 'POST', key: null })).status, 401);
    assert.equal((await h.request('/v1/quarantine/qua_x')).status, 404);
  });
});

test('an unknown AfterShip subtag: parent state, counted as unmapped in GET /v1/sources', async (t) => {
  const body = shared('aftership_tracking_update_intransit.json');
  if (!body) return t.skip('shared fixtures not found');
  const odd = Buffer.from(
    body
      .toString('utf8')
      .replace('"subtag": "InTransit_003",\n    "subtag_message"', '"subtag": "InTransit_999",\n    "subtag_message"')
      .replaceAll('9405516902697649303570', '9405516902697649309999'),
  );
  const secret = 'aftership-unmapped';
  await h.addStore('unmapped');
  const key = await h.addStore('unmapped2');
  await h.addSource('aftership', secret, { storeId: 'unmapped2' });
  assert.equal((await h.webhook('aftership', 'unmapped2', odd, { 'aftership-hmac-sha256': hmacB64(secret, odd) })).status, 200);
  const parcel = (await json(await h.request('/v1/shipments/any/9405516902697649309999', { key })))['shipment'] as Record<string, unknown>;
  assert.equal(parcel['state'], 'in_transit');
  const sources = (await json(await h.request('/v1/sources', { key })))['sources'] as Record<string, unknown>[];
  const aftership = sources.find((s) => s['source'] === 'aftership')!;
  assert.equal(aftership['unmapped_last_24h'], 1);
  assert.deepEqual(aftership['unmapped_codes'], [{ code: 'aftership:InTransit_999', count: 1, last_seen_at: '2026-11-20T12:00:00.000Z' }]);
  assert.equal(aftership['events_last_24h'], 8);
  assert.equal(aftership['last_event_at'], '2026-11-20T12:00:00.000Z');
});

test('50 concurrent retries of one webhook are applied once', async (t) => {
  const body = shared('shopify_orders_cancelled_test_webhook.raw.json');
  if (!body) return t.skip('shared fixtures not found');
  const key = await h.addStore('retries');
  await h.addSource('shopify', SHOPIFY_VECTOR.secret, { storeId: 'retries' });
  const headers = { 'x-shopify-hmac-sha256': SHOPIFY_VECTOR.hmac, 'x-shopify-topic': 'orders/cancelled', 'x-shopify-webhook-id': 'wh-retry' };
  const answers = await Promise.all(Array.from({ length: 50 }, () => h.webhook('shopify', 'retries', body, headers)));
  assert.ok(answers.every((a) => a.status === 200));
  const bodies = await Promise.all(answers.map(json));
  assert.equal(bodies.reduce((sum, b) => sum + (b['accepted'] as number), 0), 1);
  assert.equal((await json(await h.request('/v1/status', { key })))['events'], 1);
});

test('an unreadable authentic payload is quarantined, listed, and replayed after a mapping fix', async () => {
  // A stand-in for a mapping bug: the "old" Shopify mapping cannot read orders/create; the fix can.
  let fixed = false;
  const real = webhookSources()('shopify', null)!;
  const patched: WebhookSource = {
    name: 'shopify',
    verify: (request, secrets) => real.verify(request, secrets),
    parse: async (request) => {
      if (!fixed) throw new SourceParseError('shopify', 'line_items', 'uses a shape this mapping does not know');
      return real.parse(request);
    },
  };
  const herald = h.herald;
  const app = createHttpApp({
    ingest: directIngest(herald.ingest),
    store: herald.store,
    clock: h.clock,
    ids: cryptoIds,
    sources: (name) => (name === 'shopify' ? patched : null),
    keys: createKeyAuthenticator(herald.store, h.clock),
    capacity: createCapacityGuard(herald.store, h.clock, 1_000_000),
    maxBodyBytes: 1_000_000,
    maxBatchEvents: 1_000,
    log: () => {},
    status: () => ({}),
  });
  const key = await h.addStore('quarantine');
  await h.addSource('shopify', 'q-secret', { storeId: 'quarantine' });
  const body = own('shopify-orders-create-vip-pickup.json');
  const headers = { 'x-shopify-hmac-sha256': hmacB64('q-secret', body), 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'wh-q-1', authorization: 'Bearer nope' };
  const response = await app.request('/v1/sources/shopify/quarantine', { method: 'POST', body, headers });
  assert.equal(response.status, 202);
  const answer = await json(response);
  assert.equal(answer['quarantined'], true);
  const id = String(answer['quarantine_id']);
  const auth = { authorization: `Bearer ${key}` };
  const list = (await json(await app.request('/v1/quarantine', { headers: auth })))['quarantine'] as Record<string, unknown>[];
  assert.deepEqual(list.map((q) => q['id']), [id]);
  assert.equal((list[0]!['error'] as Record<string, unknown>)['field'], 'line_items');
  const shown = await json(await app.request(`/v1/quarantine/${id}`, { headers: auth }));
  assert.equal((shown['headers'] as Record<string, string>)['x-shopify-topic'], 'orders/create');
  assert.equal((shown['headers'] as Record<string, string>)['authorization'], undefined, 'credentials are not archived');
  assert.equal((await json(await app.request('/v1/status', { headers: auth })))['events'], 0);
  assert.equal((await app.request(`/v1/quarantine/${id}/replay`, { method: 'POST', headers: auth })).status, 422, 'not fixed yet');

  fixed = true;
  const replay = await app.request(`/v1/quarantine/${id}/replay`, { method: 'POST', headers: auth });
  assert.equal(replay.status, 200);
  assert.deepEqual(await json(replay), { replayed: true, id, events: 1, accepted: 1, duplicates: 0 });
  const again = await json(await app.request(`/v1/quarantine/${id}/replay`, { method: 'POST', headers: auth }));
  assert.equal(again['duplicates'], 1, 'a second replay applies nothing twice');
  const entry = await json(await app.request(`/v1/quarantine/${id}`, { headers: auth }));
  assert.ok(entry['replayed_at']);
  assert.equal((await app.request(`/v1/quarantine/${id}/replay`, { method: 'POST', headers: { authorization: `Bearer ${h.key}` } })).status, 404, 'another store cannot replay it');
  assert.equal((await json(await app.request('/v1/status', { headers: auth })))['events'], 1);
});

test('fuzzed authentic payloads never crash the route: each is ingested (200) or quarantined (202), none lost', async (t) => {
  const body = shared('aftership_tracking_update_intransit.json');
  if (!body) return t.skip('shared fixtures not found');
  const key = await h.addStore('fuzz');
  const secret = 'fuzz-secret';
  await h.addSource('aftership', secret, { storeId: 'fuzz' });
  let seed = 0x5eed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  let quarantined = 0;
  for (let i = 0; i < 200; i += 1) {
    const mutated = Buffer.from(body);
    const flips = 1 + Math.floor(random() * 3);
    for (let f = 0; f < flips; f += 1) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
    const response = await h.webhook('aftership', 'fuzz', mutated, { 'aftership-hmac-sha256': hmacB64(secret, mutated) });
    assert.ok(response.status === 200 || response.status === 202, `mutation ${i}: ${response.status} ${await response.text()}`);
    if (response.status === 202) quarantined += 1;
  }
  const list = (await json(await h.request('/v1/quarantine?limit=500', { key })))['quarantine'] as unknown[];
  assert.equal(list.length, quarantined, 'every payload that was not ingested is in quarantine');
});
