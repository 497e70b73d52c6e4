// Statements over the workflow run log: append-only, read per order.

import type Database from 'better-sqlite3';
import type { WorkflowActivityRecord } from '../../../../core/workflows/workflow-activity.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';

export function createActivityStatements(db: Database.Database) {
  const insert = db.prepare('INSERT INTO workflow_activity (store_id, order_ref, at, body) VALUES (?, ?, ?, ?)');
  const ofOrder = db.prepare<[string, string, number], BodyRow<WorkflowActivityRecord>>(
    'SELECT body FROM workflow_activity WHERE store_id = ? AND order_ref = ? ORDER BY at, seq LIMIT ?',
  );

  return {
    appendActivity(records: readonly WorkflowActivityRecord[]): void {
      for (const r of records) insert.run(r.storeId, r.orderRef, r.at, JSON.stringify(r));
    },
    listOrderActivity(storeId: string, orderRef: string, limit: number): WorkflowActivityRecord[] {
      return ofOrder.all(storeId, orderRef, limit).map(fromBody);
    },
  };
}
