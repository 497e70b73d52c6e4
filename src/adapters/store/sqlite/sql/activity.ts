// Statements over the workflow run log: append-only, read per order. The lines one call appends
// for one order share a row (its body a JSON array; a lone line is a plain object): one index
// entry for a run's whole story instead of one per line.

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
      const byOrder = new Map<string, WorkflowActivityRecord[]>();
      for (const r of records) {
        const k = `${r.storeId}\u0000${r.orderRef}`;
        const group = byOrder.get(k);
        if (group) group.push(r);
        else byOrder.set(k, [r]);
      }
      for (const group of byOrder.values()) {
        const first = group[0]!;
        insert.run(first.storeId, first.orderRef, first.at, JSON.stringify(group.length === 1 ? first : group));
      }
    },
    listOrderActivity(storeId: string, orderRef: string, limit: number): WorkflowActivityRecord[] {
      // A row holds at least one line: `limit` rows are enough for `limit` lines.
      const lines = ofOrder.all(storeId, orderRef, limit).flatMap((row) => fromBody<WorkflowActivityRecord | WorkflowActivityRecord[]>(row as BodyRow<WorkflowActivityRecord | WorkflowActivityRecord[]>));
      return lines.slice(0, limit);
    },
  };
}
