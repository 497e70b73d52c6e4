// Job scenarios: how fast an event's due job is claimed, and how punctually timers fire with a
// million others pending.

import type { HeraldProcess } from '../test/support/herald-process.ts';
import { toMs, type BenchStore } from './bench-store.ts';
import { addBusinessHours, carrierCalendar } from '../src/core/calendar/business-hours.ts';
import { peakRssMb, percentile, post, type ScenarioResult } from './scenarios.ts';

const HOUR_MS = 3_600_000;
const STALL_HOURS = 48;

/**
 * The scan time whose stall timer falls due at `dueMs`: stall timers count the carrier's business
 * hours (no weekends, holidays), so "48 hours ago" is not the answer on a Monday. Binary search
 * over the monotonic addBusinessHours, to the millisecond.
 */
function scanTimeForDue(dueMs: number): number {
  const calendar = carrierCalendar('ups', null);
  let low = dueMs - 30 * 24 * HOUR_MS;
  let high = dueMs;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (addBusinessHours(mid, STALL_HOURS, calendar) < dueMs) low = mid;
    else high = mid;
  }
  return high;
}

function parcelEvent(id: string, occurredAtMs: number): string {
  return JSON.stringify({
    id,
    type: 'shipment.updated',
    occurred_at: new Date(occurredAtMs).toISOString(),
    order_ref: `o-${id}`,
    shipment: { carrier: 'ups', tracking_number: `E2E${id}`, state: 'in_transit' },
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Single events at `ratePerSecond` whose stall timers are due at once (their last scan is older
 * than the stall threshold). Latency = the stalled signal's received_at (the claim) minus the
 * event's received_at.
 */
export async function runEndToEnd(herald: HeraldProcess, key: string, store: BenchStore, ratePerSecond: number, seconds: number): Promise<ScenarioResult> {
  const total = ratePerSecond * seconds;
  const began = Date.now();
  const sends: Promise<number>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = began + (n * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(post(`${herald.url}/v1/events`, key, parcelEvent(`e2e${n}`, scanTimeForDue(Date.now() - 1_000))));
  }
  const statuses = await Promise.all(sends);
  await waitFor(async () => {
    const rows = await store.query<{ n: number | string }>("SELECT count(*) AS n FROM events WHERE type = 'shipment.stalled'");
    return Number(rows[0]!.n) >= total;
  }, 60_000);
  const rows = await store.query<{ tracking_number: string; type: string; received_at: unknown }>(
    "SELECT tracking_number, type, received_at FROM events WHERE type IN ('shipment.updated', 'shipment.stalled')",
  );
  const received = new Map<string, number>();
  const claimed = new Map<string, number>();
  for (const row of rows) (row.type === 'shipment.updated' ? received : claimed).set(row.tracking_number, toMs(row.received_at));
  const latencies = [...received].map(([tn, at]) => claimed.get(tn)! - at).sort((a, b) => a - b);
  return {
    name: `event -> due job claimed (${ratePerSecond}/s)`,
    figures: {
      events: total,
      failed_requests: statuses.filter((s) => s !== 201).length,
      p50_ms: percentile(latencies, 50),
      p99_ms: percentile(latencies, 99),
      max_ms: latencies.at(-1) ?? 0,
      peak_rss_mb: peakRssMb(herald.child.pid!),
    },
  };
}

/** One million future jobs pending, then timers due over the next seconds: how late does each fire? */
export async function runTimerAccuracy(herald: HeraldProcess, key: string, store: BenchStore, pending: number): Promise<ScenarioResult> {
  const farMs = Date.now() + 24 * HOUR_MS;
  const insertStarted = Date.now();
  if (store.kind === 'sqlite') {
    await store.query(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
       INSERT INTO jobs (store_id, kind, key, payload, due_at, max_attempts, created_at)
       SELECT 'default', 'shipment.stall_check', 'bench:' || i, '{"trackingNumber":"BENCH","since":"x"}', ? + i, 10, 'bench' FROM c`,
      [pending, farMs],
    );
  } else {
    await store.query(
      `INSERT INTO jobs (store_id, kind, key, payload, due_at, max_attempts, created_at)
       SELECT 'default', 'shipment.stall_check', 'bench:' || i, '{"trackingNumber":"BENCH","since":"x"}', $2::bigint + i, 10, 'bench'
       FROM generate_series(1, $1::int) AS i`,
      [pending, farMs],
    );
  }
  const insertSeconds = (Date.now() - insertStarted) / 1000;
  const timers = 40;
  const now = Date.now();
  const dueAt = new Map<string, number>();
  for (let n = 0; n < timers; n += 1) {
    const due = now + 2_000 + n * 150;
    dueAt.set(`E2ETIMER${n}`, due);
    const status = await post(`${herald.url}/v1/events`, key, parcelEvent(`timer${n}`, scanTimeForDue(due)));
    if (status !== 201) throw new Error(`ingest answered ${status}`);
  }
  await waitFor(async () => {
    const rows = await store.query<{ n: number | string }>("SELECT count(*) AS n FROM events WHERE type = 'shipment.stalled'");
    return Number(rows[0]!.n) >= timers;
  }, 60_000);
  const rows = await store.query<{ tracking_number: string; received_at: unknown }>("SELECT tracking_number, received_at FROM events WHERE type = 'shipment.stalled'");
  const delays = rows.map((row) => toMs(row.received_at) - dueAt.get(row.tracking_number)!).sort((a, b) => a - b);
  return {
    name: `timer firing, ${pending.toLocaleString('en')} pending`,
    figures: {
      timers,
      bulk_insert_s: insertSeconds.toFixed(1),
      p50_late_ms: percentile(delays, 50),
      p99_late_ms: percentile(delays, 99),
      max_late_ms: delays.at(-1) ?? 0,
      peak_rss_mb: peakRssMb(herald.child.pid!),
    },
  };
}
