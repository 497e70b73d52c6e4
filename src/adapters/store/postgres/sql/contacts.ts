// Statements that find a store's orders by who bought them or by the storefront's order number,
// over the generated columns of migrations/postgres/0005_contacts.sql. What is searched for goes
// through the same expression as the column, so both sides are normalized alike by construction.

import type { OrderRecord } from '../../../../core/order/order-record.ts';
import type { Db } from './db.ts';

/** The column expressions of 0005_contacts.sql, applied to a parameter. */
const EMAIL = (param: string) => `nullif(lower(trim(${param}::text)), '')`;
const PHONE = (param: string) =>
  `nullif(replace(replace(replace(replace(replace(replace(replace(${param}::text, ' ', ''), '-', ''), '.', ''), '/', ''), '(', ''), ')', ''), '+', ''), '')`;
const NUMBER = (param: string) => `nullif(lower(ltrim(trim(${param}::text), '#')), '')`;

/** Newest first: when the order was placed, else when Herald first saw it; ties by ref (byte order, like SQLite). */
const NEWEST = `coalesce(body ->> 'placedAt', body ->> 'createdAt') COLLATE "C"`;

export async function findOrdersByContact(db: Db, storeId: string, contact: { email?: string; phone?: string }, limit: number): Promise<OrderRecord[]> {
  if (contact.email === undefined && contact.phone === undefined) return [];
  const { rows } = await db.query<{ body: OrderRecord }>(
    `SELECT body FROM orders WHERE store_id = $1 AND (customer_email = ${EMAIL('$2')} OR customer_phone = ${PHONE('$3')})
     ORDER BY ${NEWEST} DESC, order_ref COLLATE "C" DESC LIMIT $4`,
    [storeId, contact.email ?? null, contact.phone ?? null, limit],
  );
  return rows.map((row) => row.body);
}

export async function findOrdersByNumber(db: Db, storeId: string, number: string, limit: number): Promise<OrderRecord[]> {
  const { rows } = await db.query<{ body: OrderRecord }>(
    `SELECT body FROM orders WHERE store_id = $1 AND order_number = ${NUMBER('$2')}
     ORDER BY ${NEWEST} DESC, order_ref COLLATE "C" DESC LIMIT $3`,
    [storeId, number, limit],
  );
  return rows.map((row) => row.body);
}
