// `herald demo --no-serve` as a user runs it: a subprocess that plays the demo week through the real
// webhook endpoints, prints where to look, and leaves a store whose content reads like a real shop's.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { REPO } from '../support/herald-process.ts';

/** The demo aims at 60-90 s on two idle cores; a busy CI box gets more room. */
const TIMEOUT_MS = 240_000;

function runDemo(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--max-semi-space-size=4', 'bin/herald.js', 'demo', ...args], {
    cwd: REPO,
    env: { ...process.env, HERALD_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A Friday noon: a week of every kind of day, whose review requests land before it ends. */
const WEEK_ENDING = '2026-11-20T12:00:00Z';

describe('herald demo', { timeout: TIMEOUT_MS + 30_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'herald-demo-'));
  const data = join(folder, 'data-demo');
  let run: { code: number | null; out: string };
  let db: Database.Database;

  before(async () => {
    // A week pinned in time: the week ending now varies with the weekday it starts on.
    run = await runDemo(['--no-serve', '--port', '0', '--data', data, '--week-ending', WEEK_ENDING]);
    db = new Database(join(data, 'herald.sqlite'), { readonly: true });
  });
  after(() => {
    db?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

  test('plays the week, exits 0 and prints the dashboard, the login and tracking page links', () => {
    assert.equal(run.code, 0, run.out);
    const base = /Dashboard\s+(http:\/\/127\.0\.0\.1:(\d+))\/admin/.exec(run.out);
    assert.ok(base, run.out);
    assert.notEqual(base[2], '0', 'the real port is printed, not 0');
    assert.match(run.out, /Sign in\s+demo@herald\.local\s+password: \S{10,}/);
    const links = [...run.out.matchAll(new RegExp(`${base[1]!.replace(/\./g, '\\.')}/t/([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]!);
    assert.ok(links.length >= 3 && links.length <= 5, `3-5 tracking links:\n${run.out}`);
    for (const token of links) assert.equal(count("SELECT count(*) AS n FROM orders WHERE json_extract(body, '$.trackingToken') = ?", token), 1, `token ${token} is an order's`);
    assert.match(run.out, /Orders\s+\d+/);
    assert.match(run.out, /Outbox\s+email \d+/);
    assert.match(run.out, /Cases open\s+\d+/);
    assert.match(run.out, /Tickets\s+\d+ received through Zendesk, \d+ answered/);
    assert.doesNotMatch(run.out, /NOT accepted/);
  });

  test('every demo webhook was accepted: nothing in quarantine, no signature or parse failures', () => {
    assert.equal(count('SELECT count(*) AS n FROM quarantine'), 0);
    assert.equal(count('SELECT coalesce(sum(signature_failures + parse_failures), 0) AS n FROM source_stats'), 0);
    const sources = db.prepare("SELECT DISTINCT source FROM events WHERE source IN ('shopify', 'aftership', 'easypost', 'zendesk') ORDER BY source").all() as { source: string }[];
    assert.deepEqual(sources.map((row) => row.source), ['aftership', 'easypost', 'shopify', 'zendesk']);
  });

  test('the store reads like a week of a real shop', () => {
    assert.ok(count('SELECT count(*) AS n FROM orders') >= 150, 'at least 150 orders');
    const carriers = db.prepare('SELECT DISTINCT carrier FROM shipments').all() as { carrier: string }[];
    assert.ok(carriers.length >= 3, `parcels across 3+ carriers: ${carriers.map((c) => c.carrier).join(', ')}`);
    for (const state of ['in_transit', 'delivered']) assert.ok(count('SELECT count(*) AS n FROM shipments WHERE state = ?', state) > 0, `some parcels ${state}`);
    assert.ok(count("SELECT count(*) AS n FROM events WHERE type = 'order.cancelled'") > 0, 'cancellations');
    const milestones = (db.prepare("SELECT DISTINCT json_extract(body, '$.milestone') AS m FROM notifications WHERE status = 'sent'").all() as { m: string }[]).map((row) => row.m);
    for (const milestone of ['order_confirmed', 'shipped', 'out_for_delivery', 'delivered', 'customs_hold']) assert.ok(milestones.includes(milestone), `sent ${milestone}: ${milestones.join(', ')}`);
    assert.ok(count("SELECT count(*) AS n FROM notifications WHERE status = 'sent' AND json_extract(body, '$.provider') = 'outbox'") > 100, 'messages are in the outbox');
  });

  test('timers fired at their simulated times: stalls, a review request, open cases, tickets triaged', () => {
    assert.ok(count("SELECT count(*) AS n FROM events WHERE type = 'shipment.stalled'") >= 1, 'a stalled signal');
    assert.ok(count("SELECT count(*) AS n FROM notifications WHERE json_extract(body, '$.milestone') = 'follow_up'") >= 1, 'a review request, four days after delivery');
    assert.ok(count("SELECT count(*) AS n FROM cases WHERE status = 'open'") >= 1, 'an open case');
    assert.ok(count("SELECT count(*) AS n FROM cases WHERE reason IN ('stalled', 'returned_to_sender')") >= 1, 'a case about a parcel');
    assert.ok(count("SELECT count(*) AS n FROM events WHERE type = 'ticket.created'") >= 10, 'tickets ingested');
    const languages = db.prepare("SELECT DISTINCT json_extract(body, '$.attributes.language') AS l FROM events WHERE type = 'ticket.created'").all() as { l: string | null }[];
    assert.ok(languages.filter((row) => row.l !== null).length >= 3, `tickets in several languages: ${JSON.stringify(languages)}`);
    assert.ok(count("SELECT count(*) AS n FROM workflow_activity WHERE json_extract(body, '$.workflowId') = 'herald:tickets'") >= 10, 'tickets triaged');
  });

  test('refuses a folder that holds something other than a demo', async () => {
    const other = join(folder, 'not-a-demo');
    mkdirSync(other);
    writeFileSync(join(other, 'herald.sqlite'), '');
    const refused = await runDemo(['--no-serve', '--port', '0', '--data', other]);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /not a Herald demo: refusing/);
  });

  test('refuses a week ending that is not an instant, or is in the future, before it touches anything', async () => {
    const untouched = join(folder, 'untouched');
    for (const [flag, reason] of [['2026-11-20', /--week-ending: '2026-11-20' is not an ISO 8601 instant with its offset/], ['next friday', /--week-ending: 'next friday' is not an ISO 8601 instant/], ['2026-02-31T00:00:00Z', /--week-ending: '2026-02-31T00:00:00Z' is not an ISO 8601 instant/], ['2999-01-01T00:00:00Z', /--week-ending: 2999-01-01T00:00:00Z is in the future/]] as const) {
      const refused = await runDemo(['--no-serve', '--port', '0', '--data', untouched, '--week-ending', flag]);
      assert.equal(refused.code, 1, flag);
      assert.match(refused.out, reason);
      assert.equal(existsSync(untouched), false, 'no demo folder was made');
    }
  });
});
