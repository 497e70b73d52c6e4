// Shopify: HMAC over the raw bytes (Shopify's sample order webhook and its vector), topics to
// canonical events, exact ids above 2^53, and order facts from Herald's own orders/create fixture.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shopifyAdapter } from '../../src/adapters/sources/shopify.ts';
import { SHOPIFY_FULFILLMENT_REF_PREFIX } from '../../src/adapters/sources/shopify-payloads.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { flipByte, hmacBase64, normalizeAll, ownFixture, request, sharedFixture, states } from './helpers.ts';

const ORDER_FIXTURE = 'shopify_orders_cancelled_test_webhook.raw.json';
const VECTOR_SECRET = 'c12092f264d049ffb681e7b27ac41015';
const VECTOR_HMAC = 't3OdIH21X6GhKDd2WC3sxKGIpxDEjCuMQyqkhiGpDzI=';
const SECRET = 'shpss_test_5f3c9a7e2b1d4c6a8e0f';
const WEBHOOK_ID = 'b54557e4-8a5f-4fd7-8f7d-3fe0b2e2b3a1';

function shopifyRequest(body: Uint8Array, topic: string, extra: Record<string, string> = {}) {
  return request(body, {
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': hmacBase64(SECRET, body),
    'x-shopify-webhook-id': WEBHOOK_ID,
    'x-shopify-shop-domain': 'acme.myshopify.com',
    ...extra,
  });
}

test('Shopify: the sample order webhook verifies byte-exact with its published HMAC', (t) => {
  const body = sharedFixture(t, ORDER_FIXTURE);
  if (body === undefined) return;
  const headers = { 'x-shopify-hmac-sha256': VECTOR_HMAC, 'x-shopify-topic': 'orders/cancelled' };
  assert.deepEqual(shopifyAdapter.verify(request(body, headers), { secret: VECTOR_SECRET }), { ok: true });
});

