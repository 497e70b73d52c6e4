// Statements over the workflow run log: append-only (one statement per call), read per order.

import type { WorkflowActivityRecord } from '../../../../core/workflows/workflow-activity.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';
import { bodiesParam, type Db } from './db.ts';

export async function appendActivity(db: Db, records: readonly WorkflowActivityRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO workflow_activity (store_id, order_ref, at, body)
     SELECT u.store_id, u.order_ref, u.at, b.body::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (store_id, order_ref, at, ord)
     JOIN json_array_elements($4::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
     ORDER BY u.ord`,
    [records.map((r) => r.storeId), records.map((r) => r.orderRef), records.map((r) => r.at), bodiesParam(records)],
  );
}

export async function listOrderActivity(db: Db, storeId: string, orderRef: string, limit: number): Promise<WorkflowActivityRecord[]> {
  const { rows } = await db.query<BodyRow<WorkflowActivityRecord>>(
    'SELECT body FROM workflow_activity WHERE store_id = $1 AND order_ref = $2 ORDER BY at COLLATE "C", seq LIMIT $3',
    [storeId, orderRef, limit],
  );
  return rows.map(fromBody);
}
