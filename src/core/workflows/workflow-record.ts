// A workflow as the store keeps it: every save is a new, immutable version; the workflow row says
// which version is current and whether it runs. A run stays pinned to the version it started with.

export interface WorkflowRecord {
  storeId: string;
  /** Slug from the document's `id`, unique per store. */
  workflowId: string;
  currentVersion: number;
  enabled: boolean;
  updatedAt: string;
}

export interface WorkflowVersionRecord {
  storeId: string;
  workflowId: string;
  /** 1, 2, 3 ... per workflow, assigned by the store. */
  version: number;
  /** The validated document (src/core/workflows/workflow-schema.ts) as JSON. */
  document: Record<string, unknown>;
  /** The text as it was saved (YAML or JSON), kept for operators to read and diff. */
  sourceText: string;
  createdAt: string;
  /** Who saved it: an API key id, `cli`, or `default-pack`. */
  createdBy: string;
}

/** What `saveWorkflowVersion` needs; the store assigns the version. */
export type NewWorkflowVersion = Omit<WorkflowVersionRecord, 'version'>;
