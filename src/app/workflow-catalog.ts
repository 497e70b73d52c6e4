// The rules each store runs, compiled once and kept in memory: ingest matches triggers against
// them inside its transaction without a query. Saved versions are immutable, so a run's pinned
// version is cached forever; the list of enabled ones is refreshed every `refreshMs` (another
// process may have saved) and at once after a save in this process.

import type { Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { withDefaultSettings, type StoreSettings } from '../core/settings/store-settings.ts';
import type { CompiledWorkflow } from '../core/workflows/compile-workflow.ts';
import { validateWorkflow } from '../core/workflows/parse-workflow.ts';
import type { WorkflowVersionRecord } from '../core/workflows/workflow-record.ts';

export interface ActiveWorkflow {
  workflowId: string;
  version: number;
  compiled: CompiledWorkflow;
}

export interface StoreRules {
  storeName: string;
  settings: StoreSettings;
  workflows: readonly ActiveWorkflow[];
}

export interface WorkflowCatalog {
  /** The rules of a store as last loaded; undefined before `prepare` loaded them once. */
  get(storeId: string): StoreRules | undefined;
  /** Load (or refresh, when stale) the rules of these stores. */
  prepare(storeIds: Iterable<string>): Promise<void>;
  /** A pinned version, compiled; null when it does not exist or no longer compiles. */
  version(storeId: string, workflowId: string, version: number): Promise<CompiledWorkflow | null>;
  /** Forget what is cached for a store (after a save or a settings change). */
  invalidate(storeId: string): void;
}

/**
 * `defaults` are the install's settings (from its configuration) for what a store has not set
 * itself, such as the stall threshold.
 */
export function createWorkflowCatalog(store: Store, clock: Clock, options: { refreshMs?: number; defaults?: Partial<StoreSettings> } = {}): WorkflowCatalog {
  const refreshMs = options.refreshMs ?? 1_000;
  const rules = new Map<string, { loadedAtMs: number; rules: StoreRules }>();
  const versions = new Map<string, CompiledWorkflow | null>();
  const loading = new Map<string, Promise<void>>();

  function compile(record: WorkflowVersionRecord): CompiledWorkflow | null {
    const key = `${record.storeId}\u0000${record.workflowId}\u0000${record.version}`;
    if (versions.has(key)) return versions.get(key)!;
    const parsed = validateWorkflow(`${record.workflowId} v${record.version}`, record.document);
    const compiled = parsed.ok ? parsed.compiled : null;
    versions.set(key, compiled);
    return compiled;
  }

  async function load(storeId: string): Promise<void> {
    const [records, settings, storeRecord] = await Promise.all([
      store.admin.listEnabledWorkflowVersions(storeId),
      store.admin.getStoreSettings(storeId),
      store.admin.getStore(storeId),
    ]);
    const workflows: ActiveWorkflow[] = [];
    for (const record of records) {
      const compiled = compile(record);
      if (compiled) workflows.push({ workflowId: record.workflowId, version: record.version, compiled });
    }
    rules.set(storeId, { loadedAtMs: clock.nowMs(), rules: { storeName: storeRecord?.name ?? storeId, settings: withDefaultSettings({ ...options.defaults, ...settings }), workflows } });
  }

  function refresh(storeId: string): Promise<void> {
    let pending = loading.get(storeId);
    if (!pending) {
      pending = load(storeId).finally(() => loading.delete(storeId));
      loading.set(storeId, pending);
    }
    return pending;
  }

  return {
    get: (storeId) => rules.get(storeId)?.rules,
    async prepare(storeIds) {
      const waits: Promise<void>[] = [];
      for (const storeId of storeIds) {
        const cached = rules.get(storeId);
        if (!cached) waits.push(refresh(storeId));
        // Stale rules are still good for this request; the reload runs beside it.
        else if (clock.nowMs() - cached.loadedAtMs > refreshMs) void refresh(storeId).catch(() => {});
      }
      await Promise.all(waits);
    },
    async version(storeId, workflowId, version) {
      const key = `${storeId}\u0000${workflowId}\u0000${version}`;
      if (versions.has(key)) return versions.get(key)!;
      const record = await store.admin.getWorkflowVersion(storeId, workflowId, version);
      return record ? compile(record) : null;
    },
    invalidate(storeId) {
      rules.delete(storeId);
    },
  };
}
