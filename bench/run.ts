// The benchmark harness (DESIGN.md §9). Starts real Herald processes on a fresh store, drives
// them over loopback HTTP, and prints each figure with the machine, the store and the commit.
//
//   npm run bench                                 every scenario on SQLite
//   npm run bench -- --store postgres             on a throw-away PostgreSQL cluster
//   npm run bench -- --scenario batch,timers      some scenarios
//   npm run bench -- --scenario channels          email, SMS and the rate-limited surge
//   npm run bench -- --scenario surge             the rate-limited surge alone
//   npm run bench -- --scenario handover          webhook -> SMS at the provider at 1,000 events/s
//   npm run bench -- --scenario tracking,idle     the tracking page at 2,000 req/s; memory at rest
//   npm run bench -- --store postgres --database-url postgres://...   on an empty database you own

import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startHeraldProcess, type HeraldProcess } from '../test/support/herald-process.ts';
import { openBenchStore, type BenchStore } from './bench-store.ts';
import { runEmailThroughput, runSmsThroughput, runSurge } from './channel-scenarios.ts';
import { runHandover } from './handover-scenario.ts';
import { runIdleMemory, runTrackingPage } from './tracking-scenario.ts';
import { runEndToEnd, runTimerAccuracy } from './job-scenarios.ts';
import { runBatchIngest, runSingleIngest, type ScenarioResult } from './scenarios.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'idle,batch,single,e2e,timers,channels,handover,tracking' },
    store: { type: 'string', default: 'sqlite' },
    'database-url': { type: 'string' },
    processes: { type: 'string' },
    'batch-events': { type: 'string', default: '200000' },
    'single-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    'e2e-rate': { type: 'string', default: '1000' },
    'pending-timers': { type: 'string', default: '1000000' },
    'channel-messages': { type: 'string', default: '5000' },
    'surge-messages': { type: 'string', default: '10000' },
    'surge-rate': { type: 'string', default: '200' },
    'throughput-rate': { type: 'string', default: '10000' },
    'handover-rate': { type: 'string', default: '1000' },
    'warm-up-seconds': { type: 'string', default: '3' },
    'tracking-rate': { type: 'string', default: '2000' },
    'tracking-orders': { type: 'string', default: '2000' },
  },
});

function machine(): string {
  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // Not a git checkout.
  }
  return `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, commit ${commit}`;
}

/** Fresh store, `count` Herald processes on it (the first creates the default store and its key). */
async function withHerald<T>(count: number, run: (heralds: HeraldProcess[], key: string, store: BenchStore) => Promise<T>): Promise<T> {
  const store = await openBenchStore(values.store, values['database-url']);
  const env = { ...store.env, HERALD_LOG_LEVEL: 'info' };
  const heralds: HeraldProcess[] = [];
  try {
    heralds.push(await startHeraldProcess(['--data', store.dataDir], env));
    for (let i = 1; i < count; i += 1) heralds.push(await startHeraldProcess(['--data', store.dataDir], env));
    const key = heralds[0]!.firstKey ?? process.env['HERALD_API_KEY'];
    if (!key) throw new Error('no API key: the database was not empty; set HERALD_API_KEY');
    return await run(heralds, key, store);
  } finally {
    for (const herald of heralds) await herald.stop();
    await store.close();
  }
}

function print(result: ScenarioResult): void {
  const figures = Object.entries(result.figures).map(([k, v]) => `${k}=${v}`).join('  ');
  console.log(`${result.name.padEnd(44)} ${figures}`);
}

const scenarios = new Set(values.scenario.split(','));
const batchProcesses = Number(values.processes ?? (values.store === 'postgres' ? 2 : 1));
console.log(`Herald bench — store ${values.store} — ${machine()}`);
if (scenarios.has('idle')) {
  print(await withHerald(1, ([herald], key, store) => runIdleMemory({ herald: herald!, key, store }, 10_000)));
}
if (scenarios.has('batch')) {
  print(await withHerald(batchProcesses, (h, key) => runBatchIngest(h, key, Number(values['batch-events']))));
}
if (scenarios.has('single')) {
  print(await withHerald(1, ([h], key) => runSingleIngest(h!, key, Number(values['single-seconds']) * 1_000, Number(values.concurrency))));
}
if (scenarios.has('e2e')) {
  print(await withHerald(1, ([h], key, store) => runEndToEnd(h!, key, store, Number(values['e2e-rate']), 5)));
}
if (scenarios.has('timers')) {
  print(await withHerald(1, ([h], key, store) => runTimerAccuracy(h!, key, store, Number(values['pending-timers']))));
}
if (scenarios.has('channels') || scenarios.has('surge')) {
  const [messages, rate] = [Number(values['channel-messages']), Number(values['throughput-rate'])];
  const [surge, surgeRate] = [Number(values['surge-messages']), Number(values['surge-rate'])];
  if (scenarios.has('channels')) {
    print(await withHerald(1, ([herald], key, store) => runEmailThroughput({ herald: herald!, key, store }, messages, rate)));
    print(await withHerald(1, ([herald], key, store) => runSmsThroughput({ herald: herald!, key, store }, messages, rate)));
  }
  // Gives up after 4 minutes at most, so a surge that never drains still ends the run.
  print(await withHerald(1, ([herald], key, store) => runSurge({ herald: herald!, key, store }, surge, surgeRate, 240_000)));
}
if (scenarios.has('handover')) {
  print(await withHerald(1, ([herald], key, store) => runHandover({ herald: herald!, key, store }, Number(values['handover-rate']), 10, Number(values['warm-up-seconds']))));
}
if (scenarios.has('tracking')) {
  print(await withHerald(1, ([herald], key, store) => runTrackingPage({ herald: herald!, key, store }, Number(values['tracking-rate']), 10, Number(values['tracking-orders']), Number(values['warm-up-seconds']))));
}
process.exit(0);
