// Claim due jobs and run their handlers. A handler's store effects and the job's completion
// commit in one transaction, so a crash either keeps both or neither; a lost lease rolls the
// effect back. Failures back off exponentially with jitter; PermanentFailure parks the job.

import { PermanentFailure, RetryLater } from '../core/errors.ts';
import { backoffDelayMs, type JobKind, type JobRecord } from '../core/jobs/job.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Store, StoreTx } from '../core/ports/store.ts';

/** Applies one job's effect inside the completing transaction. */
export type JobHandler = (job: JobRecord, tx: StoreTx, nowMs: number) => Promise<void>;

export interface FireDueJobsDeps {
  store: Store;
  clock: Clock;
  handlers: Readonly<Record<JobKind, JobHandler>>;
  workerId: string;
  leaseMs: number;
  /** A number in [0, 1) for backoff jitter. */
  random: () => number;
}

export interface FireResult {
  claimed: number;
  completed: number;
  failed: number;
}

export async function fireDueJobs(deps: FireDueJobsDeps, limit: number): Promise<FireResult> {
  const nowMs = deps.clock.nowMs();
  const jobs = await deps.store.jobs.claimDue(nowMs, limit, deps.leaseMs, deps.workerId);
  let completed = 0;
  let failed = 0;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        const handler = deps.handlers[job.kind];
        if (!handler) throw new PermanentFailure(`no handler for job kind '${job.kind}'`);
        await deps.store.transact(async (tx) => {
          await handler(job, tx, nowMs);
          await tx.completeJob(job);
        });
        completed += 1;
      } catch (error) {
        failed += 1;
        await deps.store.jobs.releaseFailed(job, describe(error), retryAt(deps, job, error));
      }
    }),
  );
  return { claimed: jobs.length, completed, failed };
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
