// Statements about a store's customers, read from the order projection (orders.customer_ref is
// generated from the order's body, migrations/sqlite/0003_workflows.sql).

import type Database from 'better-sqlite3';

export function createCustomerStatements(db: Database.Database) {
  const orders = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM orders WHERE store_id = ? AND customer_ref = ?');

  return {
    countCustomerOrders(storeId: string, customerRef: string): number {
      return orders.get(storeId, customerRef)?.n ?? 0;
    },
  };
}
