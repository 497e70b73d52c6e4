// Channel scenarios: how fast the real worker loop hands the default pack's messages to a local
// SMTP server and a local Twilio-wire server, and whether a surge of due messages drains within
// the provider's configured rate limit, every message delivered exactly once.

import type { ParsedMail } from 'mailparser';
import type { HeraldProcess } from '../test/support/herald-process.ts';
import type { BenchStore } from './bench-store.ts';
import { countDuplicates, peakInWindow, startSmsSink, startSmtpSink, type Arrivals } from './channel-sinks.ts';
import { peakRssMb, post, type ScenarioResult } from './scenarios.ts';

const PER_REQUEST = 5_000;
/** Config changes reach the worker's channel pool and workflow catalog within a second. */
const CONFIG_REFRESH_MS = 1_500;
/** How long the throughput and handover runs wait for their last message before reporting what is missing. */
export const GIVE_UP_MS = 60_000;

export interface Target {
  herald: HeraldProcess;
  key: string;
  store: BenchStore;
}

/** `count` orders placed, each confirmed by email over SMTP at a rate limit above what SMTP does. */
export async function runEmailThroughput(t: Target, count: number, ratePerSecond: number): Promise<ScenarioResult> {
  const sink = await startSmtpSink();
  try {
    await configure(t, 'email', { provider: 'smtp', settings: { url: sink.url, from_address: 'orders@shop.example', reply_to: 'help@shop.example' }, rate_per_second: ratePerSecond });
    const run = `m${Date.now().toString(36)}`;
    const began = performance.now();
    await postAll(t, Array.from({ length: count }, (_, n) => orderPlaced(run, n, { email: `c${n}@${run}.example`, first_name: 'Ada' })));
    const complete = await waitForArrivals(sink, count, GIVE_UP_MS);
    await settle(t, 'email', count);
    const sample = sink.samples[0];
    const problems = sample ? checkSample(sample, run) : ['no message parsed'];
    return {
      name: `email via SMTP (rate ${ratePerSecond}/s)`,
      figures: {
        ...throughput(sink, count, began, complete),
        sample_well_formed: problems.length === 0 ? 'yes' : `NO (${problems.join('; ')})`,
        ...(await statuses(t, 'email')),
        peak_rss_mb: peakRssMb(t.herald.child.pid!),
      },
    };
  } finally {
    await sink.stop();
  }
}

/** `count` parcels out for delivery, each announced by SMS through the Twilio API at a high rate limit. */
export async function runSmsThroughput(t: Target, count: number, ratePerSecond: number): Promise<ScenarioResult> {
  const sink = await startSmsSink();
  try {
    await configure(t, 'sms', twilio(sink.fake, ratePerSecond));
    const run = `s${Date.now().toString(36)}`;
    await placeSmsOrders(t, run, count);
    const began = performance.now();
    await postAll(t, Array.from({ length: count }, (_, n) => outForDelivery(run, n)));
    const complete = await waitForArrivals(sink, count, GIVE_UP_MS);
    await settle(t, 'sms', count);
    return {
      name: `SMS via Twilio API (rate ${ratePerSecond}/s)`,
      figures: { ...throughput(sink, count, began, complete), ...(await statuses(t, 'sms')), peak_rss_mb: peakRssMb(t.herald.child.pid!) },
    };
  } finally {
    await sink.stop();
  }
}

/**
 * `count` parcels go out for delivery at once while SMS is limited to `ratePerSecond` (burst the
 * same): every message must arrive exactly once, never more than rate + burst in any second.
 */
