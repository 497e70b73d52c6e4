// Claim due jobs and run their handlers. A handler's store effects and the job's completion
// commit in one transaction, so a crash either keeps both or neither; a lost lease rolls the
// effect back. Failures back off exponentially with jitter; PermanentFailure parks the job.
// All jobs of one claim first run together in one transaction (their signals ingested as one
// batch): that is what lets a database with round trips keep up. If that fails, each job runs
// alone, so one bad job never holds back the others.

import { PermanentFailure, RetryLater } from '../core/errors.ts';
import { backoffDelayMs, type JobKind, type JobRecord } from '../core/jobs/job.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { Store, StoreTx } from '../core/ports/store.ts';

/**
 * Applies one job's effect inside the completing transaction. Events it returns (signals) are
 * ingested in that same transaction, batched with those of the other jobs.
 */
export type JobHandler = (job: JobRecord, tx: StoreTx, nowMs: number) => Promise<NormalizedEvent[] | void>;

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
  effects?: Readonly<Partial<Record<JobKind, (job: JobRecord, nowMs: number) => Promise<void>>>>;
}

export interface FireResult {
  claimed: number;
  completed: number;
  failed: number;
}

export async function fireDueJobs(deps: FireDueJobsDeps, limit: number): Promise<FireResult> {
  const nowMs = deps.clock.nowMs();
  const claimed = await deps.store.jobs.claimDue(nowMs, limit, deps.leaseMs, deps.workerId);
  const outside = claimed.filter((job) => deps.effects?.[job.kind] !== undefined);
  const jobs = outside.length === 0 ? claimed : claimed.filter((job) => deps.effects?.[job.kind] === undefined);
  const effectResult = await runEffects(deps, outside, nowMs);
  const result = await runInTransactions(deps, jobs, nowMs);
  return { claimed: claimed.length, completed: result.completed + effectResult.completed, failed: result.failed + effectResult.failed };
}

async function runEffects(deps: FireDueJobsDeps, jobs: readonly JobRecord[], nowMs: number): Promise<{ completed: number; failed: number }> {
  let completed = 0;
  let failed = 0;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await deps.effects![job.kind]!(job, nowMs);
        await deps.store.transact((tx) => tx.completeJob(job));
        completed += 1;
      } catch (error) {
        failed += 1;
        await deps.store.jobs.releaseFailed(job, describe(error), retryAt(deps, job, error));
      }
    }),
  );
  return { completed, failed };
}

async function runInTransactions(deps: FireDueJobsDeps, jobs: readonly JobRecord[], nowMs: number): Promise<{ completed: number; failed: number }> {
  if (jobs.length > 1) {
    try {
      await deps.store.transact((tx) => runTogether(deps, tx, jobs, nowMs));
      return { completed: jobs.length, failed: 0 };
    } catch {
      // Find the culprit: every job on its own below.
    }
  }
  let completed = 0;
  let failed = 0;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await deps.store.transact((tx) => runTogether(deps, tx, [job], nowMs));
        completed += 1;
      } catch (error) {
        failed += 1;
        await deps.store.jobs.releaseFailed(job, describe(error), retryAt(deps, job, error));
      }
    }),
  );
  return { completed, failed };
}

async function runTogether(deps: FireDueJobsDeps, tx: StoreTx, jobs: readonly JobRecord[], nowMs: number): Promise<void> {
  const signals: NormalizedEvent[] = [];
  for (const job of jobs) {
    const handler = deps.handlers[job.kind];
    if (!handler) throw new PermanentFailure(`no handler for job kind '${job.kind}'`);
    const events = await handler(job, tx, nowMs);
    if (events) signals.push(...events);
  }
  if (signals.length > 0) {
    if (!deps.ingestSignals) throw new PermanentFailure('a job returned signals but this worker cannot ingest them');
    await deps.ingestSignals(tx, signals);
  }
  for (const job of jobs) await tx.completeJob(job);
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
