// The benchmark harness (DESIGN.md §9). Starts a real Herald process on a fresh store, drives it
// over loopback HTTP, and prints each figure with the machine, the store and the commit.
//
//   npm run bench                       all scenarios on SQLite
//   npm run bench -- --scenario single  one scenario
//   npm run bench -- --store postgres --database-url postgres://...

import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startHeraldProcess, type HeraldProcess } from '../test/support/herald-process.ts';
import { runBatchIngest, runSingleIngest, type ScenarioResult } from './scenarios.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    store: { type: 'string', default: 'sqlite' },
    'database-url': { type: 'string' },
    'batch-events': { type: 'string', default: '200000' },
    'single-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
  },
});

function machine(): string {
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      return 'uncommitted';
    }
  })();
  return `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, commit ${commit}`;
}

async function withHerald<T>(run: (herald: HeraldProcess, key: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const env: Record<string, string> = { HERALD_LOG_LEVEL: 'warn' };
  if (values.store === 'postgres') {
    if (!values['database-url']) throw new Error('--store postgres needs --database-url');
    env['HERALD_DATABASE_URL'] = values['database-url'];
  }
  const herald = await startHeraldProcess(['--data', folder], { ...env, HERALD_LOG_LEVEL: 'info' });
  try {
    const key = herald.firstKey ?? process.env['HERALD_API_KEY'];
    if (!key) throw new Error('no API key: the store was not fresh; set HERALD_API_KEY');
    return await run(herald, key);
  } finally {
    await herald.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

function print(result: ScenarioResult): void {
  const figures = Object.entries(result.figures).map(([k, v]) => `${k}=${v}`).join('  ');
  console.log(`${result.name.padEnd(28)} ${figures}`);
}

console.log(`Herald bench — store ${values.store} — ${machine()}`);
const concurrency = Number(values.concurrency);
if (values.scenario === 'all' || values.scenario === 'batch') {
  print(await withHerald((h, key) => runBatchIngest(h, key, Number(values['batch-events']))));
}
if (values.scenario === 'all' || values.scenario === 'single') {
  print(await withHerald((h, key) => runSingleIngest(h, key, Number(values['single-seconds']) * 1_000, concurrency)));
}
