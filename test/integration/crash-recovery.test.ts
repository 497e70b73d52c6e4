// SIGKILL in the middle of a batch load: after a restart every acknowledged event is present,
// every job its events scheduled exists, and the worker fires each of them exactly once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { startHeraldProcess, type HeraldProcess } from '../support/herald-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-crash-'));
const running: HeraldProcess[] = [];
after(async () => {
  for (const p of running) await p.kill9();
  rmSync(folder, { recursive: true, force: true });
});

const BATCH = 250;
const SENDERS = 4;
const LOAD_MS = 2_500;
const MAX_BATCHES = 400;
// Stall timers come due ~3.6 s after each scan, so the restarted worker has real work to resume.
const ENV = { HERALD_STALL_AFTER_HOURS: '0.001', HERALD_JOB_POLL_MS: '200' };

test('SIGKILL during a batch load loses nothing acknowledged and no job', { timeout: 120_000 }, async (t) => {
  const first = await startHeraldProcess(['--data', folder], ENV);
  running.push(first);
  const key = first.firstKey;
  assert.ok(key, `the first start prints the key:\n${first.output()}`);

  const acknowledged = new Set<string>();
  let batchNo = 0;
  let killed = false;
  const started = Date.now();
  const sender = async (senderId: number) => {
    while (!killed && batchNo < MAX_BATCHES) {
      const n = batchNo++;
      const occurredAt = new Date().toISOString();
      const events = Array.from({ length: BATCH }, (_, i) => ({
        id: `s${senderId}-b${n}-e${i}`,
        type: 'shipment.updated',
        occurred_at: occurredAt,
        order_ref: `o-${n}-${i % 50}`,
        shipment: { carrier: 'ups', tracking_number: `TRK${n}X${i}`, state: 'in_transit' },
      }));
      try {
        const response = await fetch(`${first.url}/v1/events/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(events),
        });
        if (response.status === 200) for (const e of events) acknowledged.add(e.id);
        else await response.arrayBuffer();
      } catch {
        return; // The server died under us: this batch was never acknowledged.
      }
    }
  };
  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  while (Date.now() - started < LOAD_MS && batchNo < MAX_BATCHES) await new Promise((r) => setTimeout(r, 50));
  await first.kill9();
  killed = true;
  await Promise.all(senders);
  assert.ok(acknowledged.size >= BATCH, `some batches were acknowledged before the kill (${acknowledged.size})`);
  t.diagnostic(`acknowledged ${acknowledged.size} events in ${batchNo} batches before SIGKILL`);

  const db = new Database(join(folder, 'herald.sqlite'), { readonly: true });
  const stored = new Set((db.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map((r) => r.event_id));
  const missing = [...acknowledged].filter((id) => !stored.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} acknowledged events were lost`);
  const parcels = (db.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n;
  const jobs = (db.prepare("SELECT count(*) AS n FROM jobs WHERE kind = 'shipment.stall_check'").get() as { n: number }).n;
  assert.equal(jobs, parcels, 'every parcel that was committed has its stall timer');
  db.close();

  const second = await startHeraldProcess(['--data', folder], ENV);
  running.push(second);
  assert.equal(second.firstKey, null, 'a restart does not create a second default store');
  const deadline = Date.now() + 90_000;
  let remaining = Infinity;
  while (Date.now() < deadline) {
    const check = new Database(join(folder, 'herald.sqlite'), { readonly: true });
    remaining = (check.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
    check.close();
    if (remaining === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (remaining !== 0) {
    const check = new Database(join(folder, 'herald.sqlite'), { readonly: true });
    t.diagnostic(`left: ${JSON.stringify(check.prepare('SELECT kind, count(*) AS n, max(attempts) AS attempts, max(last_error) AS error, min(key) AS sample, min(due_at_ms) AS due FROM jobs GROUP BY kind').all())}`);
    check.close();
  }
  await second.stop();
  assert.equal(remaining, 0, 'the restarted worker fired every pending timer');

  const final = new Database(join(folder, 'herald.sqlite'), { readonly: true });
  const signals = final.prepare("SELECT tracking_number, count(*) AS n FROM events WHERE type = 'shipment.stalled' GROUP BY tracking_number").all() as { n: number }[];
  assert.equal(signals.length, parcels, 'one stalled signal per parcel');
  assert.ok(signals.every((s) => s.n === 1), 'no signal recorded twice');
  final.close();
});
