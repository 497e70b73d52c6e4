// Bench scenarios: each drives a running Herald over HTTP and returns its figures.

import { Agent, request } from 'node:http';
import type { HeraldProcess } from '../test/support/herald-process.ts';
import { hasWrk, runWrkSingle } from './wrk-single.ts';
import { readFileSync } from 'node:fs';

export interface ScenarioResult {
  name: string;
  figures: Record<string, string | number>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export async function post(url: string, key: string, body: string, contentType = 'application/json'): Promise<number> {
  return (await postForAnswer(url, key, body, contentType)).status;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Peak resident memory of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Resident memory of a process now (VmRSS), in MB. */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** CPU time used so far (user + system, ms): the whole process, its main thread, and the main thread's system share. */
export function cpuMs(pid: number): { process: number; main: number; mainSystem: number } {
  // Fields 14 and 15 of /proc/<pid>/stat are utime and stime in clock ticks (100 a second on Linux).
  const ticks = (path: string) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  };
  const all = ticks(`/proc/${pid}/stat`);
  const main = ticks(`/proc/${pid}/task/${pid}/stat`);
  return { process: all.user + all.system, main: main.user + main.system, mainSystem: main.system };
}

/** CPU ms per unit of work between two `cpuMs` readings, as figures. */
export function cpuPer(unit: string, before: ReturnType<typeof cpuMs>, after: ReturnType<typeof cpuMs>, count: number): Record<string, string> {
  return {
    [`cpu_ms_per_${unit}`]: ((after.process - before.process) / count).toFixed(3),
    [`main_thread_cpu_ms_per_${unit}`]: ((after.main - before.main) / count).toFixed(3),
    [`of_it_system_ms`]: ((after.mainSystem - before.mainSystem) / count).toFixed(3),
  };
}

let seq = 0;
// Scans from the last few minutes, as a live feed sends them. (Scans days old would make every
// parcel stalled on arrival: each event would then also fire a stall timer at once, a load the
// timers and e2e scenarios measure on their own.)
const scannedFromMs = Date.now() - 10 * 60_000;
function shipmentEvent(n: number, run: string): Record<string, unknown> {
  seq += 1;
  return {
    id: `${run}-${seq}`,
    type: 'shipment.updated',
    occurred_at: new Date(scannedFromMs + (n % 1000) * 100).toISOString(),
    order_ref: `${run}-o${Math.floor(n / 3)}`,
    shipment: { carrier: 'ups', tracking_number: `1Z${run.toUpperCase()}${n}`, state: n % 3 === 0 ? 'label_created' : 'in_transit', location: { city: 'Memphis', country: 'US' } },
  };
}

export interface Answer {
  status: number;
  retryAfterS: number | null;
  body: string;
}

/** POST and read the whole answer (status, Retry-After, body). */
export function postForAnswer(url: string, key: string, body: string, contentType = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const retry = Number(res.headers['retry-after']);
          resolve({ status: res.statusCode ?? 0, retryAfterS: Number.isFinite(retry) ? retry : null, body: text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The install's due-job backlog as `GET /v1/status` reports it (refreshed once a second). */
async function dueJobs(url: string, key: string): Promise<number> {
  const response = await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${key}` } });
  const status = (await response.json()) as { backlog: { due: number } };
  return status.backlog.due;
}

/**
 * Seconds from `began` until no job is due (every run the load started has been evaluated), or
 * null when that takes longer than `limitMs` after now.
 */
export async function secondsUntilDrained(url: string, key: string, began: number, limitMs: number): Promise<number | null> {
  const deadline = performance.now() + limitMs;
  // The status backlog is refreshed once a second: wait for that first.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  while (performance.now() < deadline) {
    if ((await dueJobs(url, key)) === 0) return (performance.now() - began) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

/**
 * Durable events ingested per second through POST /v1/events/batch (NDJSON, 5,000 per request,
 * 4 in flight), counting only events the answers accepted; a 429 is retried after its
 * Retry-After, as a provider would. Then waits until no job is due: every run the events started
 * has been evaluated, and `evaluated events/s` counts to that moment.
 */
export async function runBatchIngest(heralds: HeraldProcess[], key: string, total: number, drainLimitMs = 300_000): Promise<ScenarioResult> {
  const perBatch = 5_000;
  const inFlight = 4;
  const run = `b${Date.now().toString(36)}`;
  const bodies: string[] = [];
  for (let start = 0; start < total; start += perBatch) {
    const lines: string[] = [];
    for (let n = start; n < Math.min(total, start + perBatch); n += 1) lines.push(JSON.stringify(shipmentEvent(n, run)));
    bodies.push(lines.join('\n'));
  }
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let retried = 0;
  let accepted = 0;
  const cpuOf = () => heralds.map((h) => cpuMs(h.child.pid!)).reduce((a, b) => ({ process: a.process + b.process, main: a.main + b.main, mainSystem: a.mainSystem + b.mainSystem }));
  const cpuBefore = cpuOf();
  const began = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const index = next++;
        const body = bodies[index]!;
        const target = heralds[index % heralds.length]!;
        for (let attempt = 0; ; attempt += 1) {
          const t0 = performance.now();
          const answer = await postForAnswer(`${target.url}/v1/events/batch`, key, body, 'application/x-ndjson');
          if (answer.status === 429 && attempt < 20) {
            retried += 1;
            await new Promise((resolve) => setTimeout(resolve, (answer.retryAfterS ?? 1) * 1000));
            continue;
          }
          latencies.push(performance.now() - t0);
          if (answer.status === 200) accepted += (JSON.parse(answer.body) as { accepted: number }).accepted;
          else failures += 1;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const evaluatedSeconds = await secondsUntilDrained(heralds[0]!.url, key, began, drainLimitMs);
  const cpuAfter = cpuOf();
  latencies.sort((a, b) => a - b);
  return {
    name: `ingest batched (HTTP NDJSON, ${heralds.length} process${heralds.length > 1 ? 'es' : ''})`,
    figures: {
      events: accepted,
      'events/s': Math.round(accepted / seconds),
      'p50_ms/req': percentile(latencies, 50).toFixed(1),
      'p99_ms/req': percentile(latencies, 99).toFixed(1),
      retried_429: retried,
      failed_requests: failures,
      'evaluated_events/s': evaluatedSeconds === null ? `not drained in ${Math.round(drainLimitMs / 1000)} s` : Math.round(accepted / evaluatedSeconds),
      ...cpuPer('event', cpuBefore, cpuAfter, accepted),
      peak_rss_mb: Math.max(...heralds.map((h) => peakRssMb(h.child.pid!))),
    },
  };
}

/** Single-event webhooks per second through POST /v1/events with `concurrency` in flight. */
export async function runSingleIngest(herald: HeraldProcess, key: string, durationMs: number, concurrency: number): Promise<ScenarioResult> {
  if (hasWrk()) {
    const cpuBefore = cpuMs(herald.child.pid!);
    const began = performance.now();
    const result = runWrkSingle(herald.url, key, Math.round(durationMs / 1000), concurrency);
    const evaluated = await secondsUntilDrained(herald.url, key, began, 300_000);
    const cpuAfter = cpuMs(herald.child.pid!);
    return {
      name: 'ingest single-event (HTTP, wrk)',
      figures: {
        'requests/s': result.requestsPerSecond,
        p50_ms: result.p50Ms,
        p99_ms: result.p99Ms,
        failed_requests: result.non2xx,
        'evaluated_events/s': evaluated === null ? 'not drained in 300 s' : Math.round((result.requestsPerSecond * durationMs) / 1000 / evaluated),
        ...cpuPer('event', cpuBefore, cpuAfter, Math.round((result.requestsPerSecond * durationMs) / 1000)),
        peak_rss_mb: peakRssMb(herald.child.pid!),
      },
    };
  }
  const run = `s${Date.now().toString(36)}`;
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const began = performance.now();
  const deadline = began + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const body = JSON.stringify(shipmentEvent(sent++, run));
        const t0 = performance.now();
        const status = await post(`${herald.url}/v1/events`, key, body);
        latencies.push(performance.now() - t0);
        if (status !== 201) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: 'ingest single-event (HTTP)',
    figures: {
      requests: latencies.length,
      'requests/s': Math.round(latencies.length / seconds),
      p50_ms: percentile(latencies, 50).toFixed(2),
      p99_ms: percentile(latencies, 99).toFixed(2),
      failed_requests: failures,
      peak_rss_mb: peakRssMb(herald.child.pid!),
    },
  };
}
