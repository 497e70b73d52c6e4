// Statements that find a store's orders by who bought them or by the storefront's order number,
// over the key columns of sql/order-keys.ts. What is searched for goes through the same
// expression as the column, so both sides are normalized alike by construction.

import type Database from 'better-sqlite3';
import type { OrderRecord } from '../../../../core/order/order-record.ts';
import { EMAIL, NUMBER, PHONE } from './order-keys.ts';

/** Newest first: when the order was placed, else when Herald first saw it; ties by ref. */
const NEWEST = "coalesce(json_extract(body, '$.placedAt'), json_extract(body, '$.createdAt'))";

interface Row {
  body: string;
}

export function createContactStatements(db: Database.Database) {
  // A UNION of two index lookups rather than one OR. INDEXED BY because, without ANALYZE
  // statistics, SQLite prefers the primary key's store_id prefix (covering, but every order of
  // the store) over the far narrower partial index; a missing index then fails loudly here.
  const byContact = db.prepare<{ store: string; email: string | null; phone: string | null; limit: number }, Row>(
    `SELECT body, order_ref, ${NEWEST} AS newest FROM orders INDEXED BY orders_by_email WHERE store_id = @store AND customer_email = ${EMAIL('@email')}
     UNION
     SELECT body, order_ref, ${NEWEST} AS newest FROM orders INDEXED BY orders_by_phone WHERE store_id = @store AND customer_phone = ${PHONE('@phone')}
     ORDER BY newest DESC, order_ref DESC LIMIT @limit`,
  );
  const byNumber = db.prepare<{ store: string; number: string; limit: number }, Row>(
    `SELECT body FROM orders INDEXED BY orders_by_number WHERE store_id = @store AND order_number = ${NUMBER('@number')}
     ORDER BY ${NEWEST} DESC, order_ref DESC LIMIT @limit`,
  );

  return {
    findOrdersByContact(storeId: string, contact: { email?: string; phone?: string }, limit: number): OrderRecord[] {
      if (contact.email === undefined && contact.phone === undefined) return [];
      return byContact
        .all({ store: storeId, email: contact.email ?? null, phone: contact.phone ?? null, limit })
        .map((row) => JSON.parse(row.body) as OrderRecord);
    },
    findOrdersByNumber(storeId: string, number: string, limit: number): OrderRecord[] {
      return byNumber.all({ store: storeId, number, limit }).map((row) => JSON.parse(row.body) as OrderRecord);
    },
  };
}
