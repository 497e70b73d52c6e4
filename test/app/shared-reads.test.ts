// Reads shared by the runs of one transaction (src/app/shared-reads.ts) stay true to what the
// transaction wrote through them, and the run log is written only when flushed.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { ordersOfJobs, withSharedReads } from '../../src/app/shared-reads.ts';
import type { StoreTx } from '../../src/core/ports/store.ts';
import { shipmentRecord } from '../contract/store-contract.ts';
import { notification } from '../contract/workflow-store-contract.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-shared-reads-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('cached reads follow the writes made through the view; the run log waits for the flush', async () => {
  const store = openSqliteStore({ file: join(folder, 'shared.sqlite'), clock: createFakeClock() });
  await store.migrate();
  await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  await store.transact(async (tx) => {
    const shared = withSharedReads(tx);
    const view = shared.tx;
    assert.deepEqual(await view.loadNotificationsOfOrders('acme', ['1001']), new Map([['1001', []]]));
    const first = notification({ id: 'ntf_1' });
    assert.deepEqual(await view.insertNotifications([first, notification({ id: 'ntf_dup' })]), [true, false], 'the second is the same milestone and channel');
    assert.deepEqual((await view.loadNotificationsOfOrders('acme', ['1001'])).get('1001')!.map((n) => n.id), ['ntf_1'], 'the new one joins the cached list, the refused one does not');
    await view.updateNotifications([{ ...first, status: 'sent' }]);
    assert.deepEqual((await view.loadNotificationsOfOrders('acme', ['1001'])).get('1001')!.map((n) => n.status), ['sent']);

    assert.equal((await view.loadOrders('acme', ['1001'])).size, 0, 'no such order yet');
    const order = { storeId: 'acme', orderRef: '1001', customerRef: null, facts: {}, placedAt: null, paidAt: null, cancelledAt: null, refundedAt: null, promiseDate: null, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z' };
    await view.saveOrders([order as never]);
    assert.equal((await view.loadOrders('acme', ['1001'])).get('1001')?.orderRef, '1001', 'a saved order replaces the cached absence');

    const line = { storeId: 'acme', orderRef: '1001', at: '2026-11-20T10:00:00.000Z', workflowId: 'wf', workflowVersion: 1, runKey: 'run:wf', step: 'trigger', outcome: 'started' as const, reason: null, detail: null };
    await view.appendActivity([line, { ...line, step: 'end', outcome: 'done' }]);
    await shared.flush();
  });
  // Lines appended but never flushed are not written: the view buffers them.
  await store.transact(async (tx) => withSharedReads(tx).tx.appendActivity([{ storeId: 'acme', orderRef: '1001', at: '2026-11-20T11:00:00.000Z', workflowId: 'wf', workflowVersion: 1, runKey: 'run:wf', step: 'unflushed', outcome: 'done', reason: null, detail: null }]));
  const log = await store.reads.listOrderActivity('acme', '1001', 10);
  assert.deepEqual(log.map((a) => a.step), ['trigger', 'end'], 'written in order, read back line by line');
  assert.deepEqual((await store.reads.listOrderActivity('acme', '1001', 1)).map((a) => a.step), ['trigger'], 'the limit counts lines');
  assert.equal((await store.reads.getNotification('acme', 'ntf_1'))?.status, 'sent');
  await store.close();
});

test('a prefetch reads the orders of a whole claim once; the runs then read from it', async () => {
  const store = openSqliteStore({ file: join(folder, 'prefetch.sqlite'), clock: createFakeClock() });
  await store.migrate();
  await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  const order = (ref: string) => ({ storeId: 'acme', orderRef: ref, customerRef: null, facts: {}, placedAt: null, paidAt: null, cancelledAt: null, refundedAt: null, promiseDate: null, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z' }) as never;
  await store.transact(async (tx) => {
    await tx.saveOrders([order('1001'), order('1002')]);
    await tx.saveShipments([{ ...shipmentRecord('1ZA', '1001'), createdAt: '2026-11-20T09:00:00.000Z' }, { ...shipmentRecord('1ZB', '1001'), createdAt: '2026-11-20T08:00:00.000Z' }, shipmentRecord('1ZC', '1002')]);
    await tx.insertNotifications([notification({ id: 'ntf_1', orderRef: '1002' })]);
  });
  await store.transact(async (tx) => {
    const calls = new Map<string, number>();
    const counted = new Proxy(tx, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as StoreTx;
    const shared = withSharedReads(counted);
    await shared.prefetch(['1001', '1002', '9999', '1001'].map((orderRef) => ({ storeId: 'acme', payload: { orderRef } })));
    const view = shared.tx;
    assert.deepEqual((await view.loadShipmentsOfOrders('acme', ['1001'])).map((s) => s.trackingNumber), ['1ZB', '1ZA'], 'oldest parcel first');
    assert.deepEqual((await view.loadShipmentsOfOrders('acme', ['1002', '1001'])).map((s) => s.trackingNumber), ['1ZC', '1ZB', '1ZA'], 'order by order as asked');
    assert.deepEqual((await view.loadNotificationsOfOrders('acme', ['1002'])).get('1002')!.map((n) => n.id), ['ntf_1']);
    assert.deepEqual((await view.loadNotificationsOfOrders('acme', ['1001'])).get('1001'), []);
    assert.deepEqual((await view.loadOpenCasesOfOrders('acme', ['1001', '1002'])).get('1002'), []);
    assert.equal((await view.loadOrders('acme', ['1001', '1002', '9999'])).size, 2);
    assert.deepEqual(
      Object.fromEntries(calls),
      { loadOrders: 1, loadShipmentsOfOrders: 1, loadNotificationsOfOrders: 1, loadOpenCasesOfOrders: 1 },
      'one read of each kind for all three orders, none after (the unknown order is not asked for its parcels)',
    );
    // A list handed out is a copy: a run that changes it does not change what the next run reads.
    (await view.loadNotificationsOfOrders('acme', ['1002'])).get('1002')!.pop();
    assert.equal((await view.loadNotificationsOfOrders('acme', ['1002'])).get('1002')!.length, 1);
  });
  await store.close();
});

test('the orders of a claim are the order refs in its jobs\' payloads, by store, each once', () => {
  const jobs = [
    { storeId: 'acme', payload: { orderRef: '1001' } },
    { storeId: 'acme', payload: { orderRef: '1001' } },
    { storeId: 'globex', payload: { orderRef: '1001' } },
    { storeId: 'acme', payload: { trackingNumber: '1ZA' } },
    { storeId: 'acme', payload: { orderRef: 42 } },
  ];
  assert.deepEqual([...ordersOfJobs(jobs)], [['acme', ['1001']], ['globex', ['1001']]]);
});