test('Shopify: one changed byte, a missing header or a wrong secret is refused with the reason', (t) => {
  const body = sharedFixture(t, ORDER_FIXTURE);
  if (body === undefined) return;
  const signed = { 'x-shopify-hmac-sha256': VECTOR_HMAC };
  assert.deepEqual(shopifyAdapter.verify(request(flipByte(body), signed), { secret: VECTOR_SECRET }), {
    ok: false,
    reason: 'signature mismatch: check the Shopify webhook secret',
  });
  assert.deepEqual(shopifyAdapter.verify(request(body, {}), { secret: VECTOR_SECRET }), { ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' });
  assert.equal(shopifyAdapter.verify(request(body, signed), { secret: `${VECTOR_SECRET}x` }).ok, false);
  assert.equal(shopifyAdapter.verify(request(body, { 'x-shopify-hmac-sha256': 'not base64!' }), { secret: VECTOR_SECRET }).ok, false);
  assert.equal(shopifyAdapter.verify(request(body, signed), { secret: '' }).ok, false);
});

test('Shopify orders/cancelled: ids above 2^53 stay exact and the order facts are read', (t) => {
  const body = sharedFixture(t, ORDER_FIXTURE);
  if (body === undefined) return;
  // The hazard this guards against: JSON.parse rounds the id.
  assert.notEqual(String((JSON.parse(body.toString('utf8')) as { id: number }).id), '820982911946154508');
  const parsed = shopifyAdapter.parse(shopifyRequest(body, 'orders/cancelled'));
  assert.equal(parsed.deliveryId, WEBHOOK_ID);
  assert.equal(parsed.shopDomain, 'acme.myshopify.com');
  const [item] = normalizeAll(parsed.events);
  const event = item!.event;
  assert.equal(event.id, WEBHOOK_ID);
  assert.equal(event.type, 'order.cancelled');
  assert.equal(event.order_ref, '820982911946154508');
  assert.equal(event.customer_ref, '115310627314723954');
  assert.equal(event.occurred_at, '2022-01-01T00:00:00.000Z'); // cancelled_at, -05:00
  assert.equal(event.order?.total, '403.00');
  assert.equal(event.order?.currency, 'USD');
  assert.deepEqual(event.order?.tags, []);
  assert.equal(event.order?.fulfillment_status, 'unfulfilled');
  assert.equal(event.order?.shipping_method, 'Generic Shipping');
  assert.equal(event.order?.payment_method, 'visa, bogus');
  assert.deepEqual(event.order?.destination, { name: 'Steve Shipper', city: 'Shippington', region: 'KY', postal_code: '40003', country: 'US' });
  assert.equal(event.order?.customer?.accepts_email_marketing, true);
  assert.equal(event.order?.customer?.accepts_sms, false);
  assert.equal(event.order?.line_items?.length, 2);
  assert.equal(event.attributes?.['cancel_reason'], 'customer');
});

test('Shopify orders/create (own fixture): VIP tag, SMS consent, local pickup, promise date, exact ids', () => {
  const body = ownFixture('shopify-orders-create-vip-pickup.json');
  const req = shopifyRequest(body, 'orders/create');
  assert.deepEqual(shopifyAdapter.verify(req, { secret: SECRET }), { ok: true });
  const [item] = normalizeAll(shopifyAdapter.parse(req).events);
  const event = item!.event;
  assert.equal(event.type, 'order.placed');
  assert.equal(event.occurred_at, '2026-11-19T21:42:07.000Z');
  assert.equal(event.order_ref, '5843956596893412345');
  assert.equal(event.customer_ref, '7390912376887123456');
  assert.deepEqual(event.order?.tags, ['VIP', 'gift']);
  assert.equal(event.order?.customer?.accepts_sms, true);
  assert.equal(event.order?.customer?.accepts_email_marketing, false);
  assert.equal(event.order?.customer?.phone, '+15145550142');
  assert.equal(event.order?.customer?.locale, 'fr-CA');
  assert.equal(event.order?.shipping_method, 'local_pickup');
  assert.equal(event.attributes?.['shipping_title'], 'Boutique Mile End');
  assert.equal(event.promise_date, '2026-11-24T00:00:00.000Z');
  assert.equal(event.order?.destination, undefined);
  assert.deepEqual(event.order?.line_items, [
    { title: 'Merino Wool Scarf', sku: 'MWS-CHAR', quantity: 2, price: '65.00' },
    { title: 'Gift Card', quantity: 1, price: '105.00' },
  ]);
});

test('Shopify topics map to canonical order events; unknown topics yield none', () => {
  const body = ownFixture('shopify-orders-create-vip-pickup.json');
  const cases: [string, string | null][] = [
    ['orders/paid', 'order.paid'],
    ['orders/updated', 'order.updated'],
    ['orders/fulfilled', 'order.fulfilled'],
    ['orders/cancelled', 'order.cancelled'],
    ['products/update', null],
    ['constructor', null],
  ];
  for (const [topic, type] of cases) {
    const events = normalizeAll(shopifyAdapter.parse(shopifyRequest(body, topic)).events);
    assert.deepEqual(events.map((item) => item.event.type), type === null ? [] : [type], topic);
  }
  assert.throws(() => shopifyAdapter.parse(request(body, {})), (error: unknown) => error instanceof SourceParseError && /X-Shopify-Topic/.test(error.message));
});

test('Shopify fulfillments/create: one parcel per tracking number, label created until scanned', (t) => {
  const body = sharedFixture(t, 'shopify_fulfillments_create_docs_sample.json');
  if (body === undefined) return;
  const [item] = normalizeAll(shopifyAdapter.parse(shopifyRequest(body, 'fulfillments/create')).events);
  assert.equal(item!.event.type, 'fulfillment.created');
  assert.equal(item!.event.order_ref, '820982911946154508');
  assert.equal(item!.trackingNumber, '1Z827WK74630');
  assert.equal(item!.event.shipment?.carrier, 'ups');
  assert.equal(item!.event.shipment?.state, 'label_created');
  assert.equal(item!.event.attributes?.['fulfillment_id'], '123456');

  const two = Buffer.from(body.toString('utf8').replace('"tracking_numbers": [', '"tracking_numbers": [\n    "1Z999AA10123456784",'));
  const events = normalizeAll(shopifyAdapter.parse(shopifyRequest(two, 'fulfillments/update')).events);
  assert.deepEqual(events.map((e) => e.event.id), [`${WEBHOOK_ID}:0`, `${WEBHOOK_ID}:1`]);
  assert.deepEqual(events.map((e) => e.event.type), ['fulfillment.updated', 'fulfillment.updated']);
});

test('Shopify fulfillment status no table knows is still parsed; the core maps it to unknown', (t) => {
  const body = sharedFixture(t, 'shopify_fulfillments_create_docs_sample.json');
  if (body === undefined) return;
  const odd = Buffer.from(body.toString('utf8').replace('"shipment_status": null', '"shipment_status": "teleported"'));
  const [item] = normalizeAll(shopifyAdapter.parse(shopifyRequest(odd, 'fulfillments/update')).events);
  assert.equal(item!.event.shipment?.state, 'unknown');
  assert.deepEqual(item!.event.shipment?.provider_status, { provider: 'shopify', parent: 'teleported', sub: null });
  assert.equal(item!.unmapped?.code, 'teleported');
});

test('Shopify fulfillment_events/create: in_transit on the fulfillment parcel reference', (t) => {
  const body = sharedFixture(t, 'shopify_fulfillment_events_create_docs_sample.json');
  if (body === undefined) return;
  const events = normalizeAll(shopifyAdapter.parse(shopifyRequest(body, 'fulfillment_events/create')).events);
  assert.deepEqual(states(events), ['in_transit']);
  const event = events[0]!.event;
  assert.equal(event.type, 'shipment.updated');
  assert.equal(event.order_ref, '820982911946154508');
  assert.equal(event.shipment?.message, 'Item is now in transit');
  assert.deepEqual(event.shipment?.location, { country: 'CA' });
  assert.equal(event.attributes?.['fulfillment_id'], '123456');
  assert.ok(SHOPIFY_FULFILLMENT_REF_PREFIX.length > 0);
});

test('Shopify without X-Shopify-Webhook-Id: the id is a hash of the body, stable across retries', () => {
  const body = ownFixture('shopify-orders-create-vip-pickup.json');
  const first = shopifyAdapter.parse(request(body, { 'x-shopify-topic': 'orders/create' }));
  const again = shopifyAdapter.parse(request(body, { 'x-shopify-topic': 'orders/create' }));
  assert.match((first.events[0] as { id: string }).id, /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(first.events, again.events);
  assert.equal(first.deliveryId, null);
});
