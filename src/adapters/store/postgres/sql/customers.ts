// Statements about a store's customers, read from the order projection (orders.customer_ref is
// generated from the order's body, migrations/postgres/0003_workflows.sql).

import { toNumber, type Db } from './db.ts';

export async function countCustomerOrders(db: Db, storeId: string, customerRef: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE store_id = $1 AND customer_ref = $2', [storeId, customerRef]);
  return toNumber(rows[0]?.n ?? 0);
}
