// Rate-limit buckets in this process's memory, for a store that only one process can open
// (SQLite: the data folder's server lock). The same pure functions the shared buckets follow.

import { pauseBucket, takeToken, tryTakeToken, type BucketState } from '../../core/channels/token-bucket.ts';
import type { RateBuckets } from '../../core/ports/store.ts';

export function memoryRateBuckets(): RateBuckets {
  const states = new Map<string, BucketState>();
  return {
    async take(key, limit, nowMs) {
      const taken = takeToken(states.get(key) ?? null, limit, nowMs);
      states.set(key, taken.state);
      return taken;
    },
    async tryTake(key, limit, nowMs) {
      const taken = tryTakeToken(states.get(key) ?? null, limit, nowMs);
      states.set(key, taken.state);
      return taken;
    },
    async pause(key, limit, nowMs, untilMs) {
      const paused = pauseBucket(states.get(key) ?? null, limit, nowMs, untilMs);
      states.set(key, paused);
      return paused;
    },
  };
}
