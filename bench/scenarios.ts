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

export function post(url: string, key: string, body: string, contentType = 'application/json'): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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

let seq = 0;
function shipmentEvent(n: number, run: string): Record<string, unknown> {
  seq += 1;
  return {
    id: `${run}-${seq}`,
    type: 'shipment.updated',
    occurred_at: new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + (n % 1000) * 1000).toISOString(),
    order_ref: `${run}-o${Math.floor(n / 3)}`,
    shipment: { carrier: 'ups', tracking_number: `1Z${run.toUpperCase()}${n}`, state: n % 3 === 0 ? 'label_created' : 'in_transit', location: { city: 'Memphis', country: 'US' } },
  };
}

/** Durable events ingested per second through POST /v1/events/batch (NDJSON, 5,000 per request, 4 in flight). */
export async function runBatchIngest(heralds: HeraldProcess[], key: string, total: number): Promise<ScenarioResult> {
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
  const began = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const index = next++;
        const body = bodies[index]!;
        const target = heralds[index % heralds.length]!;
        const t0 = performance.now();
        const status = await post(`${target.url}/v1/events/batch`, key, body, 'application/x-ndjson');
        latencies.push(performance.now() - t0);
        if (status !== 200) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: `ingest batched (HTTP NDJSON, ${heralds.length} process${heralds.length > 1 ? 'es' : ''})`,
    figures: {
      events: total,
      'events/s': Math.round(total / seconds),
      'p50_ms/req': percentile(latencies, 50).toFixed(1),
      'p99_ms/req': percentile(latencies, 99).toFixed(1),
      failed_requests: failures,
      peak_rss_mb: Math.max(...heralds.map((h) => peakRssMb(h.child.pid!))),
    },
  };
}

/** Single-event webhooks per second through POST /v1/events with `concurrency` in flight. */
export async function runSingleIngest(herald: HeraldProcess, key: string, durationMs: number, concurrency: number): Promise<ScenarioResult> {
  if (hasWrk()) {
    const result = runWrkSingle(herald.url, key, Math.round(durationMs / 1000), concurrency);
    return {
      name: 'ingest single-event (HTTP, wrk)',
      figures: {
        'requests/s': result.requestsPerSecond,
        p50_ms: result.p50Ms,
        p99_ms: result.p99Ms,
        failed_requests: result.non2xx,
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
