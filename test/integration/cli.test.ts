// The herald CLI as a user runs it: a subprocess per command.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { REPO } from '../support/herald-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-cli-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function herald(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, HERALD_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('config print: flags beat env, env beats the yaml file, secrets are redacted', () => {
  const yaml = join(folder, 'herald.config.yaml');
  writeFileSync(yaml, 'port: 7000\nhost: 0.0.0.0\nstall_after_hours: 36\n');
  const result = herald(['--config', yaml, 'config', 'print', '--port', '9000'], {
    HERALD_HOST: '127.0.0.2',
    HERALD_DATABASE_URL: 'postgres://herald:s3cret@db.internal/herald',
  });
  assert.equal(result.code, 0, result.err);
  assert.match(result.out, /^port: 9000$/m);
  assert.match(result.out, /^host: 127\.0\.0\.2$/m);
  assert.match(result.out, /^stall_after_hours: 36$/m);
  assert.match(result.out, /database_url: postgres:\/\/herald:\*\*\*@db\.internal\/herald/);
  assert.doesNotMatch(result.out, /s3cret/);
});

test('an invalid option stops with its name and reason', () => {
  const result = herald(['config', 'print', '--port', '70000']);
  assert.equal(result.code, 78);
  assert.match(result.err, /--port: must be 0-65535/);
  const yaml = join(folder, 'bad.yaml');
  writeFileSync(yaml, 'prot: 1\n');
  const unknown = herald(['--config', yaml, 'config', 'print']);
  assert.equal(unknown.code, 78);
  assert.match(unknown.err, /unknown option\(s\) prot/);
});

test('import: good lines land, bad lines are reported by number, duplicates are counted', () => {
  const data = join(folder, 'data');
  assert.equal(herald(['migrate', '--data', data]).code, 0);
  assert.equal(herald(['keys', 'create', '--store', 'default', '--create-store', '--data', data]).code, 0);
  const file = join(folder, 'events.ndjson');
  const good = (id: string) => JSON.stringify({ id, type: 'order.placed', occurred_at: '2026-11-20T10:00:00Z', order_ref: `o-${id}` });
  writeFileSync(file, [good('a'), good('b'), '{"broken', good('a'), JSON.stringify({ id: 'c', type: 'order.placed' })].join('\n') + '\n');
  const result = herald(['import', file, '--data', data, '--no-progress']);
  assert.equal(result.code, 1, 'rejected lines make the exit code non-zero');
  assert.match(result.out, /accepted 2, duplicate 1, rejected 2/);
  assert.match(result.out, /line 3: \(line\): not valid JSON/);
  assert.match(result.out, /line 5: occurred_at: .*ISO-8601/);
  const db = new Database(join(data, 'herald.sqlite'), { readonly: true });
  const ids = (db.prepare("SELECT event_id FROM events WHERE source = 'import' ORDER BY event_id").all() as { event_id: string }[]).map((r) => r.event_id);
  db.close();
  assert.deepEqual(ids, ['a', 'b']);
});

test('keys create prints a key once; an unknown store is refused', () => {
  const data = join(folder, 'keys');
  const created = herald(['keys', 'create', '--store', 'acme', '--create-store', '--data', data]);
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /hk_[A-Za-z0-9_-]{20,}/);
  const refused = herald(['keys', 'create', '--store', 'nope', '--data', data]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /no store 'nope'/);
});
