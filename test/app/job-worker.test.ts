// The job worker on a real SQLite store: signals of one claim that span stores land on their own
// store's orders, a due job leased by a crashed worker does not make the loop spin, and an effect
// completes its job in the transaction that records its outcome.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { fireDueJobs, type JobHandler } from '../../src/app/fire-due-jobs.ts';
import { ingestEvents, ingestInTx } from '../../src/app/ingest-events.ts';
import { startWorker } from '../../src/app/run-worker.ts';
import { checkStall } from '../../src/app/stall-check.ts';
import { normalizeEvent } from '../../src/core/events/normalize-event.ts';
import { eventInputSchema } from '../../src/core/events/event-input-schema.ts';
import type { JobRecord } from '../../src/core/jobs/job.ts';
import { isoAt } from '../../src/core/ports/clock.ts';
import type { Store, StoreTx } from '../../src/core/ports/store.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-job-worker-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function event(storeId: string, input: Record<string, unknown>) {
  return normalizeEvent(eventInputSchema.parse(input), { storeId, defaultSource: 'api', receivedAt: '2026-11-20T12:00:00.000Z', fallbackId: 'x' });
}

test('stall signals of two stores in one claim land on each store\'s own order', async () => {
  const clock = createFakeClock();
  const store = openSqliteStore({ file: join(folder, 'signals.sqlite'), clock });
  await store.migrate();
  const deps = { store, clock, ids: cryptoIds, stallAfterHours: 1 };
  for (const id of ['a', 'b']) await store.admin.createStore({ id, name: id, createdAt: '2026-11-01T00:00:00.000Z' });
  // Different refs in each store: a mix-up would create or overwrite the wrong store's order.
  const refs: Record<string, string> = { a: '2002', b: '1001' };
  await ingestEvents(deps, [event('a', { id: 'pa', type: 'order.placed', occurred_at: '2026-11-20T10:00:00Z', order_ref: '2002', order: { total: '10.00' } })], null);
  await ingestEvents(deps, [event('b', { id: 'pb', type: 'order.placed', occurred_at: '2026-11-20T10:00:00Z', order_ref: '1001', order: { total: '99.00' } })], null);
  for (const id of ['a', 'b']) {
    await ingestEvents(deps, [event(id, { id: `s${id}`, type: 'shipment.updated', occurred_at: '2026-11-20T10:30:00Z', order_ref: refs[id], shipment: { carrier: 'ups', tracking_number: `TRK${id.toUpperCase()}1`, state: 'in_transit' } })], null);
  }
  clock.advance(3 * 3_600_000);
  const handlers: Record<string, JobHandler> = {
    'shipment.stall_check': async (job, tx, nowMs) => {
      const signal = await checkStall(job, tx, nowMs);
      return signal ? [{ event: signal, trackingNumber: String(job.payload['trackingNumber']), unmapped: null }] : [];
    },
  };
  const result = await fireDueJobs(
    { store, clock, handlers: handlers as never, workerId: 'w', leaseMs: 60_000, random: () => 0.5, ingestSignals: (tx, events) => ingestInTx(deps, tx, events, null).then(() => undefined) },
    10,
  );
  assert.deepEqual([result.claimed, result.completed], [2, 2]);
  assert.equal((await store.reads.getOrder('a', '2002'))?.facts.total, '10.00');
  assert.equal((await store.reads.getOrder('b', '1001'))?.facts.total, '99.00', 'store b keeps its order');
  assert.equal(await store.reads.getOrder('a', '1001'), null, 'no order leaks into the other store');
  for (const id of ['a', 'b']) {
    const timeline = await store.reads.listOrderEvents(id, refs[id]!, 10);
    assert.deepEqual(timeline.map((e) => e.event.type), ['order.placed', 'shipment.updated', 'shipment.stalled']);
    assert.ok(timeline.every((e) => e.event.store_id === id));
  }
  await store.close();
});

test('a due job leased by a crashed worker does not make the worker spin', async () => {
  const clock = { nowMs: () => Date.now() };
  const inner = openSqliteStore({ file: join(folder, 'spin.sqlite'), clock });
  await inner.migrate();
  await inner.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'shipment.stall_check', key: 'k', dueAtMs: Date.now() - 1_000, payload: {} }]));
  await inner.jobs.claimDue(Date.now(), 1, 60_000, 'crashed-worker');
  let claims = 0;
  const store: Store = { ...inner, jobs: { ...inner.jobs, claimDue: (...args) => ((claims += 1), inner.jobs.claimDue(...args)) } };
  const worker = startWorker(
    { store, clock, handlers: {} as never, workerId: 'w2', leaseMs: 60_000, random: () => 0.5 },
    { claimBatch: 10, pollMs: 200, onError: (error) => assert.fail(String(error)) },
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await worker.stop();
  await inner.close();
  assert.ok(claims <= 8, `the worker polled ${claims} times in 1 s with a 200 ms poll interval`);
});

