// Generic JSON sources through the real route: the two example mappings of docs/examples (a
// warehouse picked/packed/shipped feed with HMAC, a B2B purchase-order feed with a token), each
// rejection path, and a mapping fixed by configuration replaying its quarantined payloads.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { compileGenericSource } from '../../src/adapters/sources/generic-json.ts';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';

const mapping = (name: string) => parseYaml(readFileSync(new URL(`../../docs/examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const WAREHOUSE = mapping('warehouse-feed.mapping.yaml');
const PURCHASE_ORDERS = mapping('purchase-order-feed.mapping.yaml');

let h: TestHerald;
let key: string;
before(async () => {
  h = await startTestHerald();
  key = await h.addStore('acme');
  await h.herald.store.admin.saveSourceConfig({ storeId: 'acme', source: 'wms', secret: 'wh-secret', urlToken: null, shopDomain: null, settings: WAREHOUSE, createdAt: '2026-11-20T00:00:00.000Z' });
  await h.herald.store.admin.saveSourceConfig({ storeId: 'acme', source: 'erp', secret: 'erp-token-1', urlToken: null, shopDomain: null, settings: PURCHASE_ORDERS, createdAt: '2026-11-20T00:00:00.000Z' });
});
after(async () => h?.close());

const signed = (body: Buffer) => ({ 'x-warehouse-signature': `sha256=${createHmac('sha256', 'wh-secret').update(body).digest('hex')}` });
const get = async (path: string) => (await h.request(path, { key })).json() as Promise<Record<string, Record<string, unknown>>>;

const warehouseBody = Buffer.from(
  JSON.stringify({
    warehouse: 'DE-BER-1',
    events: [
      { event_id: 'wh-1001-picked', order: '1001', status: 'picked', at: '2026-11-20T09:00:00Z' },
      { event_id: 'wh-1001-packed', order: '1001', status: 'packed', at: '2026-11-20T09:30:00Z' },
      { event_id: 'wh-1001-shipped', order: '1001', status: 'shipped', at: '2026-11-20T11:00:00Z', carrier: 'dhl', tracking: '00340434161094042557' },
    ],
  }),
);

test('warehouse feed (HMAC): picked and packed are order updates, shipped opens the parcel', async () => {
  const response = await h.webhook('wms', 'acme', warehouseBody, signed(warehouseBody));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { ok: true, events: 3, accepted: 3, duplicates: 0 });
  const parcel = (await get('/v1/shipments/any/00340434161094042557'))['shipment']!;
  assert.equal(parcel['state'], 'label_created');
  assert.equal(parcel['order_ref'], '1001');
  assert.equal(parcel['carrier'], 'dhl');
  const event = await h.herald.store.reads.getEvent('acme', 'wms', 'wh-1001-packed');
  assert.deepEqual(event?.event.attributes, { warehouse_status: 'packed', warehouse: 'DE-BER-1' });
  const again = await h.webhook('wms', 'acme', warehouseBody, signed(warehouseBody));
  assert.deepEqual(await again.json(), { ok: true, events: 3, accepted: 0, duplicates: 3 }, 'a retry is deduplicated by event_id');
});

test('warehouse feed: a changed byte, a missing or malformed signature are 401 and store nothing', async () => {
  const before = await h.herald.store.reads.countEvents('acme');
  const changed = Buffer.from(warehouseBody);
  changed[20] = changed[20]! ^ 0x01;
  assert.equal((await h.webhook('wms', 'acme', changed, signed(warehouseBody))).status, 401);
  assert.equal((await h.webhook('wms', 'acme', warehouseBody, {})).status, 401);
  assert.equal((await h.webhook('wms', 'acme', warehouseBody, { 'x-warehouse-signature': 'md5=abc' })).status, 401);
  assert.equal((await h.webhook('wms', 'acme', warehouseBody, { 'x-warehouse-signature': 'sha256=zz' })).status, 401);
  assert.equal(await h.herald.store.reads.countEvents('acme'), before);
});

test('purchase-order feed (token): the PO becomes an order with buyer, total, lines and promise date', async () => {
  const body = Buffer.from(
    JSON.stringify({
      type: 'purchase_order.accepted',
      po: {
        number: 'PO-77812',
        updated_at: '2026-11-19T16:00:00+01:00',
        requested_delivery_date: '2026-11-27',
        buyer: { account_id: 'B-204', name: 'Globex GmbH', email: 'purchasing@globex.example' },
        total: { amount: '1250.00', currency: 'eur' },
        lines: [{ sku: 'PAL-1', description: 'Pallet of widgets', quantity: 10, unit_price: '125.00' }],
      },
    }),
  );
  assert.equal((await h.webhook('erp', 'acme', body, { 'x-erp-token': 'wrong' })).status, 401);
  assert.equal((await h.webhook('erp', 'acme', body, {})).status, 401);
  const response = await h.webhook('erp', 'acme', body, { 'x-erp-token': 'erp-token-1' });
  assert.equal(response.status, 200);
  const order = (await get('/v1/orders/PO-77812'))['order']!;
  assert.equal(order['total'], '1250.00');
  assert.equal(order['currency'], 'EUR');
  assert.equal(order['channel'], 'b2b');
  assert.equal(order['customer_ref'], 'B-204');
  assert.equal(order['promise_date'], '2026-11-27T00:00:00.000Z');
  assert.equal(order['placed_at'], '2026-11-19T15:00:00.000Z');
  assert.deepEqual(order['line_items'], [{ title: 'Pallet of widgets', sku: 'PAL-1', quantity: 10, price: '125.00' }]);
});

test('a payload the mapping cannot turn into valid events is quarantined, and replays after the mapping is fixed', async () => {
  const body = Buffer.from(JSON.stringify({ type: 'purchase_order.shipped', po: { number: 'PO-9', updated_at: '2026-11-20T08:00:00Z' } }));
  const response = await h.webhook('erp', 'acme', body, { 'x-erp-token': 'erp-token-1' });
  assert.equal(response.status, 202, 'an unknown PO type maps to no event type');
  const answer = (await response.json()) as { quarantine_id: string; error: { code: string } };
  assert.equal(answer.error.code, 'source_mapping_failed');
  const notJson = await h.webhook('erp', 'acme', Buffer.from('{"po": '), { 'x-erp-token': 'erp-token-1' });
  assert.equal(notJson.status, 202);
  assert.equal(((await notJson.json()) as { error: { field: string } }).error.field, '(body)');

  const fields = { ...(PURCHASE_ORDERS['fields'] as Record<string, string>) };
  fields['type'] = '$lookup({"purchase_order.accepted": "order.placed", "purchase_order.shipped": "order.fulfilled"}, type)';
  await h.herald.store.admin.saveSourceConfig({ storeId: 'acme', source: 'erp', secret: 'erp-token-1', urlToken: null, shopDomain: null, settings: { ...PURCHASE_ORDERS, fields }, createdAt: '2026-11-20T00:00:00.000Z' });
  const replay = await h.request(`/v1/quarantine/${answer.quarantine_id}/replay`, { method: 'POST', key });
  assert.equal(replay.status, 200);
  assert.equal(((await replay.json()) as { accepted: number }).accepted, 1);
  assert.ok((await get('/v1/orders/PO-9'))['order']!['fulfilled_at']);
});

test('mappings are checked when compiled: unknown keys, bad JSONata, no type', () => {
  assert.throws(() => compileGenericSource('x', { kind: 'generic', auth: { type: 'token' }, fields: { type: '"order.placed"' }, extra: 1 }));
  assert.throws(() => compileGenericSource('x', { kind: 'generic', auth: { type: 'token' }, fields: { type: '"order.placed' } }), /fields\.type: invalid JSONata/);
  assert.throws(() => compileGenericSource('x', { kind: 'generic', auth: { type: 'token' }, fields: { order_ref: 'id' } }), /at least 'type'/);
  assert.throws(() => compileGenericSource('x', { kind: 'generic', auth: { type: 'hmac' }, fields: { type: '"order.placed"' } }));
});

test('an unknown generic source name and broken stored settings are refused before anything is read', async () => {
  assert.equal((await h.webhook('nowms', 'acme', warehouseBody, signed(warehouseBody))).status, 404);
  await h.herald.store.admin.saveSourceConfig({ storeId: 'acme', source: 'broken', secret: 's', urlToken: null, shopDomain: null, settings: { kind: 'generic', auth: { type: 'token' }, fields: { type: '"x' } }, createdAt: '2026-11-20T00:00:00.000Z' });
  const response = await h.webhook('broken', 'acme', warehouseBody, {});
  assert.equal(response.status, 401);
  assert.match(JSON.stringify(await response.json()), /settings of source 'broken' are invalid/);
});
