// What happens to a message between its creation and its send: the order cancelled during a
// wait, quiet hours (across a daylight-saving change), a later milestone, the frequency cap.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoAt } from '../../src/core/ports/clock.ts';
import { ADA, NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from './journey-support.ts';

async function notification(j: Journey, ref: string, milestone: string) {
  const found = (await j.t.herald.store.reads.listOrderNotifications('default', ref)).filter((n) => n.milestone === milestone);
  assert.equal(found.length, 1, `one ${milestone} notification for ${ref}`);
  return found[0]!;
}

describe('an order cancelled while a run waits', () => {
  test('the made-to-order update is never sent, and the notification and run log say the order was cancelled', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const order = { number: '#C1', total: '120.00', currency: 'USD', tags: ['made-to-order'], destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('c1-placed', 'order.placed', 'C1', '2026-11-02T15:00:00Z', order));
      await j.post(orderEvent('c1-paid', 'order.paid', 'C1', '2026-11-02T15:00:20Z'));
      await j.drain();
      const waiting = (await j.activity('C1')).filter((a) => a.workflowId === 'made-to-order-update');
      assert.deepEqual(waiting.map((a) => [a.step, a.outcome, a.reason]), [
        ['trigger', 'started', 'event order.paid'],
        ['steps[0]', 'waiting', 'waiting until 2026-11-04T03:00:20.000Z'],
      ]);
      await j.post(orderEvent('c1-cancelled', 'order.cancelled', 'C1', '2026-11-03T11:00:00Z'));
      await j.drain();
      await j.at('2026-11-04T03:00:20Z');
      const update = await notification(j, 'C1', 'being_prepared');
      assert.deepEqual([update.status, update.statusReason, update.sentAt, update.body], ['skipped', 'the order was cancelled', null, null]);
      const log = (await j.activity('C1')).filter((a) => a.workflowId === 'made-to-order-update' && a.step === 'send being_prepared');
      assert.deepEqual(log.map((a) => [a.outcome, a.reason]), [['skipped', 'being_prepared on email skipped: the order was cancelled']]);
      assert.deepEqual(await j.sent('C1'), ['order_confirmed']);
    } finally {
      await j.close();
    }
  });
});

