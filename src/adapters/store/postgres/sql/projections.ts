// Statements over the order and shipment projections. Loads inside a transaction lock first
// (row-locks.ts) and read after, in a separate statement: under READ COMMITTED each statement
// takes a fresh snapshot, so the read sees whatever the previous lock holder committed.

import type { OrderRecord } from '../../../../core/order/order-record.ts';
import type { ShipmentRecord } from '../../../../core/shipment/shipment-record.ts';
import { compareText } from '../../record-rows.ts';
import { bodiesParam, type Db } from './db.ts';
import { lockKeys } from './row-locks.ts';

export async function getOrder(db: Db, storeId: string, orderRef: string): Promise<OrderRecord | null> {
  const { rows } = await db.query<{ body: OrderRecord }>('SELECT body FROM orders WHERE store_id = $1 AND order_ref = $2', [storeId, orderRef]);
  return rows[0]?.body ?? null;
}

export async function loadOrders(db: Db, storeId: string, orderRefs: readonly string[]): Promise<Map<string, OrderRecord>> {
  if (orderRefs.length === 0) return new Map();
  await lockKeys(db, 'order', storeId, orderRefs);
  const { rows } = await db.query<{ order_ref: string; body: OrderRecord }>(
    'SELECT order_ref, body FROM orders WHERE store_id = $1 AND order_ref = ANY($2::text[])',
    [storeId, orderRefs],
  );
  return inRequestedOrder(orderRefs, new Map(rows.map((row) => [row.order_ref, row.body])));
}

/** One upsert; of several records with the same key in one call, the last wins. */
export async function saveOrders(db: Db, orders: readonly OrderRecord[]): Promise<void> {
  const latest = lastByKey(orders, (order) => [order.storeId, order.orderRef]);
  if (latest.length === 0) return;
  await db.query(
    `INSERT INTO orders (store_id, order_ref, body, updated_at)
     SELECT u.store_id, u.order_ref, b.body::jsonb, u.updated_at
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (store_id, order_ref, updated_at, ord)
     JOIN json_array_elements($4::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
     ORDER BY u.ord
     ON CONFLICT (store_id, order_ref) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    [latest.map((o) => o.storeId), latest.map((o) => o.orderRef), latest.map((o) => o.updatedAt), bodiesParam(latest)],
  );
}

export async function getShipment(db: Db, storeId: string, trackingNumber: string): Promise<ShipmentRecord | null> {
  const { rows } = await db.query<{ body: ShipmentRecord }>(
    'SELECT body FROM shipments WHERE store_id = $1 AND tracking_number = $2',
    [storeId, trackingNumber],
  );
  return rows[0]?.body ?? null;
}

export async function loadShipments(db: Db, storeId: string, trackingNumbers: readonly string[]): Promise<Map<string, ShipmentRecord>> {
  if (trackingNumbers.length === 0) return new Map();
  await lockKeys(db, 'shipment', storeId, trackingNumbers);
  const { rows } = await db.query<{ tracking_number: string; body: ShipmentRecord }>(
    'SELECT tracking_number, body FROM shipments WHERE store_id = $1 AND tracking_number = ANY($2::text[])',
    [storeId, trackingNumbers],
  );
  return inRequestedOrder(trackingNumbers, new Map(rows.map((row) => [row.tracking_number, row.body])));
}

/** Every shipment of the given orders: order by order as requested, oldest parcel first. */
export async function shipmentsOfOrders(db: Db, storeId: string, orderRefs: readonly string[]): Promise<ShipmentRecord[]> {
  if (orderRefs.length === 0) return [];
  const { rows } = await db.query<{ body: ShipmentRecord }>(
    `SELECT s.body FROM unnest($2::text[]) WITH ORDINALITY AS r (ref, i)
     JOIN shipments s ON s.store_id = $1 AND s.order_ref = r.ref
     ORDER BY r.i, s.body ->> 'createdAt' COLLATE "C", s.tracking_number COLLATE "C"`,
    [storeId, orderRefs],
  );
  return rows.map((row) => row.body);
}

export async function saveShipments(db: Db, shipments: readonly ShipmentRecord[]): Promise<void> {
  const latest = lastByKey(shipments, (s) => [s.storeId, s.trackingNumber]);
  if (latest.length === 0) return;
  await db.query(
    `INSERT INTO shipments (store_id, tracking_number, id, order_ref, carrier, state, body, updated_at)
     SELECT u.store_id, u.tracking_number, u.id, u.order_ref, u.carrier, u.state, b.body::jsonb, u.updated_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       WITH ORDINALITY AS u (store_id, tracking_number, id, order_ref, carrier, state, updated_at, ord)
     JOIN json_array_elements($8::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
     ORDER BY u.ord
     ON CONFLICT (store_id, tracking_number) DO UPDATE SET order_ref = excluded.order_ref, carrier = excluded.carrier,
       state = excluded.state, body = excluded.body, updated_at = excluded.updated_at`,
    [
      latest.map((s) => s.storeId),
      latest.map((s) => s.trackingNumber),
      latest.map((s) => s.id),
      latest.map((s) => s.orderRef),
      latest.map((s) => s.carrier),
      latest.map((s) => s.truth.state),
      latest.map((s) => s.updatedAt),
      bodiesParam(latest),
    ],
  );
}

function inRequestedOrder<T>(keys: readonly string[], found: Map<string, T>): Map<string, T> {
  const ordered = new Map<string, T>();
  for (const key of keys) {
    const value = found.get(key);
    if (value !== undefined) ordered.set(key, value);
  }
  return ordered;
}

/**
 * One record per key (an upsert may not touch a row twice), the last given winning, sorted by
 * key so concurrent upserts lock rows in the same order.
 */
function lastByKey<T>(records: readonly T[], keyOf: (record: T) => [string, string]): T[] {
  const byKey = new Map<string, { key: [string, string]; record: T }>();
  for (const record of records) {
    const key = keyOf(record);
    byKey.set(`${key[0]}\u0000${key[1]}`, { key, record });
  }
  return [...byKey.values()]
    .sort((a, b) => compareText(a.key[0], b.key[0]) || compareText(a.key[1], b.key[1]))
    .map((entry) => entry.record);
}
