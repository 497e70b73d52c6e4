// SQLite migrations: applied once, in order, and a database newer than the code is refused.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { readMigrationFiles } from '../../src/adapters/store/migration-files.ts';
import { SchemaAheadError } from '../../src/core/errors.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-sqlite-migrations-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('every migration is applied once, and a second run applies nothing', async () => {
  const file = join(folder, 'fresh.sqlite');
  const store = openSqliteStore({ file, clock: createFakeClock() });
  const first = await store.migrate();
  const files = readMigrationFiles('sqlite');
  assert.equal(first.applied.length, files.length);
  assert.equal(first.current, files.at(-1)!.version);
  assert.deepEqual((await store.migrate()).applied, []);
  await store.close();
});

test('a database whose schema is ahead of the code is refused, and left untouched', async () => {
  const file = join(folder, 'ahead.sqlite');
  const store = openSqliteStore({ file, clock: createFakeClock() });
  await store.migrate();
  await store.close();
  const db = new Database(file);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 'x')").run();
  db.close();
  const again = openSqliteStore({ file, clock: createFakeClock() });
  await assert.rejects(again.migrate(), (error: unknown) => error instanceof SchemaAheadError && /upgrade Herald/.test(error.message));
  await again.close();
});

test('herald refuses to start on a database ahead of the code', async () => {
  const { spawnSync } = await import('node:child_process');
  const data = join(folder, 'start');
  const store = openSqliteStore({ file: join(data, 'herald.sqlite'), clock: createFakeClock() });
  await store.migrate();
  await store.close();
  const db = new Database(join(data, 'herald.sqlite'));
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 'x')").run();
  db.close();
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', '--port', '0', '--data', data], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    env: { ...process.env, HERALD_LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /schema version 999/);
});
