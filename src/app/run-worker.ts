// The job worker loop: fire due jobs, then sleep until the next due time, the poll interval, or
// a wake-up from a commit that scheduled work due soon, whichever comes first.
// Ingest first: while webhooks are waiting to be written (`ingestBusy`), the worker claims only
// as many jobs as fit in a short transaction and rests between claims, so it takes at most a
// share of the one writer (DUTY_SHARE) and a webhook never waits behind a long run of jobs. The
// backlog it leaves is durable, drains at full speed once ingest is quiet, and is bounded by the
// surge guard (429 past `backlog_limit`).

import { fireDueJobs, type FireDueJobsDeps } from './fire-due-jobs.ts';

/** The worker's share of the writer's time while ingest is busy. */
export const DUTY_SHARE = 0.3;
/** Longest job transaction while ingest is busy, in ms. */
const BUSY_TRANSACTION_MS = 12;
const MIN_BUSY_CLAIM = 4;
const REST_STEP_MS = 2;

export interface WorkerOptions {
  claimBatch: number;
  /** How many ingest requests are waiting or being written now (0 when none, or not known). */
  ingestBusy?: () => number;
  /** Longest sleep between polls, in ms. */
  pollMs: number;
  /** Subscribes to wake-ups (a commit scheduled a due job); returns an unsubscribe function. */
  onWake?: (listener: () => void) => () => void;
  onError: (error: unknown) => void;
}

export interface RunningWorker {
  stop(): Promise<void>;
  /** Jobs completed since start (for status output and tests). */
  readonly completed: number;
}

export function startWorker(deps: FireDueJobsDeps, options: WorkerOptions): RunningWorker {
  let stopped = false;
  let completed = 0;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  // A wake-up while the worker is busy (a commit scheduled work during a claim) is kept, so the
  // next sleep does not wait the poll interval for work that is already due.
  let wokenWhileBusy = false;
  const wake = () => {
    if (!sleeping) {
      wokenWhileBusy = true;
      return;
    }
    clearTimeout(sleeping.timer);
    sleeping.resolve();
  };
  const unsubscribe = options.onWake?.(wake) ?? (() => {});

  // Writer milliseconds per job of the last claims (a moving average), to size a short
  // transaction. Provider calls do not count: they wait on the network, not on the writer.
  let msPerJob = 1;
  const loop = (async () => {
    while (!stopped) {
      try {
        const busy = (options.ingestBusy?.() ?? 0) > 0;
        const limit = busy ? Math.max(MIN_BUSY_CLAIM, Math.min(options.claimBatch, Math.floor(BUSY_TRANSACTION_MS / msPerJob))) : options.claimBatch;
        wokenWhileBusy = false;
        const result = await fireDueJobs(deps, limit);
        if (result.inTransaction > 0) msPerJob = 0.7 * msPerJob + 0.3 * (result.transactionMs / result.inTransaction);
        completed += result.completed;
        if (result.claimed === limit) {
          // Rest so that ingest keeps the larger share of the writer while it is busy.
          await restWhileIngestBusy((result.transactionMs * (1 - DUTY_SHARE)) / DUTY_SHARE);
          continue;
        }
        const nextDue = await deps.store.jobs.nextDueAtMs();
        const untilDue = nextDue === null ? options.pollMs : nextDue - deps.clock.nowMs();
        // Due jobs that nobody could claim are leased by another (or a crashed) worker: wait for
        // the poll interval rather than spin until their leases end.
        const waitMs = untilDue <= 0 && result.claimed === 0 ? options.pollMs : untilDue;
        await sleep(Math.max(0, Math.min(options.pollMs, waitMs)));
      } catch (error) {
        options.onError(error);
        await sleep(options.pollMs);
      }
    }
  })();

  /**
   * Waits up to `ms` while ingest stays busy, looking every REST_STEP_MS: the worker goes on as
   * soon as ingest is quiet. (Not cut short by wake-ups: ingest's own commits wake it all the time.)
   */
  async function restWhileIngestBusy(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (!stopped && (options.ingestBusy?.() ?? 0) > 0 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(REST_STEP_MS, until - performance.now())));
    }
  }

  function sleep(ms: number): Promise<void> {
    if (stopped) return Promise.resolve();
    if (wokenWhileBusy) {
      wokenWhileBusy = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeping = null;
        resolve();
      }, ms);
      sleeping = {
        timer,
        resolve: () => {
          sleeping = null;
          resolve();
        },
      };
    });
  }

  return {
    get completed() {
      return completed;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      wake();
      await loop;
    },
  };
}
