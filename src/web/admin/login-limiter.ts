// A token bucket per client address for failed sign-ins: a burst of tries, then one more every
// few seconds, so guessing passwords is slow while a person who mistyped is barely slowed. A
// successful sign-in costs nothing; an address with an empty bucket is refused before the
// password is checked (so a flood does not cost a scrypt hash per try either).

export interface LoginLimiter {
  /** Whether `key` may try now (its bucket holds a token). */
  allows(key: string, nowMs: number): boolean;
  /** Spend a token of `key` on a failed try. */
  spend(key: string, nowMs: number): void;
}

export function createLoginLimiter(options: { burst: number; refillEveryMs: number; maxKeys?: number }): LoginLimiter {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  const level = (key: string, nowMs: number) => {
    const bucket = buckets.get(key);
    return bucket ? Math.min(options.burst, bucket.tokens + Math.max(0, nowMs - bucket.atMs) / options.refillEveryMs) : options.burst;
  };
  return {
    allows: (key, nowMs) => level(key, nowMs) >= 1,
    spend(key, nowMs) {
      const tokens = Math.max(0, level(key, nowMs) - 1);
      buckets.delete(key);
      buckets.set(key, { tokens, atMs: nowMs });
      // The least recently touched address goes first when too many are tracked.
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
    },
  };
}
