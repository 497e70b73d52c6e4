// The job worker loop: fire due jobs, then sleep until the next due time, the poll interval, or
// a wake-up from a commit that scheduled work due soon, whichever comes first.

import { fireDueJobs, type FireDueJobsDeps } from './fire-due-jobs.ts';

export interface WorkerOptions {
  claimBatch: number;
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

  const loop = (async () => {
    while (!stopped) {
      try {
        wokenWhileBusy = false;
        const result = await fireDueJobs(deps, options.claimBatch);
        completed += result.completed;
        if (result.claimed === options.claimBatch) continue;
        const nextDue = await deps.store.jobs.nextDueAtMs();
        const untilDue = nextDue === null ? options.pollMs : nextDue - deps.clock.nowMs();
        // Jobs that were due at the claim and that nobody could claim are leased by another (or a
        // crashed) worker: wait for the poll interval rather than spin until their leases end. A
        // job that came due after the claim is claimed at once.
        const unclaimable = nextDue !== null && nextDue <= result.atMs && result.claimed === 0;
        const waitMs = unclaimable ? options.pollMs : untilDue;
        await sleep(Math.max(0, Math.min(options.pollMs, waitMs)));
      } catch (error) {
        options.onError(error);
        await sleep(options.pollMs);
      }
    }
  })();

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
