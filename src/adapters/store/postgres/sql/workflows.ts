// Statements over workflows and their versions: every save is a new, immutable version; the
// workflow row says which one is current and whether it runs. A save runs in its own transaction
// under an advisory lock on (store, workflow), taken before anything is read: concurrent saves of
// the same workflow (even a brand-new one, which has no row to lock yet) queue and get
// consecutive versions, and each compares its document with what the previous one committed.

import type { NewWorkflowVersion, WorkflowRecord, WorkflowVersionRecord } from '../../../../core/workflows/workflow-record.ts';
import { canonicalJson, toWorkflow, toWorkflowVersion, type WorkflowRow, type WorkflowVersionRow } from '../../record-rows.ts';
import type { Db } from './db.ts';

const WORKFLOW_COLUMNS = 'store_id, workflow_id, current_version, enabled, updated_at';
const VERSION_COLUMNS = 'v.store_id, v.workflow_id, v.version, v.document, v.source_text, v.created_at, v.created_by';
const CURRENT = `workflows w JOIN workflow_versions v
  ON v.store_id = w.store_id AND v.workflow_id = w.workflow_id AND v.version = w.current_version`;

/** Must run inside a transaction (the lock is transaction-scoped). */
export async function saveWorkflowVersion(
  db: Db,
  input: NewWorkflowVersion,
  enabled: boolean | undefined,
): Promise<{ version: WorkflowVersionRecord; created: boolean }> {
  // Lock and read are two statements: the read's snapshot must come after the lock (docs/postgres.md).
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('herald:workflow' || chr(31) || $1 || chr(31) || $2, 0))`, [
    input.storeId,
    input.workflowId,
  ]);
  const current = await getWorkflowVersion(db, input.storeId, input.workflowId, null);
  if (current && canonicalJson(current.document) === canonicalJson(input.document)) return { version: current, created: false };
  const { rows } = await db.query<WorkflowVersionRow>(
    `INSERT INTO workflow_versions AS v (store_id, workflow_id, version, document, source_text, created_at, created_by)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3::jsonb, $4, $5, $6 FROM workflow_versions WHERE store_id = $1 AND workflow_id = $2
     RETURNING ${VERSION_COLUMNS}`,
    [input.storeId, input.workflowId, JSON.stringify(input.document), input.sourceText, input.createdAt, input.createdBy],
  );
  const saved = toWorkflowVersion(rows[0]!);
  // A new workflow starts enabled unless told otherwise; an existing one keeps its flag unless told
  // (read at write time, so a concurrent enable/disable is not overwritten with a stale value).
  await db.query(
    `INSERT INTO workflows AS w (${WORKFLOW_COLUMNS}) VALUES ($1, $2, $3, coalesce($4::boolean, true), $5)
     ON CONFLICT (store_id, workflow_id) DO UPDATE SET current_version = excluded.current_version,
       enabled = coalesce($4::boolean, w.enabled), updated_at = excluded.updated_at`,
    [input.storeId, input.workflowId, saved.version, enabled ?? null, input.createdAt],
  );
  return { version: saved, created: true };
}

export async function setWorkflowEnabled(db: Db, storeId: string, workflowId: string, enabled: boolean, updatedAt: string): Promise<boolean> {
  const result = await db.query('UPDATE workflows SET enabled = $1, updated_at = $2 WHERE store_id = $3 AND workflow_id = $4', [
    enabled,
    updatedAt,
    storeId,
    workflowId,
  ]);
  return result.rowCount === 1;
}

export async function listWorkflows(db: Db, storeId: string): Promise<WorkflowRecord[]> {
  const { rows } = await db.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE store_id = $1 ORDER BY workflow_id COLLATE "C"`, [storeId]);
  return rows.map(toWorkflow);
}

export async function getWorkflow(db: Db, storeId: string, workflowId: string): Promise<WorkflowRecord | null> {
  const { rows } = await db.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE store_id = $1 AND workflow_id = $2`, [storeId, workflowId]);
  return rows[0] ? toWorkflow(rows[0]) : null;
}

/** One version, or the current one when `version` is null. */
export async function getWorkflowVersion(db: Db, storeId: string, workflowId: string, version: number | null): Promise<WorkflowVersionRecord | null> {
  const { rows } =
    version === null
      ? await db.query<WorkflowVersionRow>(`SELECT ${VERSION_COLUMNS} FROM ${CURRENT} WHERE w.store_id = $1 AND w.workflow_id = $2`, [storeId, workflowId])
      : await db.query<WorkflowVersionRow>(
          `SELECT ${VERSION_COLUMNS} FROM workflow_versions v WHERE v.store_id = $1 AND v.workflow_id = $2 AND v.version = $3`,
          [storeId, workflowId, version],
        );
  return rows[0] ? toWorkflowVersion(rows[0]) : null;
}

export async function listWorkflowVersions(db: Db, storeId: string, workflowId: string): Promise<WorkflowVersionRecord[]> {
  const { rows } = await db.query<WorkflowVersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM workflow_versions v WHERE v.store_id = $1 AND v.workflow_id = $2 ORDER BY v.version DESC`,
    [storeId, workflowId],
  );
  return rows.map(toWorkflowVersion);
}

export async function listEnabledWorkflowVersions(db: Db, storeId: string): Promise<WorkflowVersionRecord[]> {
  const { rows } = await db.query<WorkflowVersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM ${CURRENT} WHERE w.store_id = $1 AND w.enabled ORDER BY w.workflow_id COLLATE "C"`,
    [storeId],
  );
  return rows.map(toWorkflowVersion);
}
