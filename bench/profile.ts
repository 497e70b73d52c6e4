// Profiling aids (not part of `npm run bench`, whose figures they would disturb):
//
//   npx tsx bench/profile.ts http single|batch|handover|tracking [dir] [rate]
//                                                      a scenario against a Herald started with
//                                                      --cpu-prof; one .cpuprofile per thread in dir
//   npx tsx bench/profile.ts ingest [events] [per]     the main thread's ingest path alone (no
//                                                      HTTP), in transactions of `per` events, with
//                                                      the time each store call takes per event
//
// Open a .cpuprofile in Chrome DevTools (Performance > Load profile). HERALD_* variables apply,
// e.g. HERALD_INLINE_RUN_EVENTS=0 to leave every run to the worker.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { validateEvents } from '../src/app/validate-events.ts';
import { resolveConfig } from '../src/config/resolve-config.ts';
import type { StoreTx } from '../src/core/ports/store.ts';
import { createHerald } from '../src/main.ts';
import { startHeraldProcess } from '../test/support/herald-process.ts';
import { openBenchStore } from './bench-store.ts';
import { runHandover } from './handover-scenario.ts';
import { runTrackingPage } from './tracking-scenario.ts';
import { runBatchIngest, runSingleIngest } from './scenarios.ts';

const [mode = 'ingest', ...rest] = process.argv.slice(2);
if (mode === 'http') await profileHttp(rest[0] ?? 'single', rest[1] ?? join(tmpdir(), 'herald-cpu-profiles'), Number(rest[2] ?? 600));
else await timeIngest(Number(rest[0] ?? 20_000), Number(rest[1] ?? 20));
process.exit(0);

/** `rate`: events a second (handover) or requests a second (tracking). */
async function profileHttp(scenario: string, profileDir: string, rate: number): Promise<void> {
  const store = await openBenchStore('sqlite', undefined);
  const herald = await startHeraldProcess(['--data', store.dataDir], {}, 30_000, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const key = herald.firstKey!;
  const result =
    scenario === 'batch' ? await runBatchIngest([herald], key, 100_000)
    : scenario === 'handover' ? await runHandover({ herald, key, store }, rate, 10)
    : scenario === 'tracking' ? await runTrackingPage({ herald, key, store }, rate, 10, 2_000)
    : await runSingleIngest(herald, key, 10_000, 64);
  console.log(JSON.stringify(result));
  await herald.stop(30_000);
  await store.close();
  console.log(`profiles in ${profileDir}`);
}

/** Shipment events in transactions of `per`, as the HTTP thread would hand them over. */
async function timeIngest(total: number, per: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-micro-'));
  const config = resolveConfig({ flags: { data: dir }, env: { HERALD_LOG_LEVEL: 'warn', ...process.env }, yamlText: null });
  const herald = await createHerald(config, { worker: false });
  const storeId = 'default';
  const calls = new Map<string, { n: number; ms: number }>();
  const transact = herald.store.transact.bind(herald.store);
  // The store's work is synchronous inside each call (better-sqlite3): timing the call times it.
  (herald.store as { transact: typeof transact }).transact = (work) => transact((tx) => work(timed(tx, calls)));
  const scannedFrom = Date.now() - 600_000;
  let n = 0;
  const batch = () =>
    validateEvents(
      Array.from({ length: per }, () => {
        n += 1;
        const value = { id: `m-${n}`, type: 'shipment.updated', occurred_at: new Date(scannedFrom + n).toISOString(), order_ref: `o${Math.floor(n / 3)}`, shipment: { carrier: 'ups', tracking_number: `1ZMICRO${n}`, state: 'in_transit', location: { city: 'Memphis', country: 'US' } } };
        return { index: n, line: n, digest: () => `d${n}`, value };
      }),
      { storeId, defaultSource: 'api', receivedAt: new Date().toISOString() },
    ).valid.map((v) => v.normalized);
  for (let i = 0; i < 20; i += 1) await ingestEvents(herald.ingest, batch(), null);
  calls.clear();
  let ms = 0;
  for (let done = 0; done < total; done += per) {
    const items = batch();
    const t0 = performance.now();
    await ingestEvents(herald.ingest, items, { storeId, source: 'api', receivedAt: new Date().toISOString(), contentType: 'application/json', body: Buffer.from('{}'), headers: {} });
    ms += performance.now() - t0;
  }
  console.log(JSON.stringify({ events: total, per, us_per_event: +((ms * 1000) / total).toFixed(1), 'events/s': Math.round((total / ms) * 1000) }));
  let inStore = 0;
  for (const [name, c] of [...calls].sort((a, b) => b[1].ms - a[1].ms)) {
    inStore += c.ms;
    console.log(`${name.padEnd(28)} calls/event ${(c.n / total).toFixed(2).padStart(6)}  us/event ${((c.ms * 1000) / total).toFixed(1).padStart(7)}`);
  }
  console.log(`store calls ${((inStore * 1000) / total).toFixed(1)} us/event; the rest (JS, commit) ${(((ms - inStore) * 1000) / total).toFixed(1)}`);
  await herald.close();
}

function timed(tx: StoreTx, calls: Map<string, { n: number; ms: number }>): StoreTx {
  return new Proxy(tx, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        const entry = calls.get(String(property)) ?? { n: 0, ms: 0 };
        entry.n += 1;
        entry.ms += performance.now() - t0;
        calls.set(String(property), entry);
        return result;
      };
    },
  });
}
