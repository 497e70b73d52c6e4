// Runs an event starts begin in the transaction that accepts the event (DESIGN.md §1: the event,
// the new state and every intent it causes commit together), not as job rows for the worker to
// claim later: a run due now costs no job insert, claim, lease check or delete, and no second
// commit; its notification is decided (and rendered, INLINE_KINDS) before the answer goes out.
// The runs of one transaction go together in one savepoint, sharing their reads
// (src/app/shared-reads.ts). If that fails, each runs in a savepoint of its own; one that still
// fails is undone alone and stored as an ordinary job, which the worker retries with backoff and
// in the end parks where an operator sees it: a broken rule never costs an event, and never
// blocks the other runs.

import type { JobKind, JobRecord, JobSpec } from '../core/jobs/job.ts';
import type { StoreTx } from '../core/ports/store.ts';
import { inlineRecord, runHandlers, type HandlerDeps } from './fire-due-jobs.ts';
import { withSharedReads } from './shared-reads.ts';

/** Job kinds that start in the scheduling transaction when they are due now. */
export const START_NOW_KINDS: ReadonlySet<JobKind> = new Set(['workflow.run']);

export interface StartRunsDeps extends HandlerDeps {
  /** A run that failed to start at once and was queued as a job instead. */
  onQueued?: (spec: JobSpec, error: unknown) => void;
}

/** Schedules `specs`: those of START_NOW_KINDS due now run in `tx` at once; the rest are stored. */
export async function startJobsNow(deps: StartRunsDeps, tx: StoreTx, specs: readonly JobSpec[], nowMs: number): Promise<void> {
  const now: JobSpec[] = [];
  const stored: JobSpec[] = [];
  for (const spec of specs) {
    if (spec.dueAtMs <= nowMs && START_NOW_KINDS.has(spec.kind) && deps.handlers[spec.kind] !== undefined) now.push(spec);
    else stored.push(spec);
  }
  // A run of the same key still waiting (the worker behind, or a retry) is replaced, as a later
  // schedule would have superseded it: the same trigger never runs twice over.
  for (const [storeId, keys] of keysByStore(now)) await tx.cancelPendingJobs(storeId, keys);
  const records = now.map((spec, index) => inlineRecord(deps, spec, nowMs, index));
  // All together first, sharing their reads; if anything fails, each alone in its own savepoint.
  try {
    if (records.length > 0) {
      await tx.savepoint(async () => {
        const shared = withSharedReads(tx);
        await shared.prefetch(records);
        await startAll(deps, shared.tx, records, nowMs);
        await shared.flush();
      });
    }
  } catch {
    for (const [index, record] of records.entries()) {
      try {
        await tx.savepoint(() => startAll(deps, tx, [record], nowMs));
      } catch (error) {
        deps.onQueued?.(now[index]!, error);
        stored.push(now[index]!);
      }
    }
  }
  if (stored.length > 0) await tx.scheduleJobs(stored);
}

async function startAll(deps: StartRunsDeps, tx: StoreTx, records: readonly JobRecord[], nowMs: number): Promise<void> {
  const signals = await runHandlers(deps, tx, records, nowMs, { followOns: 0 });
  // Runs and sends decide and record; signals come only from timers, which never start here.
  if (signals.length > 0) throw new Error(`a ${records[0]!.kind} job returned signals: it cannot start inline`);
}

function keysByStore(specs: readonly JobSpec[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const spec of specs) {
    const keys = groups.get(spec.storeId);
    if (keys) keys.push(spec.key);
    else groups.set(spec.storeId, [spec.key]);
  }
  return groups;
}
