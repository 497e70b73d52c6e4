// Surge: with no worker running, due timers pile up past the backlog bound and ingest answers
// 429 with Retry-After instead of slowing down or dropping events. A worker then drains the
// backlog, retried events are accepted, and every accepted event is present. On both stores.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startHeraldProcess, type HeraldProcess } from '../support/herald-process.ts';
import { postgresSkipReason, startPostgresServer } from '../support/postgres-server.ts';

const pgSkip = postgresSkipReason() ?? false;
const server = pgSkip ? null : await startPostgresServer('surge');
const folders: string[] = [];
const processes: HeraldProcess[] = [];
after(async () => {
  for (const p of processes) await p.kill9();
  await server?.stop();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

const EVENTS = 1_500;
const PER_REQUEST = 50;
const ENV = {
  HERALD_BACKLOG_LIMIT: '200',
  // Timers come due 0.36 s after each scan, so the backlog builds while no worker runs.
  HERALD_STALL_AFTER_HOURS: '0.0001',
  HERALD_JOB_POLL_MS: '100',
};

async function surge(env: Record<string, string>, data: string, storedIds: () => Promise<Set<string>>) {
  const http = await startHeraldProcess(['--role', 'http', '--data', data], env);
  processes.push(http);
  const key = http.firstKey!;
  let refusals = 0;
  let retryAfterSeen = 0;
  let worker: HeraldProcess | null = null;
  const acknowledged = new Set<string>();
  const began = Date.now();
  for (let start = 0; start < EVENTS; start += PER_REQUEST) {
    const events = Array.from({ length: PER_REQUEST }, (_, i) => ({
      id: `surge-${start + i}`,
      type: 'shipment.updated',
      occurred_at: new Date().toISOString(),
      order_ref: `so-${start + i}`,
      shipment: { carrier: 'ups', tracking_number: `SURGE${start + i}`, state: 'in_transit' },
    }));
    for (;;) {
      assert.ok(Date.now() - began < 120_000, 'the surge test is bounded in time');
      const response = await fetch(`${http.url}/v1/events/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      if (response.status === 200) {
        await response.arrayBuffer();
        for (const e of events) acknowledged.add(e.id);
        break;
      }
      assert.equal(response.status, 429, await response.text());
      refusals += 1;
      retryAfterSeen = Math.max(retryAfterSeen, Number(response.headers.get('retry-after')));
      const stored = await storedIds();
      assert.ok(!events.some((e) => stored.has(e.id)), 'a refused request stored nothing');
      if (!worker) {
        worker = await startHeraldProcess(['--role', 'worker', '--data', data], env);
        processes.push(worker);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    // A steady stream, not a burst: the backlog (re-read once a second) has time to build.
    await new Promise((r) => setTimeout(r, 100));
  }
  const status = await (await fetch(`${http.url}/v1/status`, { headers: { authorization: `Bearer ${key}` } })).json() as { backlog: { due: number } };
  assert.equal(typeof status.backlog.due, 'number', 'the backlog is visible at /v1/status');
  await worker?.stop();
  await http.stop();
  return { refusals, retryAfterSeen, acknowledged };
}

describe('surge without loss', () => {
  test('SQLite: 429 + Retry-After past the bound, then every event accepted and present', { timeout: 180_000 }, async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'herald-surge-'));
    folders.push(data);
    const ids = async () => {
      const db = new Database(join(data, 'herald.sqlite'), { readonly: true });
      try {
        return new Set((db.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map((r) => r.event_id));
      } finally {
        db.close();
      }
    };
    const result = await surge(ENV, data, ids);
    t.diagnostic(`${result.refusals} requests answered 429 (Retry-After up to ${result.retryAfterSeen} s)`);
    assert.ok(result.refusals > 0, 'the bound was reached');
    assert.ok(result.retryAfterSeen >= 1);
    const stored = await ids();
    assert.equal([...result.acknowledged].filter((id) => !stored.has(id)).length, 0);
    assert.equal(result.acknowledged.size, EVENTS);
  });

  test('PostgreSQL: the same surge, the same guarantee', { skip: pgSkip, timeout: 180_000 }, async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'herald-surge-pg-'));
    folders.push(data);
    const client = new pg.Client({ connectionString: server!.url });
    await client.connect();
    t.after(() => client.end());
    const ids = async () => new Set((await client.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map((r) => r.event_id));
    const result = await surge({ ...ENV, HERALD_DATABASE_URL: server!.url }, data, ids);
    t.diagnostic(`${result.refusals} requests answered 429 (Retry-After up to ${result.retryAfterSeen} s)`);
    assert.ok(result.refusals > 0, 'the bound was reached');
    const stored = await ids();
    assert.equal([...result.acknowledged].filter((id) => !stored.has(id)).length, 0);
    assert.equal(result.acknowledged.size, EVENTS);
  });
});
