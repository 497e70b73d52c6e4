// Reads shared by the runs of one transaction (src/app/shared-reads.ts) stay true to what the
// transaction wrote through them, and the run log is written only when flushed.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { withSharedReads } from '../../src/app/shared-reads.ts';
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
    assert.deepEqual(await view.loadOrderNotifications('acme', '1001'), []);
    const first = notification({ id: 'ntf_1' });
    assert.deepEqual(await view.insertNotifications([first, notification({ id: 'ntf_dup' })]), [true, false], 'the second is the same milestone and channel');
    assert.deepEqual((await view.loadOrderNotifications('acme', '1001')).map((n) => n.id), ['ntf_1'], 'the new one joins the cached list, the refused one does not');
    await view.updateNotifications([{ ...first, status: 'sent' }]);
    assert.deepEqual((await view.loadOrderNotifications('acme', '1001')).map((n) => n.status), ['sent']);

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