test('a send a run schedules due now runs inside the run\'s transaction; one due later, or after a failure, is a job of its own', async () => {
  const clock = createFakeClock();
  const store = openSqliteStore({ file: join(folder, 'inline.sqlite'), clock });
  await store.migrate();
  const nowMs = clock.nowMs();
  const sent: string[] = [];
  const handlers: Record<string, JobHandler> = {
    'workflow.run': async (job, tx) => {
      const id = String(job.payload['id']);
      await tx.scheduleJobs([
        { storeId: 'a', kind: 'notification.send', key: `send:${id}`, dueAtMs: nowMs, payload: { id } },
        { storeId: 'a', kind: 'notification.send', key: `send:${id}:later`, dueAtMs: nowMs + 60_000, payload: { id: `${id}:later` } },
      ]);
    },
    'notification.send': async (job) => {
      if (job.payload['id'] === 'bad') throw new Error('render failed');
      sent.push(String(job.payload['id']));
    },
  };
  const deps = { store, clock, handlers: handlers as never, workerId: 'w', leaseMs: 60_000, random: () => 0.5 };
  await store.transact((tx) => tx.scheduleJobs(['r1', 'r2'].map((id) => ({ storeId: 'a', kind: 'workflow.run' as const, key: `run:${id}`, dueAtMs: nowMs, payload: { id } }))));
  const first = await fireDueJobs(deps, 10);
  assert.deepEqual([first.claimed, first.completed, first.failed], [2, 2, 0]);
  assert.deepEqual(sent, ['r1', 'r2'], 'both sends ran in the claim that ran their runs');
  assert.deepEqual((await store.jobs.stats(nowMs)).pending, 2, 'only the two later sends are stored');

  // A failing send no longer rides along: its run commits alone, the send fails as its own job.
  await store.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'workflow.run', key: 'run:bad', dueAtMs: nowMs, payload: { id: 'bad' } }]));
  const second = await fireDueJobs(deps, 10);
  assert.deepEqual([second.claimed, second.completed, second.failed], [1, 1, 0], 'the run completes');
  const third = await fireDueJobs(deps, 10);
  assert.deepEqual([third.claimed, third.failed], [1, 1], 'the send is claimed and fails on its own');
  const [failedSend] = await store.jobs.claimDue(nowMs + 120_000, 10, 60_000, 'w').then((jobs) => jobs.filter((j) => j.key === 'send:bad'));
  assert.match(failedSend?.lastError ?? '', /render failed/);
  await store.close();
});

test('work committed while the worker is between its claim and its sleep is claimed at once, not after the poll interval', async () => {
  const clock = { nowMs: () => Date.now() };
  const inner = openSqliteStore({ file: join(folder, 'lost-wake.sqlite'), clock });
  await inner.migrate();
  // A due job leased by another worker: the worker finds nothing to claim, yet something due.
  await inner.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'shipment.stall_check', key: 'leased', dueAtMs: Date.now() - 1_000, payload: {} }]));
  await inner.jobs.claimDue(Date.now(), 1, 60_000, 'other-worker');
  let scheduled = false;
  // Ingest commits a due job right after the worker's empty claim, before it goes to sleep.
  const store: Store = {
    ...inner,
    jobs: {
      ...inner.jobs,
      nextDueAtMs: async () => {
        if (!scheduled) {
          scheduled = true;
          await inner.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'shipment.stall_check', key: 'fresh', dueAtMs: Date.now() - 1, payload: {} }]));
        }
        return inner.jobs.nextDueAtMs();
      },
    },
  };
  const { ran, elapsedMs } = await firstRunWithin(store, inner, true);
  assert.deepEqual(ran, ['fresh']);
  assert.ok(elapsedMs < 5_000, 'claimed long before the 30 s poll interval');
});

