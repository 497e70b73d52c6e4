// Statements over the order and shipment projections.

import type Database from 'better-sqlite3';
import type { OrderRecord } from '../../../../core/order/order-record.ts';
import type { ShipmentRecord } from '../../../../core/shipment/shipment-record.ts';
import { ORDER_KEYS } from './order-keys.ts';

export function createProjectionStatements(db: Database.Database) {
  const getOrder = db.prepare<[string, string], { body: string }>('SELECT body FROM orders WHERE store_id = ? AND order_ref = ?');
  // Writes that leave an index alone when its key did not change (SQLite rewrites every index
  // on a column named in SET, whatever the value): most updates of an order or a parcel change
  // its body only, and the first statement does them; the second writes the keys as well.
  const keepOrderKeys = db.prepare<{ store: string; ref: string; body: string; at: string }>(
    `UPDATE orders SET body = @body, updated_at = @at
     WHERE store_id = @store AND order_ref = @ref AND ${ORDER_KEYS.map((k) => `${k.column} IS ${k.of('@body')}`).join(' AND ')}`,
  );
  const putOrder = db.prepare<{ store: string; ref: string; body: string; at: string }>(
    `INSERT INTO orders (store_id, order_ref, body, updated_at, ${ORDER_KEYS.map((k) => k.column).join(', ')})
     VALUES (@store, @ref, @body, @at, ${ORDER_KEYS.map((k) => k.of('@body')).join(', ')})
     ON CONFLICT (store_id, order_ref) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at,
       ${ORDER_KEYS.map((k) => `${k.column} = excluded.${k.column}`).join(', ')}`,
  );
  const getShipment = db.prepare<[string, string], { body: string }>(
    'SELECT body FROM shipments WHERE store_id = ? AND tracking_number = ?',
  );
  const shipmentsOfOrder = db.prepare<[string, string], { body: string }>(
    'SELECT body FROM shipments WHERE store_id = ? AND order_ref = ? ORDER BY created_at, tracking_number',
  );
  type ShipmentRow = { store: string; number: string; id: string; order: string | null; carrier: string | null; state: string; body: string; at: string; created: string };
  const keepShipmentKeys = db.prepare<ShipmentRow>(
    `UPDATE shipments SET carrier = @carrier, state = @state, body = @body, updated_at = @at
     WHERE store_id = @store AND tracking_number = @number AND order_ref IS @order AND created_at IS @created`,
  );
  const putShipment = db.prepare<ShipmentRow>(
    `INSERT INTO shipments (store_id, tracking_number, id, order_ref, carrier, state, body, updated_at, created_at)
     VALUES (@store, @number, @id, @order, @carrier, @state, @body, @at, @created)
     ON CONFLICT (store_id, tracking_number) DO UPDATE SET order_ref = excluded.order_ref, carrier = excluded.carrier,
       state = excluded.state, body = excluded.body, updated_at = excluded.updated_at, created_at = excluded.created_at`,
  );

  return {
    getOrder(storeId: string, orderRef: string): OrderRecord | null {
      const row = getOrder.get(storeId, orderRef);
      return row ? (JSON.parse(row.body) as OrderRecord) : null;
    },
    loadOrders(storeId: string, orderRefs: readonly string[]): Map<string, OrderRecord> {
      const found = new Map<string, OrderRecord>();
      for (const ref of orderRefs) {
        const row = getOrder.get(storeId, ref);
        if (row) found.set(ref, JSON.parse(row.body) as OrderRecord);
      }
      return found;
    },
    saveOrders(orders: readonly OrderRecord[]): void {
      for (const order of orders) {
        const row = { store: order.storeId, ref: order.orderRef, body: JSON.stringify(order), at: order.updatedAt };
        if (keepOrderKeys.run(row).changes === 0) putOrder.run(row);
      }
    },
    getShipment(storeId: string, trackingNumber: string): ShipmentRecord | null {
      const row = getShipment.get(storeId, trackingNumber);
      return row ? (JSON.parse(row.body) as ShipmentRecord) : null;
    },
    loadShipments(storeId: string, trackingNumbers: readonly string[]): Map<string, ShipmentRecord> {
      const found = new Map<string, ShipmentRecord>();
      for (const number of trackingNumbers) {
        const row = getShipment.get(storeId, number);
        if (row) found.set(number, JSON.parse(row.body) as ShipmentRecord);
      }
      return found;
    },
    shipmentsOfOrders(storeId: string, orderRefs: readonly string[]): ShipmentRecord[] {
      return orderRefs.flatMap((ref) => shipmentsOfOrder.all(storeId, ref).map((row) => JSON.parse(row.body) as ShipmentRecord));
    },
    saveShipments(shipments: readonly ShipmentRecord[]): void {
      for (const s of shipments) {
        const row = { store: s.storeId, number: s.trackingNumber, id: s.id, order: s.orderRef, carrier: s.carrier, state: s.truth.state, body: JSON.stringify(s), at: s.updatedAt, created: s.createdAt };
        if (keepShipmentKeys.run(row).changes === 0) putShipment.run(row);
      }
    },
  };
}
