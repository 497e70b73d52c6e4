// The design's send-path budget (DESIGN.md §9): webhook received -> notification handed to the
// channel, p99 <= 50 ms at 1,000 events/s. Each parcel's out-for-delivery SMS is timed from just
// before its webhook is sent to its arrival at the Twilio-wire fake. The fake runs in this
// process, so both ends are performance.now() on one clock.

import { configure, GIVE_UP_MS, outForDelivery, paced, phoneOf, placeSmsOrders, settle, sleep, statuses, twilio, type Target } from './channel-scenarios.ts';
import { startSmsSink } from './channel-sinks.ts';
import { cpuMs, cpuPer, peakRssMb, percentile, post, type ScenarioResult } from './scenarios.ts';

const BUDGET_P99_MS = 50;
/** Far above the offered rate, so the provider's limit never holds a message back. */
const PROVIDER_RATE = 10_000;

/**
 * `ratePerSecond * seconds` parcels of SMS customers go out for delivery, one webhook each, paced
 * at `ratePerSecond`, after `warmUpSeconds` of the same at the same rate for other parcels: the
 * budget is about a running Herald, not the first seconds of a new process, whose code is not
 * compiled yet (those seconds are reported apart, `warm_up_p99_ms`).
 */
export async function runHandover(t: Target, ratePerSecond: number, seconds: number, warmUpSeconds = 3): Promise<ScenarioResult> {
  const total = ratePerSecond * seconds;
  const warmUp = ratePerSecond * warmUpSeconds;
  const sink = await startSmsSink();
  try {
    await configure(t, 'sms', twilio(sink.fake, PROVIDER_RATE));
    const run = `h${Date.now().toString(36)}`;
    // Parcels 0 .. total - 1 are measured; total .. total + warmUp - 1 warm Herald up.
    await placeSmsOrders(t, run, total + warmUp);
    // Only the out-for-delivery messages are measured: let anything else land, then forget it.
    await sleep(1_000);
    sink.atMs.length = 0;
    sink.keys.length = 0;
    const warmUpP99 = await warmUpAt(t, sink, run, total, warmUp, ratePerSecond);
    // Built up front so the paced loop does nothing but send.
    const bodies = Array.from({ length: total }, (_, n) => JSON.stringify(outForDelivery(run, n)));
    const orderOf = new Map(Array.from({ length: total }, (_, n) => [phoneOf(n), n]));
    const sentAtMs: number[] = [];
    let inFlight = 0;
    let peakInFlight = 0;
    const cpuBefore = cpuMs(t.herald.child.pid!);
    const { results: sends, maxLagMs } = await paced(total, ratePerSecond, (n, now) => {
      sentAtMs.push(now);
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      // A refused connection counts as a failed request, not as the end of the run.
      return post(`${t.herald.url}/v1/events`, t.key, bodies[n]!).catch(() => 0).finally(() => (inFlight -= 1));
    });
    const lastSentMs = performance.now();
    const answers = await Promise.all(sends);
    while (new Set(sink.keys).size < total && performance.now() < lastSentMs + GIVE_UP_MS) await sleep(100);
    const complete = new Set(sink.keys).size >= total;
    // Up to the last SMS: the CPU each message cost Herald, from its webhook to the provider.
    const cpuAfter = cpuMs(t.herald.child.pid!);
    const latencies: number[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let unmatched = 0;
    sink.keys.forEach((phone, i) => {
      const n = orderOf.get(phone);
      if (n === undefined) unmatched += 1;
      else if (seen.has(phone)) duplicates += 1;
      else {
        seen.add(phone);
        latencies.push(sink.atMs[i]! - sentAtMs[n]!);
      }
    });
    latencies.sort((a, b) => a - b);
    // The status counts below include the warm-up's messages.
    if (complete) await settle(t, 'sms', total + warmUp);
    const lost = total - seen.size;
    const p99 = percentile(latencies, 99);
    return {
      name: `handover: webhook -> SMS at provider (${ratePerSecond}/s)`,
      figures: {
        ...(complete ? {} : { gave_up_after_s: GIVE_UP_MS / 1000 }),
        expected: total,
        received: seen.size,
        lost,
        duplicates,
        ...(unmatched > 0 ? { unmatched } : {}),
        p50_ms: percentile(latencies, 50).toFixed(1),
        p99_ms: p99.toFixed(1),
        max_ms: (latencies.at(-1) ?? 0).toFixed(1),
        failed_requests: answers.filter((status) => status !== 201).length,
        'requests/s': Math.round((total - 1) / ((sentAtMs[total - 1]! - sentAtMs[0]!) / 1000)),
        // How far the sender fell behind its schedule, and whether the agent's 256 sockets queued requests.
        max_send_lag_ms: maxLagMs.toFixed(1),
        peak_in_flight: peakInFlight,
        ...(await statuses(t, 'sms')),
        ...cpuPer('message', cpuBefore, cpuAfter, total),
        ...(warmUp > 0 ? { warm_up_s: warmUpSeconds, warm_up_p99_ms: warmUpP99.toFixed(1) } : {}),
        budget: lost === 0 && p99 <= BUDGET_P99_MS ? 'PASS' : 'FAIL',
        peak_rss_mb: peakRssMb(t.herald.child.pid!),
      },
    };
  } finally {
    await sink.stop();
  }
}

/** Sends the warm-up parcels at the rate, waits for their SMS, forgets them; returns their p99 latency. */
async function warmUpAt(t: Target, sink: Awaited<ReturnType<typeof startSmsSink>>, run: string, first: number, count: number, ratePerSecond: number): Promise<number> {
  if (count === 0) return 0;
  const sentAtMs = new Map<string, number>();
  const bodies = Array.from({ length: count }, (_, n) => JSON.stringify(outForDelivery(run, first + n)));
  const { results } = await paced(count, ratePerSecond, (n, now) => {
    sentAtMs.set(phoneOf(first + n), now);
    return post(`${t.herald.url}/v1/events`, t.key, bodies[n]!).catch(() => 0);
  });
  await Promise.all(results);
  const until = performance.now() + GIVE_UP_MS;
  while (new Set(sink.keys).size < count && performance.now() < until) await sleep(100);
  const latencies = sink.keys.map((phone, i) => sink.atMs[i]! - (sentAtMs.get(phone) ?? sink.atMs[i]!)).sort((a, b) => a - b);
  await sleep(1_000);
  sink.atMs.length = 0;
  sink.keys.length = 0;
  return percentile(latencies, 99);
}
