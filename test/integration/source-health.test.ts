// The `source.health_check` job on a real store with a fake clock: a source that stops sending
// for longer than its rhythm gets one `source.unhealthy` event, however often the check runs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHmac } from 'node:crypto';
import { fireDueJobs, type FireDueJobsDeps } from '../../src/app/fire-due-jobs.ts';
import { ingestInTx } from '../../src/app/ingest-events.ts';
import { checkSourceHealth, HEALTH_CHECK_INTERVAL_MS, sourceHealthCheckJob } from '../../src/app/source-health.ts';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';

const HOUR_MS = 3_600_000;
let h: TestHerald;
before(async () => {
  h = await startTestHerald();
});
after(async () => h?.close());

function jobDeps(): FireDueJobsDeps {
  const { store } = h.herald;
  return {
    store,
    clock: h.clock,
    workerId: 'test',
    leaseMs: 30_000,
    random: () => 0.5,
    handlers: {
      'shipment.stall_check': async () => [],
      'source.health_check': async (job, tx, nowMs) => {
        const signal = await checkSourceHealth(job, store.reads, tx, nowMs);
        return signal ? [{ event: signal, trackingNumber: null, unmapped: null }] : [];
      },
    },
    ingestSignals: async (tx, events) => {
      await ingestInTx(h.herald.ingest, tx, events, null);
    },
  };
}

function trackingUpdate(n: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      event: 'tracking_update',
      event_id: `evt-${n}`,
      msg: {
        id: 'trk-1',
        tracking_number: '9405516902697649300001',
        slug: 'usps',
        tag: 'InTransit',
        subtag: 'InTransit_001',
        checkpoints: [{ checkpoint_time: new Date(h.clock.nowMs()).toISOString(), tag: 'InTransit', subtag: 'InTransit_001', message: `scan ${n}` }],
      },
    }),
  );
}

test('a source that goes silent past its rhythm raises source.unhealthy once', async () => {
  const secret = 'health-secret';
  await h.addSource('aftership', secret);
  await h.herald.store.transact((tx) => tx.scheduleJobs([sourceHealthCheckJob('default', 'aftership', h.clock.nowMs() + HEALTH_CHECK_INTERVAL_MS)]));
  // An hourly feed for 10 hours, checked every hour: healthy.
  for (let n = 0; n < 10; n += 1) {
    const body = trackingUpdate(n);
    const response = await h.webhook('aftership', 'default', body, { 'aftership-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64') });
    assert.equal(response.status, 200);
    h.clock.advance(HOUR_MS);
    await fireDueJobs(jobDeps(), 10);
  }
  assert.equal(await unhealthyCount(), 0);
  const sources = (await (await h.request('/v1/sources')).json()) as { sources: { source: string; health: { status: string } }[] };
  assert.equal(sources.sources.find((s) => s.source === 'aftership')?.health.status, 'ok');

  // Then silence: the 6-hour floor passes, and the hourly checks keep finding the same silence.
  const eventsBefore = await h.herald.store.reads.countEvents('default');
  for (let n = 0; n < 12; n += 1) {
    h.clock.advance(HOUR_MS);
    const result = await fireDueJobs(jobDeps(), 10);
    assert.equal(result.failed, 0);
  }
  assert.equal(await unhealthyCount(), 1);
  assert.equal(await h.herald.store.reads.countEvents('default'), eventsBefore + 1, 'one signal per silence, however many checks ran');
  const after = (await (await h.request('/v1/sources')).json()) as { sources: { source: string; health: { status: string; silenceLimitHours: number } }[] };
  const health = after.sources.find((s) => s.source === 'aftership')!.health;
  assert.equal(health.status, 'silent');
  assert.equal(health.silenceLimitHours, 6);
  const cases = await h.herald.store.reads.listOrderCases('default', 'source:aftership');
  assert.deepEqual(cases.map((c) => [c.reason, c.team, c.status]), [['source_unhealthy', 'operations', 'open']], 'one operations case for the silent source');
  assert.match(cases[0]!.summary, /No events from aftership for \d+ hours/);
});

async function unhealthyCount(): Promise<number> {
  const { store } = h.herald;
  let count = 0;
  for (const source of ['aftership']) {
    const last = await store.reads.lastEventTimes('default');
    const at = last.get(source);
    if (at && (await store.reads.getEvent('default', 'herald', `source.unhealthy:${source}:silent:${at}`))) count += 1;
  }
  return count;
}

test('a source whose requests keep failing their signature raises source.unhealthy (failing) once per hour', async () => {
  const key = await h.addStore('failing');
  await h.addSource('17track', 'right-key', { storeId: 'failing' });
  await h.herald.store.transact((tx) => tx.scheduleJobs([sourceHealthCheckJob('failing', '17track', h.clock.nowMs())]));
  for (let n = 0; n < 5; n += 1) {
    assert.equal((await h.webhook('17track', 'failing', Buffer.from(`{"n":${n}}`), { sign: 'bad' })).status, 401);
  }
  const before = await h.herald.store.reads.countEvents('failing');
  assert.equal(before, 0);
  await fireDueJobs(jobDeps(), 10);
  assert.equal(await h.herald.store.reads.countEvents('failing'), 1);
  const body = (await (await h.request('/v1/sources', { key })).json()) as { sources: { source: string; health: { status: string } ; signature_failures_last_24h: number }[] };
  const seventeen = body.sources.find((s) => s.source === '17track')!;
  assert.equal(seventeen.health.status, 'failing');
  assert.equal(seventeen.signature_failures_last_24h, 5);
  // A retried check in the same window records nothing new.
  await h.herald.store.transact((tx) => tx.scheduleJobs([sourceHealthCheckJob('failing', '17track', h.clock.nowMs())]));
  await fireDueJobs(jobDeps(), 10);
  assert.equal(await h.herald.store.reads.countEvents('failing'), 1);
});
