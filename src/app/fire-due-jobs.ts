// Claim due jobs and run their handlers. A handler's store effects and the job's completion
// commit in one transaction, so a crash either keeps both or neither; a lost lease rolls the
// effect back. Failures back off exponentially with jitter; PermanentFailure parks the job.
// All jobs of one claim first run together in one transaction (their signals ingested as one
// batch): that is what lets a database with round trips keep up. If that fails, each job runs
// alone, so one bad job never holds back the others.
// A job a handler schedules due now, of a kind in INLINE_KINDS, runs at once in the same
// transaction instead of as a row to claim later: a workflow run's render-and-send happens in the
// run's transaction, so a notification costs one job (the run), not two.

import { LeaseLost, PermanentFailure, RetryLater } from '../core/errors.ts';
import { backoffDelayMs, DEFAULT_MAX_ATTEMPTS, type JobKind, type JobRecord, type JobSpec } from '../core/jobs/job.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { Store, StoreTx } from '../core/ports/store.ts';
import { withSharedReads } from './shared-reads.ts';

/**
 * Applies one job's effect inside the completing transaction. Events it returns (signals) are
 * ingested in that same transaction, batched with those of the other jobs.
 */
export type JobHandler = (job: JobRecord, tx: StoreTx, nowMs: number) => Promise<NormalizedEvent[] | void>;

/**
 * A job whose effect is outside the store (an HTTP call). It may complete its job in the
 * transaction that records the effect's outcome (`completeIn(tx)`) and then return 'completed',
 * which saves a transaction; otherwise the worker completes the job after it returns. A lease
 * that ended meanwhile does not undo the record: the job is then another worker's, and this
 * worker counts it as failed (the sign that the lease is shorter than the effect takes).
 */
export type JobEffect = (job: JobRecord, nowMs: number, completeIn: (tx: StoreTx) => Promise<void>) => Promise<void | 'completed'>;

export interface FireDueJobsDeps {
  store: Store;
  clock: Clock;
  handlers: Readonly<Partial<Record<JobKind, JobHandler>>>;
  workerId: string;
  leaseMs: number;
  /** A number in [0, 1) for backoff jitter. */
  random: () => number;
  /** Ingests the events handlers return, inside the jobs' transaction. */
  ingestSignals?: (tx: StoreTx, events: NormalizedEvent[]) => Promise<void>;
  /**
   * Jobs whose effect is outside the store (an HTTP call): performed before, not inside, the
   * completing transaction. At-least-once: a crash after the effect repeats it, so receivers
   * get a delivery id to deduplicate on.
   */
  effects?: Readonly<Partial<Record<JobKind, JobEffect>>>;
}

/**
 * Kinds run inline when a handler schedules them due now. Only kinds whose key names something
 * created in that same transaction (`send:<new notification id>`), so no pending job of the same
 * key can exist to be superseded.
 */
export const INLINE_KINDS: ReadonlySet<JobKind> = new Set(['notification.send']);

export interface FireResult {
  /** The clock's time the claim was made at: jobs due later were not due for it. */
  atMs: number;
  claimed: number;
  completed: number;
  failed: number;
}

export async function fireDueJobs(deps: FireDueJobsDeps, limit: number): Promise<FireResult> {
  const nowMs = deps.clock.nowMs();
  const claimed = await deps.store.jobs.claimDue(nowMs, limit, deps.leaseMs, deps.workerId);
  const outside = claimed.filter((job) => deps.effects?.[job.kind] !== undefined);
  const jobs = outside.length === 0 ? claimed : claimed.filter((job) => deps.effects?.[job.kind] === undefined);
  // Provider calls wait on the network, not the writer: they go on while the others run.
  const [effectResult, result] = await Promise.all([runEffects(deps, outside, nowMs), runInTransactions(deps, jobs, nowMs)]);
  return { atMs: nowMs, claimed: claimed.length, completed: result.completed + effectResult.completed, failed: result.failed + effectResult.failed };
}

async function runEffects(deps: FireDueJobsDeps, jobs: readonly JobRecord[], nowMs: number): Promise<{ completed: number; failed: number }> {
  let completed = 0;
  let failed = 0;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        let leaseLost = false;
        const outcome = await deps.effects![job.kind]!(job, nowMs, async (tx) => {
          leaseLost = !(await completeUnlessTaken(tx, job));
        });
        if (outcome !== 'completed') await deps.store.transact((tx) => tx.completeJobs([job]));
        // The outcome is recorded, but the job is another worker's now: as before folding, a failure.
        if (leaseLost) throw new LeaseLost(`job ${job.id} (${job.key}) lost its lease before it completed; its effect's outcome was recorded`);
        completed += 1;
      } catch (error) {
        failed += 1;
        await deps.store.jobs.releaseFailed(job, describe(error), retryAt(deps, job, error));
      }
    }),
  );
  return { completed, failed };
}

/** Completes `job` in `tx`; false when its lease ended: the job is left to the worker that holds it now. */
async function completeUnlessTaken(tx: StoreTx, job: JobRecord): Promise<boolean> {
  try {
    await tx.completeJobs([job]);
    return true;
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    return false;
  }
}