test('a timer that comes due between the claim and the sleep fires at once, not after the poll interval', async () => {
  const clock = { nowMs: () => Date.now() };
  const inner = openSqliteStore({ file: join(folder, 'due-meanwhile.sqlite'), clock });
  await inner.migrate();
  let scheduled = false;
  // The first claim finds nothing; a timer set for 10 ms after it is due by the time the worker
  // reads the next due time (which takes 30 ms here). No wake-up: a timer coming due wakes nobody.
  const store: Store = {
    ...inner,
    jobs: {
      ...inner.jobs,
      claimDue: async (nowMs, ...rest) => {
        const claimed = await inner.jobs.claimDue(nowMs, ...rest);
        if (!scheduled) {
          scheduled = true;
          await inner.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'shipment.stall_check', key: 'timer', dueAtMs: nowMs + 10, payload: {} }]));
        }
        return claimed;
      },
      nextDueAtMs: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return inner.jobs.nextDueAtMs();
      },
    },
  };
  const { ran, elapsedMs } = await firstRunWithin(store, inner, false);
  assert.deepEqual(ran, ['timer']);
  assert.ok(elapsedMs < 5_000, 'fired long before the 30 s poll interval');
});

/**
 * Runs a worker with a 30 s poll interval over `store` (wrapping `inner`, woken by its commits
 * when `woken`) until a stall check ran or 5 s passed; closes the store.
 */
async function firstRunWithin(store: Store, inner: Store, woken: boolean): Promise<{ ran: string[]; elapsedMs: number }> {
  const ran: string[] = [];
  const handlers: Record<string, JobHandler> = { 'shipment.stall_check': async (job) => void ran.push(job.key) };
  const began = Date.now();
  const worker = startWorker(
    { store, clock: { nowMs: () => Date.now() }, handlers: handlers as never, workerId: 'w', leaseMs: 60_000, random: () => 0.5 },
    { claimBatch: 10, pollMs: 30_000, ...(woken ? { onWake: (listener: () => void) => inner.jobs.onWake(listener) } : {}), onError: (error) => assert.fail(String(error)) },
  );
  while (ran.length === 0 && Date.now() - began < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));
  await worker.stop();
  await inner.close();
  return { ran, elapsedMs: Date.now() - began };
}

test('an effect that completes its job in its own transaction commits once; a lease lost meanwhile keeps its record and counts as failed', async () => {
  const clock = createFakeClock();
  const store = openSqliteStore({ file: join(folder, 'effects.sqlite'), clock });
  await store.migrate();
  await store.admin.createStore({ id: 'a', name: 'a', createdAt: '2026-11-01T00:00:00.000Z' });
  const recorded: string[] = [];
  let commits = 0;
  const counting: Store = { ...store, transact: (work) => ((commits += 1), store.transact(work)) };
  // The effect records its outcome as a run log line (a real write) in the transaction that completes the job.
  const effect = (stealLease: boolean) => async (job: JobRecord, nowMs: number, completeIn: (tx: StoreTx) => Promise<void>) => {
    if (stealLease) await store.jobs.claimDue(nowMs + 120_000, 10, 60_000, 'other-worker');
    await counting.transact(async (tx) => {
      await tx.appendActivity([{ storeId: 'a', orderRef: job.key, at: isoAt(nowMs), workflowId: 'w', workflowVersion: 1, runKey: job.key, step: 'send', outcome: 'done', reason: 'sent', detail: null }]);
      await completeIn(tx);
    });
    recorded.push(job.key);
    return 'completed' as const;
  };
  const fire = (stealLease: boolean) =>
    fireDueJobs({ store: counting, clock, handlers: {}, effects: { 'notification.dispatch': effect(stealLease) }, workerId: 'w', leaseMs: 60_000, random: () => 0.5 }, 10);

  await store.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'notification.dispatch', key: 'd1', dueAtMs: clock.nowMs(), payload: {} }]));
  commits = 0;
  assert.deepEqual(await fire(false), { atMs: clock.nowMs(), claimed: 1, completed: 1, failed: 0 });
  assert.equal(commits, 1, 'the record and the completion share one transaction');
  const stats = await store.jobs.stats(clock.nowMs());
  assert.equal(stats.pending + stats.running, 0, 'the job is gone');

  await store.transact((tx) => tx.scheduleJobs([{ storeId: 'a', kind: 'notification.dispatch', key: 'd2', dueAtMs: clock.nowMs(), payload: {} }]));
  assert.deepEqual(await fire(true), { atMs: clock.nowMs(), claimed: 1, completed: 0, failed: 1 }, 'a lost lease counts as a failure');
  assert.equal((await store.reads.listOrderActivity('a', 'd2', 10)).length, 1, 'the record stays although the lease was lost');
  const [taken] = await store.jobs.claimDue(clock.nowMs() + 120_000, 10, 60_000, 'third-worker');
  assert.equal(taken, undefined, 'the job stays with the worker that took it over, not released by this one');
  assert.deepEqual(recorded, ['d1', 'd2']);
  await store.close();
});
