// The design's tracking-page budget (DESIGN.md §9): p99 <= 20 ms at 2,000 requests/s. Orders with
// a parcel and a few carrier scans each are placed first; then their pages are fetched in turn,
// paced at the rate, each timed from just before the request to the last byte of the answer.
// And Herald's resident memory when it has nothing to do (budget <= 150 MB).

import { Agent, request } from 'node:http';
import { paced, sleep, type Target } from './channel-scenarios.ts';
import { cpuMs, cpuPer, peakRssMb, percentile, post, residentMb, secondsUntilDrained, type ScenarioResult } from './scenarios.ts';

const BUDGET_P99_MS = 20;
const IDLE_BUDGET_MB = 150;
const PER_REQUEST = 1_000;
/** Enough sockets that a slow answer never makes the next request wait for one. */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/** `orders` orders, each with a parcel scanned three times, as a storefront and a carrier send them. */
function journey(run: string, n: number, nowMs: number): Record<string, unknown>[] {
  const ref = `${run}-${n}`;
  const parcel = { carrier: 'ups', tracking_number: `1Z${run.toUpperCase()}T${n}` };
  const at = (hoursAgo: number) => new Date(nowMs - hoursAgo * 3_600_000).toISOString();
  return [
    { id: `${ref}-placed`, type: 'order.placed', occurred_at: at(30), order_ref: ref, order: { number: `#${n}`, total: '42.00', currency: 'USD', customer: { email: `c${n}@${run}.example`, first_name: 'Ada' } } },
    { id: `${ref}-label`, type: 'shipment.updated', occurred_at: at(26), order_ref: ref, shipment: { ...parcel, state: 'label_created' } },
    { id: `${ref}-picked`, type: 'shipment.updated', occurred_at: at(20), order_ref: ref, shipment: { ...parcel, state: 'in_transit', location: { city: 'Louisville', country: 'US' } } },
    { id: `${ref}-moved`, type: 'shipment.updated', occurred_at: at(4), order_ref: ref, shipment: { ...parcel, state: 'in_transit', location: { city: 'Memphis', country: 'US' } } },
  ];
}

/** GET a page; resolves with the status once the last byte is in. */
function fetchPage(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * `warmUpSeconds` at the rate over the pages of as many other orders come first, not measured:
 * the budget is about a running Herald, not the first seconds of a new process, whose code is
 * not compiled yet (their p99 is reported apart, `warm_up_p99_ms`). The measured orders' pages
 * are then all new to Herald: the first pass renders every one.
 */
export async function runTrackingPage(t: Target, ratePerSecond: number, seconds: number, orders: number, warmUpSeconds = 3): Promise<ScenarioResult> {
  const run = `t${Date.now().toString(36)}`;
  const warmRun = `${run}w`;
  const nowMs = Date.now();
  const events = [run, ...(warmUpSeconds > 0 ? [warmRun] : [])].flatMap((r) => Array.from({ length: orders }, (_, n) => journey(r, n, nowMs)).flat());
  const began = performance.now();
  for (let start = 0; start < events.length; start += PER_REQUEST) {
    const body = events.slice(start, start + PER_REQUEST).map((e) => JSON.stringify(e)).join('\n');
    const status = await post(`${t.herald.url}/v1/events/batch`, t.key, body, 'application/x-ndjson');
    if (status !== 200) throw new Error(`the batch API answered ${status}`);
  }
  // The pages are read while nothing else runs: every run the events started is decided first.
  if ((await secondsUntilDrained(t.herald.url, t.key, began, 120_000)) === null) throw new Error('the runs of the placed orders did not finish within 120 s');
  const pagesOf = async (r: string) => {
    const rows = await t.store.query<{ tracking_token: string }>(`SELECT tracking_token FROM orders WHERE order_ref LIKE '${r}-%' AND tracking_token IS NOT NULL`);
    if (rows.length < orders) throw new Error(`only ${rows.length} of ${orders} orders have a tracking page`);
    return rows.map((row) => `${t.herald.url}/t/${row.tracking_token}`);
  };
  const urls = await pagesOf(run);
  const warmUp: number[] = [];
  if (warmUpSeconds > 0) {
    const warmUrls = await pagesOf(warmRun);
    const { results } = await paced(ratePerSecond * warmUpSeconds, ratePerSecond, (n, t0) => fetchPage(warmUrls[n % warmUrls.length]!).then(() => warmUp.push(performance.now() - t0), () => undefined));
    await Promise.all(results);
    warmUp.sort((a, b) => a - b);
    await sleep(1_000);
  }

  const total = ratePerSecond * seconds;
  const latencies: number[] = [];
  // Herald keeps rendered pages while their order is unchanged (src/app/rendered-pages.ts): the
  // first request for each order renders it, the later ones may not. Both are reported.
  const firstPass: number[] = [];
  const laterPasses: number[] = [];
  let failed = 0;
  const cpuBefore = cpuMs(t.herald.child.pid!);
  const start = performance.now();
  const { results: pending, maxLagMs } = await paced(total, ratePerSecond, (n, t0) =>
    fetchPage(urls[n % urls.length]!).then(
      (status) => {
        const ms = performance.now() - t0;
        latencies.push(ms);
        (n < urls.length ? firstPass : laterPasses).push(ms);
        if (status !== 200) failed += 1;
      },
      () => {
        failed += 1;
      },
    ),
  );
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  const cpuAfter = cpuMs(t.herald.child.pid!);
  for (const list of [latencies, firstPass, laterPasses]) list.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  return {
    name: `tracking page (${ratePerSecond}/s, ${orders} orders)`,
    figures: {
      requests: total,
      'requests/s': Math.round(total / elapsedS),
      p50_ms: percentile(latencies, 50).toFixed(2),
      p99_ms: p99.toFixed(2),
      max_ms: (latencies.at(-1) ?? 0).toFixed(1),
      first_pass_p99_ms: percentile(firstPass, 99).toFixed(2),
      later_passes_p99_ms: percentile(laterPasses, 99).toFixed(2),
      failed,
      // How far the sender fell behind its schedule (a late sender measures less than the rate).
      max_send_lag_ms: maxLagMs.toFixed(1),
      ...cpuPer('request', cpuBefore, cpuAfter, total),
      ...(warmUpSeconds > 0 ? { warm_up_s: warmUpSeconds, warm_up_p99_ms: percentile(warmUp, 99).toFixed(2) } : {}),
      budget: failed === 0 && p99 <= BUDGET_P99_MS ? 'PASS' : 'FAIL',
      peak_rss_mb: peakRssMb(t.herald.child.pid!),
    },
  };
}

/** Resident memory of a Herald that started and has nothing to do, after `settleMs`. */
export async function runIdleMemory(t: Target, settleMs: number): Promise<ScenarioResult> {
  await sleep(settleMs);
  const rssMb = residentMb(t.herald.child.pid!);
  return {
    name: 'idle memory',
    figures: { after_s: settleMs / 1000, rss_mb: rssMb, budget: rssMb <= IDLE_BUDGET_MB ? 'PASS' : 'FAIL', peak_rss_mb: peakRssMb(t.herald.child.pid!) },
  };
}
