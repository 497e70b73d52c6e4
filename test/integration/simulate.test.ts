// `herald workflows simulate` tells the truth: replaying a history through a workflow reports the
// same messages, per milestone and channel, and the same held-back ones, as a live store that
// received those events as they happened with only that workflow enabled.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runSimulation } from '../../src/cli/commands/workflows-simulate.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { REPO } from '../support/herald-process.ts';
import { DAY_MS, NEW_YORK, orderEvent, shipmentEvent, startJourney } from '../workflows/journey-support.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-simulate-test-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** 24 orders over three days: some reach out-for-delivery by day, some at night (quiet hours), some cancelled, some without SMS consent. */
function history(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const start = Date.parse('2026-11-02T13:00:00Z');
  for (let n = 0; n < 24; n += 1) {
    const ref = `SIM-${n}`;
    const placed = start + n * 3 * 3_600_000;
    const customer = { email: `c${n}@example.com`, phone: `+1212555${String(3000 + n)}`, first_name: 'Sam', accepts_sms: n % 3 !== 0 };
    events.push(orderEvent(`${ref}-placed`, 'order.placed', ref, new Date(placed).toISOString(), { number: ref, customer, destination: NEW_YORK }));
    const tn = `1Z999AA1012${String(340000 + n).padStart(7, '0')}`;
    events.push(shipmentEvent(`${ref}-transit`, ref, new Date(placed + 5 * 3_600_000).toISOString(), { tracking_number: tn, state: 'in_transit' }));
    if (n % 5 === 4) events.push(orderEvent(`${ref}-cancel`, 'order.cancelled', ref, new Date(placed + 20 * 3_600_000).toISOString()));
    events.push(shipmentEvent(`${ref}-ofd`, ref, new Date(placed + 22 * 3_600_000 + (n % 4) * 3_600_000).toISOString(), { tracking_number: tn, state: 'out_for_delivery' }));
    if (n % 2 === 0) events.push(shipmentEvent(`${ref}-delivered`, ref, new Date(placed + 22 * 3_600_000 + (n % 4) * 3_600_000 + 20 * 60_000).toISOString(), { tracking_number: tn, state: 'delivered' }));
  }
  return events.sort((a, b) => String(a['occurred_at']).localeCompare(String(b['occurred_at'])));
}

test('simulating out-for-delivery over a history reports exactly what a live store sent and held back', async () => {
  const events = history();
  const file = join(folder, 'events.ndjson');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));

  const live = await startJourney();
  try {
    const workflows = (await (await live.t.request('/v1/workflows')).json()) as { workflows: { id: string }[] };
    for (const w of workflows.workflows) if (w.id !== 'out-for-delivery') assert.equal((await live.t.request(`/v1/workflows/${w.id}/disable`, { method: 'POST' })).status, 200);
    live.t.herald.catalog.invalidate('default');
    // Live time: every timer fires at its own due time, between the events, as a running worker would.
    const timersUntil = async (untilMs: number) => {
      for (let i = 0; i < 10_000; i += 1) {
        const next = await live.t.herald.store.jobs.nextDueAtMs();
        if (next === null || next > untilMs) return;
        live.t.clock.set(Math.max(next, live.t.clock.nowMs()));
        await live.drain();
      }
    };
    for (const event of events) {
      await timersUntil(Date.parse(String(event['occurred_at'])));
      await live.post(event);
      await live.drain();
    }
    await timersUntil(Date.parse(String(events.at(-1)!['occurred_at'])) + 14 * DAY_MS);
    const all = await live.t.herald.store.reads.listNotifications('default', { limit: 10_000 });
    const sent = new Map<string, number>();
    const held = new Map<string, number>();
    for (const n of all) {
      if (n.status === 'sent') sent.set(`${n.milestone}/${n.channel}`, (sent.get(`${n.milestone}/${n.channel}`) ?? 0) + 1);
      else held.set(`${n.milestone}/${n.channel}/${n.status}`, (held.get(`${n.milestone}/${n.channel}/${n.status}`) ?? 0) + 1);
    }
    assert.ok((sent.get('out_for_delivery/sms') ?? 0) > 0 && (sent.get('out_for_delivery/email') ?? 0) > 0, `the history exercises both channels: ${JSON.stringify([...sent])}`);
    assert.ok(held.size > 0, 'and some messages are held back');

    const config = resolveConfig({ flags: {}, env: { HERALD_DATA_DIR: join(folder, 'none'), HERALD_LOG_LEVEL: 'silent' }, yamlText: null });
    const report = await runSimulation(config, { workflow: join(REPO, 'packs/default/out-for-delivery.yaml'), store: 'default', from: file });
    assert.equal(report.events, events.length);
    assert.equal(report.orders, 24);
    assert.deepEqual(new Map(report.wouldSend.map((r) => [`${r.milestone}/${r.channel}`, r.messages])), sent, JSON.stringify({ live: [...held], sim: report.suppressed, liveRows: all.filter((n) => n.status !== "sent").map((n) => [n.orderRef, n.channel, n.status, n.statusReason]) }));
    const simulatedHeld = new Map<string, number>();
    for (const r of report.suppressed) simulatedHeld.set(`${r.milestone}/${r.channel}/${r.status}`, (simulatedHeld.get(`${r.milestone}/${r.channel}/${r.status}`) ?? 0) + r.count);
    assert.deepEqual(simulatedHeld, held);
  } finally {
    await live.close();
  }
});

test('the CLI prints the report, and refuses a bad history naming the line', () => {
  const file = join(folder, 'cli-events.ndjson');
  writeFileSync(file, history().slice(0, 6).map((e) => JSON.stringify(e)).join('\n'));
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/herald.js', 'workflows', 'simulate', ...args, '--no-progress'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, HERALD_LOG_LEVEL: 'silent', HERALD_DATA_DIR: join(folder, 'cli') } });
  const ok = run(['packs/default/order-confirmed.yaml', '--from', file]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /replayed 6 events of \d orders against order-confirmed/);
  assert.match(ok.stdout, /order_confirmed\s+email\s+\d+ messages/);
  const bad = join(folder, 'bad.ndjson');
  writeFileSync(bad, `${JSON.stringify(history()[0])}\n{"type":"order.placed"}\n`);
  const refused = run(['packs/default/order-confirmed.yaml', '--from', bad]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /line 2: .*(id|occurred_at|order_ref)/);
});
