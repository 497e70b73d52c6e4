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
  const result = spawnSync(process.execPath, ['bin/herald.js', ...args], {
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
  const notBoolean = herald(['config', 'print'], { HERALD_HAND_OVER: 'sometimes' });
  assert.equal(notBoolean.code, 78);
  assert.match(notBoolean.err, /HERALD_HAND_OVER: must be true or false/);
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

test('cases list, assign, resolve: the queue from the command line, with the actor in the audit trail', async () => {
  const data = join(folder, 'cases');
  assert.equal(herald(['migrate', '--data', data]).code, 0);
  assert.equal(herald(['keys', 'create', '--store', 'default', '--create-store', '--data', data]).code, 0);
  const empty = herald(['cases', 'list', '--data', data]);
  assert.equal(empty.code, 0, empty.err);
  assert.match(empty.out, /no open cases/);
  const db = new Database(join(data, 'herald.sqlite'));
  const body = { id: 'case_cli1', storeId: 'default', orderRef: '1001', reason: 'stalled', summary: 'No carrier scan for 2 days', team: 'fulfillment', priority: 'high', status: 'open', assignee: null, openedAt: '2026-12-01T10:00:00.000Z', slaDueAt: '2026-12-01T18:00:00.000Z', resolvedAt: null, outcome: null, openedBy: 'workflow:vip-stalled-case', evidence: [], updatedAt: '2026-12-01T10:00:00.000Z', history: [] };
  db.prepare('INSERT INTO cases (id, store_id, order_ref, reason, status, opened_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)').run(body.id, 'default', '1001', 'stalled', 'open', body.openedAt, JSON.stringify(body));
  db.close();
  const listed = herald(['cases', 'list', '--data', data]);
  assert.match(listed.out, /case_cli1\s+high\s+fulfillment .* order 1001 {2}stalled/);
  assert.equal(herald(['cases', 'assign', 'case_cli1', 'sam', '--as', 'lead', '--data', data]).code, 0);
  const bad = herald(['cases', 'resolve', 'case_cli1', 'magic', '--data', data]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /the outcome is not valid\n {2}outcome: must be one of reship/);
  const resolved = herald(['cases', 'resolve', 'case_cli1', 'reship', '--note', 'sent a new one', '--as', 'sam', '--data', data]);
  assert.equal(resolved.code, 0, resolved.err);
  assert.match(resolved.out, /resolved: reship/);
  const shown = JSON.parse(herald(['cases', 'show', 'case_cli1', '--data', data]).out) as { status: string; history: { actor: string; action: string }[] };
  assert.equal(shown.status, 'resolved');
  assert.deepEqual(shown.history.map((h) => [h.actor, h.action]), [['agent:lead', 'assigned'], ['agent:sam', 'resolved']]);
  assert.equal(herald(['cases', 'show', 'case_nope', '--data', data]).code, 1);
});

test('sources add --reply keeps checked help desk credentials; a bad file names the field and saves nothing', () => {
  const data = join(folder, 'helpdesk');
  assert.equal(herald(['keys', 'create', '--store', 'default', '--create-store', '--data', data]).code, 0);
  const bad = join(folder, 'bad-reply.yaml');
  writeFileSync(bad, 'provider: zendesk\nsubdomain: acme\n');
  const refused = herald(['sources', 'add', 'zendesk', '--secret', 's3cret', '--reply', bad, '--data', data]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /bad-reply\.yaml: .*email/);
  const good = join(folder, 'reply.yaml');
  writeFileSync(good, 'provider: zendesk\nsubdomain: acme\nemail: bot@acme.example\napi_token: tok_123\n');
  const added = herald(['sources', 'add', 'zendesk', '--secret', 's3cret', '--reply', good, '--data', data]);
  assert.equal(added.code, 0, added.err);
  const db = new Database(join(data, 'herald.sqlite'), { readonly: true });
  const rows = db.prepare("SELECT settings FROM source_configs WHERE source = 'zendesk'").all() as { settings: string }[];
  db.close();
  assert.equal(rows.length, 1);
  assert.deepEqual(JSON.parse(rows[0]!.settings), { reply: { provider: 'zendesk', subdomain: 'acme', email: 'bot@acme.example', api_token: 'tok_123' } });
});
