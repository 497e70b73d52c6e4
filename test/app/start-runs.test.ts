// Runs due now start in the transaction that schedules them (src/app/start-runs.ts): their
// effects commit with the event; one that fails is undone alone and queued for the worker; a
// waiting run of the same key is replaced. Through Herald: a small ingest decides its messages
// before it answers, a large one (or `inline_run_events: 0`) leaves them to the worker.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import type { JobHandler } from '../../src/app/fire-due-jobs.ts';
import { startJobsNow } from '../../src/app/start-runs.ts';
import type { JobKind, JobSpec } from '../../src/core/jobs/job.ts';
import type { WorkflowActivityRecord } from '../../src/core/workflows/workflow-activity.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { startTestHerald } from '../support/test-herald.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-start-runs-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const line = (orderRef: string, step: string): WorkflowActivityRecord => ({
  storeId: 'acme', orderRef, at: '2026-11-20T12:00:00.000Z', workflowId: 'wf', workflowVersion: 1, runKey: `run:${orderRef}`, step, outcome: 'done', reason: null, detail: null,
});

describe('starting runs in the scheduling transaction', () => {
  test('runs due now commit with the transaction, a failing one is undone alone and queued, the rest are stored', async () => {
    const clock = createFakeClock();
    const nowMs = clock.nowMs();
    const store = openSqliteStore({ file: join(folder, 'unit.sqlite'), clock });
    await store.migrate();
    await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
    const spec = (key: string, kind: JobKind, dueAtMs: number, orderRef: string): JobSpec => ({ storeId: 'acme', kind, key, dueAtMs, payload: { orderRef } });
    // A run of key `run-a` already waits (queued earlier): starting `run-a` now replaces it.
    await store.transact((tx) => tx.scheduleJobs([spec('run-a', 'workflow.run', nowMs + 60_000, 'A')]));

    const handlers: Partial<Record<JobKind, JobHandler>> = {
      'workflow.run': async (job, tx) => {
        const orderRef = String(job.payload['orderRef']);
        await tx.appendActivity([line(orderRef, 'run')]);
        if (orderRef === 'B') throw new Error('rule B is broken');
        // A send due now follows in the same transaction (INLINE_KINDS).
        await tx.scheduleJobs([{ storeId: 'acme', kind: 'notification.send', key: `send:${orderRef}`, dueAtMs: job.dueAtMs, payload: { orderRef } }]);
      },
      'notification.send': async (job, tx) => tx.appendActivity([line(String(job.payload['orderRef']), 'send')]),
    };
    const queued: string[] = [];
    await store.transact((tx) =>
      startJobsNow(
        { handlers, leaseMs: 60_000, workerId: 'test', onQueued: (s, error) => queued.push(`${s.key}: ${(error as Error).message}`) },
        tx,
        [spec('run-a', 'workflow.run', nowMs, 'A'), spec('run-b', 'workflow.run', nowMs, 'B'), spec('run-later', 'workflow.run', nowMs + 3_600_000, 'C'), spec('stall', 'shipment.stall_check', nowMs, 'D')],
        nowMs,
      ),
    );

    const steps = async (ref: string) => (await store.reads.listOrderActivity('acme', ref, 10)).map((r) => r.step);
    assert.deepEqual(await steps('A'), ['run', 'send'], 'the run and the send it scheduled ran at once');
    assert.deepEqual(await steps('B'), [], 'the failed run left nothing');
    assert.deepEqual(queued, ['run-b: rule B is broken']);
    const claimed = await store.jobs.claimDue(nowMs + 3_600_000, 10, 60_000, 'w');
    assert.deepEqual(claimed.map((j) => j.key).sort(), ['run-b', 'run-later', 'stall'], 'the failed run is queued for the worker; the waiting run-a was replaced');
    assert.equal(claimed.find((j) => j.key === 'run-b')!.dueAtMs, nowMs, 'queued due now, to be retried with backoff by the worker');
    await store.close();
  });

  test('a small ingest decides its messages before it answers; a larger one, or inline_run_events 0, leaves them to the worker', async () => {
    const placed = (id: string, ref: string) => ({ id, type: 'order.placed', occurred_at: '2026-11-20T11:00:00Z', order_ref: ref, order: { number: ref, total: '20.00', currency: 'USD', customer: { email: `${ref}@example.com`, first_name: 'Ana' } } });
    const confirmed = async (h: Awaited<ReturnType<typeof startTestHerald>>, ref: string) =>
      (await h.herald.store.reads.listOrderNotifications('default', ref)).filter((n) => n.milestone === 'order_confirmed').length;

    const h = await startTestHerald({ HERALD_INLINE_RUN_EVENTS: '2' });
    try {
      assert.equal((await h.request('/v1/events', { method: 'POST', body: JSON.stringify(placed('e1', 'R1')) })).status, 201);
      assert.equal(await confirmed(h, 'R1'), 1, 'the confirmation was created in the ingest transaction');
      const batch = [placed('e2', 'R2'), placed('e3', 'R3'), placed('e4', 'R4')].map((e) => JSON.stringify(e)).join('\n');
      assert.equal((await h.request('/v1/events/batch', { method: 'POST', body: batch, headers: { 'content-type': 'application/x-ndjson' } })).status, 200);
      assert.equal(await confirmed(h, 'R2'), 0, 'three events are more than inline_run_events: the runs wait for the worker');
      await h.herald.fireDue();
      assert.equal(await confirmed(h, 'R2'), 1);
      assert.equal(await confirmed(h, 'R4'), 1);
    } finally {
      await h.close();
    }

    const off = await startTestHerald({ HERALD_INLINE_RUN_EVENTS: '0' });
    try {
      assert.equal((await off.request('/v1/events', { method: 'POST', body: JSON.stringify(placed('e1', 'R1')) })).status, 201);
      assert.equal(await confirmed(off, 'R1'), 0);
      await off.herald.fireDue();
      assert.equal(await confirmed(off, 'R1'), 1);
    } finally {
      await off.close();
    }
  });
});
