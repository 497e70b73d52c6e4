// Plays the demo week against a running Herald: the clock jumps from one moment to the next
// (the next webhook, or the next due job, whichever comes first), every job due by then is fired,
// and each webhook is signed and sent at its simulated time. Timers therefore fire exactly when
// they would have in a real week: a stall check 48 business hours after the last scan, a review
// request four days after delivery.

import type { DemoClock } from './demo-clock.ts';
import type { DemoDelivery, DemoPlan } from './plan-shop-week.ts';
import { signDemoWebhook, type DemoSecrets } from './sign-demo-webhook.ts';

export interface PlayDeps {
  clock: DemoClock;
  /** Claims and runs the jobs due now, once (`Herald.fireDue`). */
  fireDue(): Promise<{ claimed: number }>;
  nextDueAtMs(): Promise<number | null>;
  /** Sends one signed webhook to Herald; resolves with the HTTP status. */
  send(delivery: DemoDelivery, headers: Record<string, string>): Promise<{ status: number; body: string }>;
  onProgress?: (sent: number, total: number, nowMs: number) => void;
}

export interface PlayResult {
  sent: number;
  accepted: number;
  /** Webhooks Herald did not accept with 200 (refused, or quarantined with 202). */
  refused: { source: string; topic: string | null; status: number; body: string }[];
  jobRounds: number;
}

/** When due jobs cannot be claimed (leased elsewhere), move time on by at most this much. */
const STUCK_STEP_MS = 60_000;
/** A safety bound on claim rounds at one instant; a job that reschedules itself "now" forever is a bug. */
const MAX_ROUNDS_PER_INSTANT = 10_000;

export async function playShopWeek(deps: PlayDeps, plan: DemoPlan, secrets: DemoSecrets): Promise<PlayResult> {
  const result: PlayResult = { sent: 0, accepted: 0, refused: [], jobRounds: 0 };
  const total = plan.deliveries.length;
  let index = 0;
  deps.clock.advanceTo(plan.startMs);
  const runDue = async () => {
    for (let round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
      const fired = await deps.fireDue();
      result.jobRounds += 1;
      if (fired.claimed === 0) return;
    }
    throw new Error(`jobs kept coming due at ${new Date(deps.clock.nowMs()).toISOString()}: stopped after ${MAX_ROUNDS_PER_INSTANT} rounds`);
  };

  while (true) {
    await runDue();
    const nowMs = deps.clock.nowMs();
    const nextDelivery = plan.deliveries[index]?.atMs ?? Number.POSITIVE_INFINITY;
    const due = await deps.nextDueAtMs();
    const nextTimer = due === null ? Number.POSITIVE_INFINITY : due > nowMs ? due : nowMs + STUCK_STEP_MS;
    const next = Math.min(nextDelivery, nextTimer);
    if (next > plan.endMs) break;
    deps.clock.advanceTo(next);
    await runDue();
    while (index < total && plan.deliveries[index]!.atMs <= deps.clock.nowMs()) {
      const delivery = plan.deliveries[index++]!;
      const answer = await deps.send(delivery, signDemoWebhook(delivery, secrets, deps.clock.nowMs()));
      result.sent += 1;
      if (answer.status === 200) result.accepted += 1;
      else result.refused.push({ source: delivery.source, topic: delivery.topic, status: answer.status, body: answer.body.slice(0, 500) });
      deps.onProgress?.(result.sent, total, deps.clock.nowMs());
    }
  }
  deps.clock.advanceTo(plan.endMs);
  await runDue();
  return result;
}