async function runInTransactions(deps: FireDueJobsDeps, jobs: readonly JobRecord[], nowMs: number): Promise<{ completed: number; failed: number }> {
  let firstError: unknown = null;
  if (jobs.length > 0) {
    const attempt = { followOns: 0 };
    try {
      await deps.store.transact((tx) => runTogether(deps, tx, jobs, nowMs, attempt));
      return { completed: jobs.length, failed: 0 };
    } catch (error) {
      // Find the culprit: every job on its own below. A lone job that ran no follow-on failed
      // on its own already: it is not run a second time.
      if (jobs.length === 1 && attempt.followOns === 0) firstError = error;
    }
  }
  // Alone, and without inline follow-ons: a failing send then fails only its own job, and the
  // run that decided it commits.
  let completed = 0;
  let failed = 0;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        if (firstError !== null) throw firstError;
        await deps.store.transact((tx) => runTogether(deps, tx, [job], nowMs, null));
        completed += 1;
      } catch (error) {
        failed += 1;
        await deps.store.jobs.releaseFailed(job, describe(error), retryAt(deps, job, error));
      }
    }),
  );
  return { completed, failed };
}

/** `inline` (null: none) counts the follow-ons run inline, for the caller's retry decision. */
async function runTogether(deps: FireDueJobsDeps, tx: StoreTx, jobs: readonly JobRecord[], nowMs: number, inline: { followOns: number } | null): Promise<void> {
  // Together, the jobs of a claim share their reads (src/app/shared-reads.ts); alone, a job reads plainly.
  const shared = inline ? withSharedReads(tx) : null;
  await shared?.prefetch(jobs);
  const signals = await runHandlers(deps, shared?.tx ?? tx, jobs, nowMs, inline);
  await shared?.flush();
  if (signals.length > 0) {
    if (!deps.ingestSignals) throw new PermanentFailure('a job returned signals but this worker cannot ingest them');
    await deps.ingestSignals(tx, signals);
  }
  await tx.completeJobs(jobs);
}

/** What running handlers needs: the handlers, and the lease an inline job's record shows. */
export type HandlerDeps = Pick<FireDueJobsDeps, 'handlers' | 'leaseMs' | 'workerId'>;

/**
 * Runs the handlers of `jobs` in `tx`, then (when `inline` is given) the jobs of INLINE_KINDS
 * they schedule due now, in scheduling order; returns the signals they produced.
 */
export async function runHandlers(deps: HandlerDeps, tx: StoreTx, jobs: readonly JobRecord[], nowMs: number, inline: { followOns: number } | null): Promise<NormalizedEvent[]> {
  const signals: NormalizedEvent[] = [];
  const followOns: JobRecord[] = [];
  const view = inline ? withInlineFollowOns(deps, tx, nowMs, followOns) : tx;
  const run = async (job: JobRecord) => {
    const handler = deps.handlers[job.kind];
    if (!handler) throw new PermanentFailure(`no handler for job kind '${job.kind}'`);
    const events = await handler(job, view, nowMs);
    if (events) signals.push(...events);
  };
  for (const job of jobs) await run(job);
  // Follow-ons may schedule follow-ons of their own; each runs once, in scheduling order.
  for (let i = 0; i < followOns.length; i += 1) {
    inline!.followOns = i + 1;
    await run(followOns[i]!);
  }
  return signals;
}

/** The transaction as handlers see it: jobs due now of an inline kind are queued to run, not stored. */
function withInlineFollowOns(deps: HandlerDeps, tx: StoreTx, nowMs: number, followOns: JobRecord[]): StoreTx {
  const scheduleJobs = async (specs: readonly JobSpec[]) => {
    const stored: JobSpec[] = [];
    for (const spec of specs) {
      if (spec.dueAtMs <= nowMs && INLINE_KINDS.has(spec.kind) && deps.handlers[spec.kind] !== undefined) followOns.push(inlineRecord(deps, spec, nowMs, followOns.length));
      else stored.push(spec);
    }
    if (stored.length > 0) await tx.scheduleJobs(stored);
  };
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (property === 'scheduleJobs') return scheduleJobs;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The record a job run inline (never stored) is handed: claimed now, by this worker, once. */
export function inlineRecord(deps: HandlerDeps, spec: JobSpec, nowMs: number, index: number): JobRecord {
  // Spelled out, not spread: one per run a small ingest starts, on the writer's thread.
  return {
    storeId: spec.storeId,
    kind: spec.kind,
    key: spec.key,
    dueAtMs: spec.dueAtMs,
    payload: spec.payload,
    maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    id: `inline:${nowMs}:${index}`,
    attempts: 1,
    revision: 1,
    lockedUntilMs: nowMs + deps.leaseMs,
    lockedBy: deps.workerId,
    lastError: null,
    createdAt: isoAt(nowMs),
  };
}

function retryAt(deps: FireDueJobsDeps, job: JobRecord, error: unknown): number | null {
  if (error instanceof PermanentFailure) return null;
  if (job.attempts >= job.maxAttempts) return null;
  const delayMs = error instanceof RetryLater ? error.afterMs : backoffDelayMs(job.attempts, deps.random());
  return deps.clock.nowMs() + delayMs;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2_000);
  return String(error).slice(0, 2_000);
}