export async function runSurge(t: Target, count: number, ratePerSecond: number, giveUpMs: number): Promise<ScenarioResult> {
  const burst = ratePerSecond;
  const sink = await startSmsSink();
  try {
    await configure(t, 'sms', { ...twilio(sink.fake, ratePerSecond), burst });
    const run = `u${Date.now().toString(36)}`;
    await placeSmsOrders(t, run, count);
    const began = performance.now();
    await postAll(t, Array.from({ length: count }, (_, n) => outForDelivery(run, n)));
    const posted = performance.now();
    // When every message has been handed to the dispatcher: from then on only the provider's limit holds them.
    let allDueMs: number | null = null;
    const minimumS = count / ratePerSecond;
    // Give up at 1.5 times the least drain time after the first message (the pipeline before it
    // is measured by the throughput scenarios), and after `giveUpMs` in all.
    const deadline = () => Math.min(began + giveUpMs, (sink.atMs[0] ?? Infinity) + 1.5 * minimumS * 1_000 + 10_000);
    while (sink.atMs.length < count && performance.now() < deadline()) {
      if (allDueMs === null && (await countSms(t, "status IN ('sending', 'sent', 'failed', 'unconfirmed')")) >= count) allDueMs = performance.now();
      await sleep(250);
    }
    const stoppedMs = performance.now();
    await sleep(2_000); // Late duplicates would arrive now.
    if (sink.atMs.length >= count) await settle(t, 'sms', count);
    const left = await pendingDispatches(t);
    const firstMs = sink.atMs[0];
    const watchedS = firstMs === undefined ? 0 : (stoppedMs - firstMs) / 1000;
    const { unique, extraCopies } = countDuplicates(sink.keys);
    const lost = count - unique;
    const peak = peakInWindow(sink.atMs);
    const drainS = span(sink.atMs) / 1000;
    const byStatus = await statuses(t, 'sms');
    const pass = lost === 0 && extraCopies === 0 && byStatus.sent === count && peak <= ratePerSecond + burst;
    return {
      name: `surge: ${count.toLocaleString('en')} SMS due, limit ${ratePerSecond}/s burst ${burst}`,
      figures: {
        received: sink.atMs.length,
        unique,
        duplicates: extraCopies,
        lost,
        ...byStatus,
        'peak/1s_window': peak,
        allowed: ratePerSecond + burst,
        ingest_s: ((posted - began) / 1000).toFixed(1),
        all_due_s: allDueMs === null ? 'never' : ((allDueMs - began) / 1000).toFixed(1),
        drain_s: drainS.toFixed(1),
        minimum_s: minimumS.toFixed(1),
        first_arrival_s: firstMs === undefined ? 'none' : ((firstMs - began) / 1000).toFixed(1),
        last_arrival_s: sink.atMs.length === 0 ? 'none' : ((Math.max(...sink.atMs) - began) / 1000).toFixed(1),
        watched_after_first_s: watchedS.toFixed(1),
        limit_allows_in_that_time: Math.min(count, Math.floor(burst + ratePerSecond * watchedS)),
        dispatch_jobs_left: left.jobs,
        most_reschedules: left.mostReschedules,
        budget: pass ? 'PASS' : 'FAIL',
        peak_rss_mb: peakRssMb(t.herald.child.pid!),
      },
    };
  } finally {
    await sink.stop();
  }
}

export function twilio(fake: { url: string; accountSid: string; authToken: string }, ratePerSecond: number) {
  return { provider: 'twilio', settings: { account_sid: fake.accountSid, auth_token: fake.authToken, from: '+15005550006', base_url: fake.url }, rate_per_second: ratePerSecond };
}

/** One provider for `channel`, quiet hours off, the frequency cap out of the way. */
export async function configure(t: Target, channel: string, provider: Record<string, unknown>): Promise<void> {
  await call(t, 'PATCH', '/v1/settings', { quiet_hours: null, max_messages_per_recipient_per_day: 50 });
  await call(t, 'PUT', `/v1/channels/${channel}`, { providers: [provider] });
  await sleep(CONFIG_REFRESH_MS);
}

async function call(t: Target, method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${t.herald.url}${path}`, { method, headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
}

/** Orders with a phone that accepts SMS and no email, placed and their runs finished before the parcels move. */
export async function placeSmsOrders(t: Target, run: string, count: number): Promise<void> {
  await postAll(t, Array.from({ length: count }, (_, n) => orderPlaced(run, n, { phone: phoneOf(n), accepts_sms: true, first_name: 'Ada' })));
  await waitUntil(async () => (await pendingSendWork(t)) === 0, 120_000, 'the order runs to finish');
}

function orderPlaced(run: string, n: number, customer: Record<string, unknown>): Record<string, unknown> {
  return { id: `${run}-placed-${n}`, type: 'order.placed', occurred_at: new Date().toISOString(), order_ref: `${run}-${n}`, order: { number: `#${run}-${n}`, total: '42.00', currency: 'USD', customer } };
}

export function outForDelivery(run: string, n: number): Record<string, unknown> {
  return { id: `${run}-ofd-${n}`, type: 'shipment.updated', occurred_at: new Date().toISOString(), order_ref: `${run}-${n}`, shipment: { carrier: 'ups', tracking_number: `1Z${run.toUpperCase()}${n}`, state: 'out_for_delivery' } };
}

export function phoneOf(n: number): string {
  return `+1555${String(n).padStart(7, '0')}`;
}

async function postAll(t: Target, events: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < events.length; start += PER_REQUEST) {
    const body = events.slice(start, start + PER_REQUEST).map((e) => JSON.stringify(e)).join('\n');
    const status = await post(`${t.herald.url}/v1/events/batch`, t.key, body, 'application/x-ndjson');
    if (status !== 200) throw new Error(`the batch API answered ${status}`);
  }
}