describe('quiet hours', () => {
  test('an out-for-delivery SMS held by quiet hours is superseded when delivered arrives before they end', async () => {
    const j = await startJourney(); // default quiet hours 21:00-08:00 local
    try {
      const order = { number: '#Q1', total: '30.00', currency: 'USD', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('q1-placed', 'order.placed', 'Q1', '2026-11-07T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('q1-transit', 'Q1', '2026-11-08T15:00:00Z', { tracking_number: '1ZQUIET1', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('q1-ofd', 'Q1', '2026-11-09T02:30:00Z', { tracking_number: '1ZQUIET1', state: 'out_for_delivery' })); // 21:30 EST
      await j.drain();
      const held = await notification(j, 'Q1', 'out_for_delivery');
      assert.deepEqual([held.channel, held.status, held.dueAt], ['sms', 'queued', '2026-11-09T13:00:00.000Z']);
      await j.post(shipmentEvent('q1-delivered', 'Q1', '2026-11-09T03:10:00Z', { tracking_number: '1ZQUIET1', state: 'delivered' }));
      await j.drain();
      await j.at('2026-11-09T13:00:00Z');
      const ofd = await notification(j, 'Q1', 'out_for_delivery');
      assert.deepEqual([ofd.status, ofd.statusReason, ofd.sentAt], ['superseded', 'superseded by delivered', null]);
      const delivered = await notification(j, 'Q1', 'delivered');
      assert.deepEqual([delivered.status, delivered.sentAt], ['sent', '2026-11-09T13:00:00.000Z'], 'delivered itself waits for the morning');
      assert.deepEqual(await j.sent('Q1'), ['order_confirmed', 'shipped', 'delivered']);
    } finally {
      await j.close();
    }
  });

  test('across the autumn change in Berlin a held message goes at 08:00 local (07:00Z), and a critical one is not held', async () => {
    const j = await startJourney({ quietHours: { startHour: 21, startMinute: 0, endHour: 8, endMinute: 0 } });
    try {
      const critical = {
        id: 'delivery-window',
        name: 'Delivery window',
        trigger: { state: 'out_for_delivery' },
        steps: [{ notify: { milestone: 'delivery_window', channels: ['sms'], critical: true, message: { text: 'Order {{ order.number }}: someone must sign for it today.' } } }],
      };
      await j.t.herald.store.admin.saveWorkflowVersion({ storeId: 'default', workflowId: critical.id, document: critical, sourceText: JSON.stringify(critical), createdAt: isoAt(j.t.clock.nowMs()), createdBy: 'test' }, true);
      j.t.herald.catalog.invalidate('default');
      const customer = { email: 'grete@example.de', phone: '+4915112345678', first_name: 'Grete', locale: 'de-DE', accepts_sms: true };
      const order = { number: '#B1', total: '60.00', currency: 'EUR', destination: { country: 'DE', city: 'Berlin', postal_code: '10115' }, customer };
      await j.post(orderEvent('b1-placed', 'order.placed', 'B1', '2026-10-22T10:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('b1-transit', 'B1', '2026-10-23T10:00:00Z', { carrier: 'dhl', tracking_number: 'JJD0001', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('b1-ofd', 'B1', '2026-10-24T20:30:00Z', { carrier: 'dhl', tracking_number: 'JJD0001', state: 'out_for_delivery' })); // 22:30 CEST
      await j.drain();

      const window = await notification(j, 'B1', 'delivery_window');
      assert.deepEqual([window.status, window.sentAt, window.body], ['sent', '2026-10-24T20:30:00.000Z', 'Order #B1: someone must sign for it today.']);
      const held = await notification(j, 'B1', 'out_for_delivery');
      assert.deepEqual([held.channel, held.timeZone, held.status, held.dueAt], ['sms', 'Europe/Berlin', 'queued', '2026-10-25T07:00:00.000Z']);
      await j.at('2026-10-25T06:00:00Z'); // 07:00 CET, or 08:00 had the clocks not gone back
      assert.equal((await notification(j, 'B1', 'out_for_delivery')).status, 'queued');
      await j.at('2026-10-25T07:00:00Z');
      const sent = await notification(j, 'B1', 'out_for_delivery');
      assert.deepEqual([sent.status, sent.sentAt], ['sent', '2026-10-25T07:00:00.000Z']);
      assert.match(sent.body ?? '', /wird heute zugestellt/, 'German, short text for SMS');
      const log = (await j.activity('B1')).filter((a) => a.step === 'send out_for_delivery');
      assert.deepEqual(log.map((a) => [a.outcome, a.reason]), [
        ['waiting', 'quiet hours in Europe/Berlin: held until 2026-10-25T07:00:00.000Z'],
        ['done', 'out_for_delivery sent on sms to +4915112345678 (kept in the outbox)'],
      ]);
    } finally {
      await j.close();
    }
  });
});

describe('the frequency cap', () => {
  test('past maxMessagesPerRecipientPerDay in 24 hours the excess is suppressed with the reason; the next day they flow again', async () => {
    const j = await startJourney({ quietHours: null, maxMessagesPerRecipientPerDay: 2 });
    try {
      const order = { number: '#F1', total: '30.00', currency: 'USD', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('f1-placed', 'order.placed', 'F1', '2026-11-02T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('f1-label', 'F1', '2026-11-02T16:00:00Z', { tracking_number: '1ZCAP1', state: 'label_created' }));
      await j.drain();
      await j.post(shipmentEvent('f1-transit', 'F1', '2026-11-02T17:00:00Z', { tracking_number: '1ZCAP1', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('f1-delivered', 'F1', '2026-11-03T16:30:00Z', { tracking_number: '1ZCAP1', state: 'delivered' }));
      await j.drain();
      assert.deepEqual(
        (await j.notifications('F1')).map((n) => [n.milestone, n.status, n.reason]),
        [
          ['order_confirmed', 'sent', null],
          ['in_preparation', 'sent', null],
          ['shipped', 'suppressed', 'frequency cap: 2 messages to this recipient in the last 24 hours (at most 2)'],
          ['delivered', 'sent', null],
        ],
      );
    } finally {
      await j.close();
    }
  });
});
