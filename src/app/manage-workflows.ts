// Operators' verbs on workflows: validate a text, save it as a new version, enable, disable,
// list, and read versions. Saving never edits a version in place: runs stay pinned to theirs.

import { NotFoundError, ValidationError } from '../core/errors.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { parseWorkflowText, type WorkflowProblem } from '../core/workflows/parse-workflow.ts';
import type { WorkflowVersionRecord } from '../core/workflows/workflow-record.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';

export interface ManageDeps {
  store: Store;
  clock: Clock;
  /** Told about saves in this process, so they take effect at once (others refresh within a second). */
  catalog?: WorkflowCatalog | undefined;
}

/** Throws a ValidationError whose issues name `file:line:column field` and the reason. */
export function assertValidWorkflow(file: string, text: string) {
  const parsed = parseWorkflowText(file, text);
  if (!parsed.ok) throw problemsError(parsed.problems);
  return parsed;
}

export function problemsError(problems: readonly WorkflowProblem[]): ValidationError {
  const first = problems[0]!;
  return new ValidationError(
    `${first.file}:${first.line}:${first.column} ${first.field || '(document)'} ${first.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
    problems.map((p) => ({ field: p.field || '(document)', reason: `${p.reason} (${p.file}:${p.line}:${p.column})` })),
  );
}

export async function saveWorkflow(deps: ManageDeps, storeId: string, text: string, options: { file?: string; expectedId?: string; createdBy: string }) {
  const parsed = assertValidWorkflow(options.file ?? 'request body', text);
  if (options.expectedId !== undefined && parsed.document.id !== options.expectedId) {
    throw new ValidationError(`the document's id '${parsed.document.id}' is not the workflow '${options.expectedId}' in the URL`, [{ field: 'id', reason: `must be '${options.expectedId}'` }]);
  }
  const saved = await deps.store.admin.saveWorkflowVersion(
    { storeId, workflowId: parsed.document.id, document: parsed.document as unknown as Record<string, unknown>, sourceText: text, createdAt: isoAt(deps.clock.nowMs()), createdBy: options.createdBy },
    undefined,
  );
  deps.catalog?.invalidate(storeId);
  return { workflow_id: parsed.document.id, version: saved.version.version, created: saved.created };
}

export async function setEnabled(deps: ManageDeps, storeId: string, workflowId: string, enabled: boolean) {
  if (!(await deps.store.admin.setWorkflowEnabled(storeId, workflowId, enabled, isoAt(deps.clock.nowMs())))) {
    throw new NotFoundError(`no workflow '${workflowId}' in this store: list them with GET /v1/workflows`);
  }
  deps.catalog?.invalidate(storeId);
  return { workflow_id: workflowId, enabled };
}

export async function listWorkflowSummaries(store: Store, storeId: string) {
  const workflows = await store.admin.listWorkflows(storeId);
  return Promise.all(
    workflows.map(async (w) => {
      const current = await store.admin.getWorkflowVersion(storeId, w.workflowId, null);
      return { id: w.workflowId, name: current?.document['name'] ?? w.workflowId, enabled: w.enabled, version: w.currentVersion, trigger: current?.document['trigger'] ?? null, updated_at: w.updatedAt };
    }),
  );
}

export async function getWorkflowDetail(store: Store, storeId: string, workflowId: string) {
  const workflow = await store.admin.getWorkflow(storeId, workflowId);
  if (!workflow) throw new NotFoundError(`no workflow '${workflowId}' in this store`);
  const versions = await store.admin.listWorkflowVersions(storeId, workflowId);
  const current = versions.find((v) => v.version === workflow.currentVersion) ?? null;
  return {
    id: workflowId,
    enabled: workflow.enabled,
    version: workflow.currentVersion,
    document: current?.document ?? null,
    source_text: current?.sourceText ?? null,
    versions: versions.map((v) => ({ version: v.version, created_at: v.createdAt, created_by: v.createdBy })),
  };
}

export async function getVersion(store: Store, storeId: string, workflowId: string, version: number): Promise<WorkflowVersionRecord> {
  const record = await store.admin.getWorkflowVersion(storeId, workflowId, version);
  if (!record) throw new NotFoundError(`workflow '${workflowId}' has no version ${version}`);
  return record;
}
