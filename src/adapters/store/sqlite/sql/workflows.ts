// Statements over workflows and their versions: every save is a new, immutable version; the
// workflow row says which one is current and whether it runs. Writes run on the single writer
// (inside group commit), so reading the current version and writing the next one is atomic.

import type Database from 'better-sqlite3';
import type { NewWorkflowVersion, WorkflowRecord, WorkflowVersionRecord } from '../../../../core/workflows/workflow-record.ts';
import { canonicalJson, toWorkflow, toWorkflowVersion, type WorkflowRow, type WorkflowVersionRow } from '../../record-rows.ts';

export function createWorkflowStatements(db: Database.Database) {
  const getWorkflow = db.prepare<[string, string], WorkflowRow>('SELECT * FROM workflows WHERE store_id = ? AND workflow_id = ?');
  const workflowsOfStore = db.prepare<[string], WorkflowRow>('SELECT * FROM workflows WHERE store_id = ? ORDER BY workflow_id');
  const getVersion = db.prepare<[string, string, number], WorkflowVersionRow>(
    'SELECT * FROM workflow_versions WHERE store_id = ? AND workflow_id = ? AND version = ?',
  );
  const currentVersion = db.prepare<[string, string], WorkflowVersionRow>(
    `SELECT v.* FROM workflows w
     JOIN workflow_versions v ON v.store_id = w.store_id AND v.workflow_id = w.workflow_id AND v.version = w.current_version
     WHERE w.store_id = ? AND w.workflow_id = ?`,
  );
  const versionsOf = db.prepare<[string, string], WorkflowVersionRow>(
    'SELECT * FROM workflow_versions WHERE store_id = ? AND workflow_id = ? ORDER BY version DESC',
  );
  const enabledVersions = db.prepare<[string], WorkflowVersionRow>(
    `SELECT v.* FROM workflows w
     JOIN workflow_versions v ON v.store_id = w.store_id AND v.workflow_id = w.workflow_id AND v.version = w.current_version
     WHERE w.store_id = ? AND w.enabled = 1 ORDER BY w.workflow_id`,
  );
  const nextVersion = db.prepare<[string, string], { next: number }>(
    'SELECT coalesce(max(version), 0) + 1 AS next FROM workflow_versions WHERE store_id = ? AND workflow_id = ?',
  );
  const insertVersion = db.prepare(
    `INSERT INTO workflow_versions (store_id, workflow_id, version, document, source_text, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // A new workflow starts enabled unless told otherwise; an existing one keeps its flag unless told.
  const makeCurrent = db.prepare<{ store: string; workflow: string; version: number; enabled: number | null; at: string }>(
    `INSERT INTO workflows (store_id, workflow_id, current_version, enabled, updated_at)
     VALUES (@store, @workflow, @version, coalesce(@enabled, 1), @at)
     ON CONFLICT (store_id, workflow_id) DO UPDATE SET current_version = excluded.current_version,
       enabled = coalesce(@enabled, workflows.enabled), updated_at = excluded.updated_at`,
  );
  const setEnabled = db.prepare('UPDATE workflows SET enabled = ?, updated_at = ? WHERE store_id = ? AND workflow_id = ?');

  return {
    saveWorkflowVersion(input: NewWorkflowVersion, enabled: boolean | undefined): { version: WorkflowVersionRecord; created: boolean } {
      const row = currentVersion.get(input.storeId, input.workflowId);
      const current = row ? toWorkflowVersion(row) : null;
      if (current && canonicalJson(current.document) === canonicalJson(input.document)) return { version: current, created: false };
      const version = nextVersion.get(input.storeId, input.workflowId)!.next;
      insertVersion.run(input.storeId, input.workflowId, version, JSON.stringify(input.document), input.sourceText, input.createdAt, input.createdBy);
      makeCurrent.run({ store: input.storeId, workflow: input.workflowId, version, enabled: enabled === undefined ? null : Number(enabled), at: input.createdAt });
      return { version: toWorkflowVersion(getVersion.get(input.storeId, input.workflowId, version)!), created: true };
    },
    setWorkflowEnabled(storeId: string, workflowId: string, enabled: boolean, updatedAt: string): boolean {
      return setEnabled.run(Number(enabled), updatedAt, storeId, workflowId).changes === 1;
    },
    listWorkflows(storeId: string): WorkflowRecord[] {
      return workflowsOfStore.all(storeId).map(toWorkflow);
    },
    getWorkflow(storeId: string, workflowId: string): WorkflowRecord | null {
      const row = getWorkflow.get(storeId, workflowId);
      return row ? toWorkflow(row) : null;
    },
    getWorkflowVersion(storeId: string, workflowId: string, version: number | null): WorkflowVersionRecord | null {
      const row = version === null ? currentVersion.get(storeId, workflowId) : getVersion.get(storeId, workflowId, version);
      return row ? toWorkflowVersion(row) : null;
    },
    listWorkflowVersions(storeId: string, workflowId: string): WorkflowVersionRecord[] {
      return versionsOf.all(storeId, workflowId).map(toWorkflowVersion);
    },
    listEnabledWorkflowVersions(storeId: string): WorkflowVersionRecord[] {
      return enabledVersions.all(storeId).map(toWorkflowVersion);
    },
  };
}
