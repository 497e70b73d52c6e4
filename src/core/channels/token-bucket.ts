// Per-provider rate limits as a token bucket that hands out future slots: a surge of 10,000 due
// messages is spread over the provider's allowed rate instead of being refused, so nothing is
// lost and the merchant's account is never blocked for flooding. Pure: time comes in as nowMs.

export interface RateLimit {
  /** Sustained messages per second the provider allows. */
  perSecond: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
}

export interface BucketState {
  /** Tokens left at `atMs`; negative when future slots are already promised. */
  tokens: number;
  atMs: number;
}

/**
 * Take one token. Returns the new state and when the message may go: `nowMs` when a token was
 * there, else the time its promised token will have refilled. Callers defer the send to `atMs`
 * rather than sleeping.
 */
export function takeToken(state: BucketState | null, limit: RateLimit, nowMs: number): { state: BucketState; atMs: number } {
  const burst = Math.max(1, limit.burst);
  const start = state ?? { tokens: burst, atMs: nowMs };
  const refilled = Math.min(burst, start.tokens + ((nowMs - start.atMs) / 1_000) * limit.perSecond);
  const tokens = refilled - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens / limit.perSecond) * 1_000);
  return { state: { tokens, atMs: nowMs }, atMs: nowMs + waitMs };
}

/** A provider said "slow down" (429 with Retry-After): no token until then. */
export function pauseBucket(state: BucketState | null, limit: RateLimit, nowMs: number, untilMs: number): BucketState {
  const current = state ?? { tokens: limit.burst, atMs: nowMs };
  const owed = ((untilMs - nowMs) / 1_000) * limit.perSecond;
  return { tokens: Math.min(current.tokens, 0) - owed, atMs: nowMs };
}

/**
 * Take a token only if one is there now; never borrows. The guard at the moment of the call: slots
 * promised by `takeToken` can run late and bunch up, and the provider must still never see more
 * than `burst` plus `perSecond` in any second. Returns how long to wait when there is none.
 */
export function tryTakeToken(state: BucketState | null, limit: RateLimit, nowMs: number): { state: BucketState; waitMs: number } {
  const burst = Math.max(1, limit.burst);
  const start = state ?? { tokens: burst, atMs: nowMs };
  const refilled = Math.min(burst, start.tokens + ((nowMs - start.atMs) / 1_000) * limit.perSecond);
  if (refilled >= 1) return { state: { tokens: refilled - 1, atMs: nowMs }, waitMs: 0 };
  return { state: { tokens: refilled, atMs: nowMs }, waitMs: Math.max(1, Math.ceil(((1 - refilled) / limit.perSecond) * 1_000)) };
}
