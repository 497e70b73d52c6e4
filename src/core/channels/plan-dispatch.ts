// What the dispatcher does next for one notification, from the answers its providers gave so far
// (DESIGN.md §7): retry a temporary failure on the same provider with exponential backoff and
// jitter (or when the provider said, 429 Retry-After), move to the channel's backup provider on a
// permanent failure or when retries run out, and say so when every provider has given up (the
// caller then tries the next channel, then opens a case). Pure: time and randomness come in.

import { backoffDelayMs } from '../jobs/job.ts';
import type { NotificationAttempt } from '../notifications/notification-record.ts';

/** Tries on one provider before a temporary failure counts as that provider giving up. */
export const TRIES_PER_PROVIDER = 4;

export type DispatchPlan =
  | { kind: 'send'; providerIndex: number }
  | { kind: 'retry'; providerIndex: number; atMs: number; tries: number }
  /** A `pending` attempt with no answer: Herald stopped between the call and recording it. */
  | { kind: 'interrupted'; providerIndex: number }
  | { kind: 'exhausted'; reasons: string[] };

export function planDispatch(attempts: readonly NotificationAttempt[], providers: readonly string[], nowMs: number, random: number): DispatchPlan {
  const last = attempts[attempts.length - 1];
  if (!last) return { kind: 'send', providerIndex: 0 };
  const index = Math.max(0, providers.indexOf(last.provider));
  if (last.outcome === 'pending') return { kind: 'interrupted', providerIndex: index };
  if (last.outcome === 'temporary') {
    let tries = 0;
    for (let i = attempts.length - 1; i >= 0 && attempts[i]!.provider === last.provider && attempts[i]!.outcome === 'temporary'; i -= 1) tries += 1;
    if (tries < TRIES_PER_PROVIDER) {
      const delayMs = last.retryAfterMs ?? backoffDelayMs(tries, random, 2_000, 600_000);
      return { kind: 'retry', providerIndex: index, atMs: nowMs + delayMs, tries };
    }
  }
  if (last.outcome === 'temporary' || last.outcome === 'permanent') {
    if (index + 1 < providers.length) return { kind: 'send', providerIndex: index + 1 };
    const reasons = new Map<string, string>();
    for (const attempt of attempts) if (attempt.reason) reasons.set(attempt.provider, `${attempt.provider}: ${attempt.reason}`);
    return { kind: 'exhausted', reasons: [...reasons.values()] };
  }
  // `sent` or `unconfirmed`: nothing more to do; callers check the status before asking.
  return { kind: 'exhausted', reasons: [] };
}
