// A delivery receipt whose send is not recorded yet (apply-feedback.ts): it is applied again after
// 2 s, 10 s, 1 min and 5 min, and then given up, on a real store.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFeedback, RECEIPT_RETRY_AFTER_MS, retryReceipt } from '../../src/app/apply-feedback.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { ownEvent } from '../../src/core/events/own-event.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const receipt = ownEvent({
  storeId: 'default',
  source: 'twilio',
  type: 'message.delivered',
  id: 'SMunknown:delivered',
  at: '2026-11-20T12:00:00.000Z',
  orderRef: null,
  attributes: { provider_message_id: 'SMunknown' },
});

test('a receipt for a send not recorded yet is tried again on a schedule, then given up', async () => {
  const clock = createFakeClock();
  const store = openSqliteStore({ file: ':memory:', clock });
  await store.migrate();
  await store.transact((tx) => applyFeedback({}, tx, [receipt], clock.nowMs()));
  for (const [index, waitMs] of RECEIPT_RETRY_AFTER_MS.entries()) {
    assert.equal((await store.jobs.stats(clock.nowMs())).pending, 1, `retry ${index + 1} waits`);
    assert.equal((await store.jobs.claimDue(clock.nowMs() + waitMs - 1, 10, 30_000, 'test')).length, 0, 'not due before its time');
    clock.advance(waitMs);
    const [job] = await store.jobs.claimDue(clock.nowMs(), 10, 30_000, 'test');
    assert.equal(job?.kind, 'notification.receipt_retry');
    await store.transact(async (tx) => {
      await retryReceipt({}, job!, tx, clock.nowMs());
      await tx.completeJobs([job!]);
    });
  }
  assert.equal((await store.jobs.stats(clock.nowMs())).pending, 0, 'given up after the last retry; the event stays in the log');
  await store.close();
});
