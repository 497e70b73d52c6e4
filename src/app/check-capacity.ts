// Surge protection: when the job backlog passes its bound, ingest answers "come back later"
// (429 + Retry-After) instead of slowing everything down or dropping events.

import { OverloadedError } from '../core/errors.ts';
import type { JobBacklog } from '../core/jobs/job.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';

export interface CapacityGuard {
  /** Throws OverloadedError while the backlog is past its bound. */
  assertCanAccept(): Promise<void>;
  /** The latest backlog reading (refreshed at most every `refreshMs`). */
  backlog(): Promise<JobBacklog>;
}

export function createCapacityGuard(store: Store, clock: Clock, backlogLimit: number, refreshMs = 1_000): CapacityGuard {
  let cached: { stats: JobBacklog; atMs: number } | null = null;
  let inflight: Promise<JobBacklog> | null = null;

  async function backlog(): Promise<JobBacklog> {
    const nowMs = clock.nowMs();
    if (cached && nowMs - cached.atMs < refreshMs) return cached.stats;
    inflight ??= store.jobs.backlog(nowMs).then((stats) => {
      cached = { stats, atMs: nowMs };
      inflight = null;
      return stats;
    }, (error: unknown) => {
      inflight = null;
      throw error;
    });
    return inflight;
  }

  return {
    backlog,
    async assertCanAccept() {
      const stats = await backlog();
      if (stats.due > backlogLimit) {
        throw new OverloadedError(
          `Herald is catching up on a backlog of ${stats.due} due jobs (bound ${backlogLimit}); nothing was stored, retry after the delay`,
          retryAfterMs(stats),
        );
      }
    },
  };
}

function retryAfterMs(stats: JobBacklog): number {
  return Math.min(60_000, Math.max(1_000, Math.round(stats.oldestDueAgeMs / 10)));
}
