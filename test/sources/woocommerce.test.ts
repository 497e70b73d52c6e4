// WooCommerce: HMAC over the raw bytes, the unsigned creation ping, order statuses to canonical
// events and shipment tracking items, on Herald's own order.updated fixture.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { woocommerceAdapter } from '../../src/adapters/sources/woocommerce.ts';
import { flipByte, hmacBase64, normalizeAll, ownFixture, request } from './helpers.ts';

const SECRET = 'wc-webhook-secret-7Hq2';
const FIXTURE = 'woocommerce-order-updated-tracking.json';

function wcRequest(body: Uint8Array, topic = 'order.updated', secret = SECRET) {
  return request(body, {
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': 'order',
    'x-wc-webhook-event': topic.split('.')[1] ?? '',
    'x-wc-webhook-signature': hmacBase64(secret, body),
    'x-wc-webhook-delivery-id': '8d3c1f0e6a2b4c9d8e7f6a5b4c3d2e1f',
    'x-wc-webhook-id': '12',
  });
}

function withStatus(status: string): Buffer {
  return Buffer.from(ownFixture(FIXTURE).toString('utf8').replace('"status": "completed"', `"status": "${status}"`));
}

test('WooCommerce: a signed order verifies; one changed byte, a missing header or a wrong secret is refused', () => {
  const body = ownFixture(FIXTURE);
  assert.deepEqual(woocommerceAdapter.verify(wcRequest(body), { secret: SECRET }), { ok: true });
  const headers = wcRequest(body).headers;
  assert.deepEqual(woocommerceAdapter.verify(request(flipByte(body), headers), { secret: SECRET }), {
    ok: false,
    reason: 'signature mismatch: check the WooCommerce webhook secret',
  });
  assert.deepEqual(woocommerceAdapter.verify(request(body, { 'x-wc-webhook-topic': 'order.updated' }), { secret: SECRET }), {
    ok: false,
    reason: 'missing X-WC-Webhook-Signature header',
  });
  assert.equal(woocommerceAdapter.verify(wcRequest(body), { secret: 'wc-webhook-secret-7Hq3' }).ok, false);
});

test('WooCommerce: the unsigned creation ping is recognised and answered without events', () => {
  const ping = request('webhook_id=12', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.deepEqual(woocommerceAdapter.verify(ping, { secret: SECRET }), { ok: true });
  assert.deepEqual(woocommerceAdapter.parse(ping), { deliveryId: null, topic: 'ping', events: [], ping: true });
  // Only the exact ping shape passes unsigned.
  assert.equal(woocommerceAdapter.verify(request('webhook_id=12&x=1'), { secret: SECRET }).ok, false);
});

test('WooCommerce order.updated (completed): fulfilled milestone, update with facts, tracked parcel', () => {
  const parsed = woocommerceAdapter.parse(wcRequest(ownFixture(FIXTURE)));
  assert.equal(parsed.deliveryId, '8d3c1f0e6a2b4c9d8e7f6a5b4c3d2e1f');
  const events = normalizeAll(parsed.events).map((item) => item.event);
  assert.deepEqual(
    events.map((event) => [event.id, event.type, event.occurred_at]),
    [
      ['4812:fulfilled', 'order.fulfilled', '2026-11-19T14:30:02.000Z'],
      ['4812:updated:2026-11-19T14:30:02.000Z', 'order.updated', '2026-11-19T14:30:02.000Z'],
      ['4812:tracking:5f0c1e6a9b2d47c8a1e3f4b6d8c0a2e4', 'fulfillment.created', '2026-11-19T15:00:00.000Z'],
    ],
  );
  const order = events[0]!.order!;
  assert.equal(events[0]!.customer_ref, '27');
  assert.equal(order.total, '84.80');
  assert.equal(order.currency, 'EUR');
  assert.equal(order.channel, 'checkout');
  assert.equal(order.shipping_method, 'DHL Paket');
  assert.equal(order.payment_method, 'Kreditkarte (Stripe)');
  assert.equal(order.financial_status, 'paid');
  assert.equal(order.fulfillment_status, 'fulfilled');
  assert.deepEqual(order.destination, { name: 'Jonas Becker', city: 'Leipzig', postal_code: '04109', country: 'DE' });
  assert.equal(order.customer?.email, 'jonas.becker@example.de');
  assert.deepEqual(order.line_items?.[0], { title: 'Espresso Tassen Set (2 Stück)', sku: 'ETS-2', quantity: 2, price: '16.764706' });
  assert.equal(events[0]!.promise_date, '2026-11-25T00:00:00.000Z');
  const parcel = events[2]!.shipment!;
  assert.equal(parcel.tracking_number, '00340434161094042557');
  assert.equal(parcel.carrier, 'dhl');
  assert.equal(parcel.state, 'label_created');
  assert.equal(events[2]!.order_ref, '4812');
});

test('WooCommerce statuses map to canonical events (documented in docs/sources.md)', () => {
  const cases: [topic: string, status: string, types: string[]][] = [
    ['order.created', 'pending', ['order.placed']],
    ['order.created', 'processing', ['order.placed', 'order.paid']],
    ['order.updated', 'pending', ['order.updated']],
    ['order.updated', 'processing', ['order.paid', 'order.updated']],
    ['order.updated', 'on-hold', ['order.updated']],
    ['order.updated', 'completed', ['order.fulfilled', 'order.updated']],
    ['order.updated', 'cancelled', ['order.cancelled', 'order.updated']],
    ['order.updated', 'refunded', ['order.refunded', 'order.updated']],
    ['order.updated', 'failed', ['order.updated']],
    ['order.updated', 'shipped', ['order.updated']],
  ];
  for (const [topic, status, types] of cases) {
    const events = normalizeAll(woocommerceAdapter.parse(wcRequest(withStatus(status), topic)).events);
    assert.deepEqual(events.filter((item) => item.event.type.startsWith('order.')).map((item) => item.event.type), types, `${topic} ${status}`);
  }
});

test('WooCommerce: guests have no customer ref; a bad tracking number is reported, not fatal', () => {
  const text = ownFixture(FIXTURE).toString('utf8').replace('"customer_id": 27', '"customer_id": 0').replace('00340434161094042557', '12');
  const events = normalizeAll(woocommerceAdapter.parse(wcRequest(Buffer.from(text))).events).map((item) => item.event);
  assert.equal(events[0]!.customer_ref, null);
  assert.deepEqual(events.map((event) => event.type), ['order.fulfilled', 'order.updated']);
  assert.deepEqual(events[0]!.attributes?.['skipped_tracking_numbers'], ['12']);
});

test('WooCommerce: other topics yield no events; a body that is not an order is a parse error', () => {
  assert.deepEqual(woocommerceAdapter.parse(wcRequest(Buffer.from('{"id":5}'), 'product.updated')).events, []);
  assert.throws(() => woocommerceAdapter.parse(wcRequest(Buffer.from('[1,2]'))), SourceParseError);
  assert.throws(() => woocommerceAdapter.parse(wcRequest(Buffer.from('{"id":5}'))), (error: unknown) => error instanceof SourceParseError && error.field === 'date_modified_gmt');
});
