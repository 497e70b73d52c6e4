// Statements over the order and shipment projections.

import type Database from 'better-sqlite3';
import type { OrderRecord } from '../../../../core/order/order-record.ts';
import type { ShipmentRecord } from '../../../../core/shipment/shipment-record.ts';

export function createProjectionStatements(db: Database.Database) {
  const getOrder = db.prepare<[string, string], { body: string }>('SELECT body FROM orders WHERE store_id = ? AND order_ref = ?');
  const putOrder = db.prepare(
    `INSERT INTO orders (store_id, order_ref, body, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (store_id, order_ref) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  );
  const getShipment = db.prepare<[string, string], { body: string }>(
    'SELECT body FROM shipments WHERE store_id = ? AND tracking_number = ?',
  );
  const shipmentsOfOrder = db.prepare<[string, string], { body: string }>(
    `SELECT body FROM shipments WHERE store_id = ? AND order_ref = ? ORDER BY json_extract(body, '$.createdAt'), tracking_number`,
  );
  const putShipment = db.prepare(
    `INSERT INTO shipments (store_id, tracking_number, id, order_ref, carrier, state, body, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, tracking_number) DO UPDATE SET order_ref = excluded.order_ref,
       carrier = excluded.carrier, state = excluded.state, body = excluded.body, updated_at = excluded.updated_at`,
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
      for (const order of orders) putOrder.run(order.storeId, order.orderRef, JSON.stringify(order), order.updatedAt);
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
        putShipment.run(s.storeId, s.trackingNumber, s.id, s.orderRef, s.carrier, s.truth.state, JSON.stringify(s), s.updatedAt);
      }
    },
  };
}