/** Messages per second as the provider saw them, first to last, and from the first event posted. */
function throughput(sink: Arrivals, count: number, beganMs: number, complete: boolean): Record<string, string | number> {
  const { unique, extraCopies } = countDuplicates(sink.keys);
  return {
    ...(complete ? {} : { gave_up_after_s: GIVE_UP_MS / 1000 }),
    received: sink.atMs.length,
    lost: count - unique,
    duplicates: extraCopies,
    'messages/s': Math.round((sink.atMs.length - 1) / (span(sink.atMs) / 1000)),
    first_after_ms: Math.round(Math.min(...sink.atMs) - beganMs),
    'end_to_end/s': Math.round(sink.atMs.length / ((Math.max(...sink.atMs) - beganMs) / 1000)),
    'peak/1s_window': peakInWindow(sink.atMs),
  };
}

function checkSample(mail: ParsedMail, run: string): string[] {
  const problems: string[] = [];
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  if (mail.from?.value[0]?.address !== 'orders@shop.example') problems.push(`from ${mail.from?.text}`);
  if (mail.replyTo?.value[0]?.address !== 'help@shop.example') problems.push(`reply-to ${mail.replyTo?.text}`);
  if (!to?.value[0]?.address?.endsWith(`@${run}.example`)) problems.push(`to ${to?.text}`);
  if (!/^Your order #\S+ is confirmed$/.test(mail.subject ?? '')) problems.push(`subject ${mail.subject}`);
  if (!mail.text?.includes('Thank you for your order')) problems.push('no text part');
  if (typeof mail.html !== 'string' || !mail.html.includes('Thank you for your order')) problems.push('no html part');
  if (!mail.messageId?.endsWith('@shop.example>')) problems.push(`message-id ${mail.messageId}`);
  if (!mail.date) problems.push('no date');
  return problems;
}

export async function statuses(t: Target, channel: string): Promise<Record<string, number>> {
  const rows = await t.store.query<{ status: string; n: number | string }>(`SELECT status, count(*) AS n FROM notifications WHERE channel = '${channel}' GROUP BY status ORDER BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function countSms(t: Target, where: string): Promise<number> {
  const rows = await t.store.query<{ n: number | string }>(`SELECT count(*) AS n FROM notifications WHERE channel = 'sms' AND ${where}`);
  return Number(rows[0]!.n);
}

async function pendingSendWork(t: Target): Promise<number> {
  const rows = await t.store.query<{ n: number | string }>("SELECT count(*) AS n FROM jobs WHERE kind IN ('workflow.run', 'notification.send', 'notification.dispatch')");
  return Number(rows[0]!.n);
}

/** The provider's answers are recorded just after it gives them: wait (briefly) until all are. */
export async function settle(t: Target, channel: string, count: number): Promise<void> {
  await waitUntil(async () => ((await statuses(t, channel))['sent'] ?? 0) >= count, 10_000, `${count} ${channel} notifications recorded as sent`).catch(() => undefined);
}

/** Dispatch jobs still waiting, and how often the busiest was rescheduled (each reschedule bumps its revision). */
async function pendingDispatches(t: Target): Promise<{ jobs: number; mostReschedules: number }> {
  const rows = await t.store.query<{ n: number | string; most: number | string | null }>("SELECT count(*) AS n, max(revision) AS most FROM jobs WHERE kind = 'notification.dispatch'");
  return { jobs: Number(rows[0]!.n), mostReschedules: Math.max(0, Number(rows[0]!.most ?? 1) - 1) };
}

/** Waits until the provider has `count` messages; false when it gave up (the figures then show what is missing). */
async function waitForArrivals(sink: Arrivals, count: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (sink.atMs.length < count) {
    if (performance.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

function span(atMs: readonly number[]): number {
  return atMs.length < 2 ? 0 : Math.max(...atMs) - Math.min(...atMs);
}

/**
 * Calls `send(n, sentAtMs)` for n = 0 .. total-1, the n-th at n/rate seconds from now, and
 * collects what it returns; `maxLagMs` says how far the sender fell behind its schedule.
 */
export async function paced<T>(total: number, ratePerSecond: number, send: (n: number, sentAtMs: number) => T): Promise<{ results: T[]; maxLagMs: number }> {
  const results: T[] = [];
  let maxLagMs = 0;
  const began = performance.now();
  for (let n = 0; n < total; n += 1) {
    const due = began + (n * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - due);
    results.push(send(n, now));
  }
  return { results, maxLagMs };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
