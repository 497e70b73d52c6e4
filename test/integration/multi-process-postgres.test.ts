// Many Herald processes on one PostgreSQL: an HTTP process ingests, two worker processes share
// the stall timers with no leader; one worker is killed with SIGKILL while it holds leased jobs.
// Every job is done, none is lost, and each effect (the parcel's stalled signal) is applied once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { startHeraldProcess, type HeraldProcess } from '../support/herald-process.ts';
import { postgresSkipReason, startPostgresServer } from '../support/postgres-server.ts';

const skip = postgresSkipReason() ?? false;
const server = skip ? null : await startPostgresServer('multiproc');
const folder = mkdtempSync(join(tmpdir(), 'herald-multiproc-'));
const processes: HeraldProcess[] = [];
after(async () => {
  for (const p of processes) await p.kill9();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const PARCELS = 3_000;

test('two workers, one SIGKILLed mid-job: every job done once, none lost', { skip, timeout: 180_000 }, async (t) => {
  const env = {
    HERALD_DATABASE_URL: server!.url,
    // Timers come due ~3.6 s after each scan; leases are short so a dead worker's jobs come back fast.
    HERALD_STALL_AFTER_HOURS: '0.001',
    HERALD_JOB_LEASE_MS: '3000',
    HERALD_JOB_CLAIM_BATCH: '50',
    HERALD_JOB_POLL_MS: '200',
  };
  const http = await startHeraldProcess(['--role', 'http', '--data', folder], env);
  processes.push(http);
  assert.ok(http.firstKey, http.output());
  for (let start = 0; start < PARCELS; start += 1_000) {
    const occurredAt = new Date().toISOString();
    const lines = Array.from({ length: 1_000 }, (_, i) =>
      JSON.stringify({ id: `e${start + i}`, type: 'shipment.updated', occurred_at: occurredAt, order_ref: `o${start + i}`, shipment: { carrier: 'ups', tracking_number: `MPTRK${start + i}`, state: 'in_transit' } }),
    );
    const response = await fetch(`${http.url}/v1/events/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${http.firstKey}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    assert.equal(response.status, 200, await response.text());
  }

  const db = new pg.Client({ connectionString: server!.url });
  await db.connect();
  t.after(() => db.end());
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
  assert.equal(await count("SELECT count(*) AS n FROM jobs WHERE kind = 'shipment.stall_check'"), PARCELS, 'every parcel has its timer');

  const victim = await startHeraldProcess(['--role', 'worker'], { ...env, HERALD_JOB_CLAIM_BATCH: '200' });
  processes.push(victim);
  const survivor = await startHeraldProcess(['--role', 'worker'], env);
  processes.push(survivor);

  // Kill the victim while it holds leases on jobs it has not finished.
  const victimPid = victim.child.pid!;
  let held = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    held = await count("SELECT count(*) AS n FROM jobs WHERE locked_by LIKE $1 AND locked_until > $2", [`%:${victimPid}:%`, Date.now()]);
    if (held > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await victim.kill9();
  const orphaned = await count('SELECT count(*) AS n FROM jobs WHERE locked_by LIKE $1', [`%:${victimPid}:%`]);
  t.diagnostic(`victim held ${held} leased jobs when sampled; ${orphaned} were still leased to it after SIGKILL`);
  assert.ok(held > 0, 'the victim was killed mid-job');

  const doneBy = Date.now() + 90_000;
  let remaining = Infinity;
  while (Date.now() < doneBy) {
    remaining = await count('SELECT count(*) AS n FROM jobs');
    if (remaining === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(remaining, 0, 'the surviving worker finished every job, including the dead worker\'s');
  const signals = await db.query<{ tracking_number: string; n: string }>(
    "SELECT tracking_number, count(*) AS n FROM events WHERE type = 'shipment.stalled' GROUP BY tracking_number",
  );
  assert.equal(signals.rows.length, PARCELS, 'one stalled signal per parcel');
  assert.ok(signals.rows.every((r) => r.n === '1'), 'no effect applied twice');
  await survivor.stop();
  await http.stop();
});
