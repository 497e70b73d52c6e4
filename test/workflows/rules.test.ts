// Workflow conditions against the order (local pickup, international) and version pinning: a run
// that started on one version finishes on it, whatever is saved meanwhile.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoAt } from '../../src/core/ports/clock.ts';
import { ADA, NEW_YORK, orderEvent, shipmentEvent, startJourney } from './journey-support.ts';

describe('conditions', () => {
  test('a local-pickup order gets no in-preparation, shipped or out-for-delivery message, and the run log says not_matched', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const order = { number: '#P1', total: '30.00', currency: 'USD', shipping_method: 'Local pickup', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('p1-placed', 'order.placed', 'P1', '2026-11-02T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('p1-label', 'P1', '2026-11-03T15:00:00Z', { tracking_number: '1ZPICK1', state: 'label_created' }));
      await j.drain();
      await j.post(shipmentEvent('p1-transit', 'P1', '2026-11-04T15:00:00Z', { tracking_number: '1ZPICK1', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('p1-ofd', 'P1', '2026-11-05T13:00:00Z', { tracking_number: '1ZPICK1', state: 'out_for_delivery' }));
      await j.drain();
      assert.deepEqual((await j.notifications('P1')).map((n) => n.milestone), ['order_confirmed']);
      const log = await j.activity('P1');
      for (const workflowId of ['in-preparation', 'shipped', 'out-for-delivery']) {
        const lines = log.filter((a) => a.workflowId === workflowId);
        assert.deepEqual(lines.map((a) => [a.step, a.outcome]), [['conditions', 'not_matched']], workflowId);
        assert.match(lines[0]!.reason!, /the conditions do not hold for this order/);
      }
    } finally {
      await j.close();
    }
  });

  test('the customs message goes only to international orders', async () => {
    const j = await startJourney({ quietHours: null, country: 'US' });
    try {
      const abroad = { number: '#I1', total: '30.00', currency: 'USD', destination: { country: 'DE', city: 'Berlin', postal_code: '10115' }, customer: { email: 'grete@example.de' } };
      const home = { number: '#I2', total: '30.00', currency: 'USD', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('i1-placed', 'order.placed', 'I1', '2026-11-02T12:00:00Z', abroad));
      await j.post(orderEvent('i2-placed', 'order.placed', 'I2', '2026-11-02T15:00:00Z', home));
      await j.drain();
      await j.post(shipmentEvent('i1-customs', 'I1', '2026-11-03T12:00:00Z', { tracking_number: '1ZINTL1', state: 'in_transit', reason: 'customs_delay' }));
      await j.post(shipmentEvent('i2-customs', 'I2', '2026-11-03T15:00:00Z', { tracking_number: '1ZHOME1', state: 'in_transit', reason: 'customs_delay' }));
      await j.drain();
      const customs = async (ref: string) => (await j.notifications(ref)).filter((n) => n.milestone === 'customs_hold').map((n) => [n.status, n.trackingNumber]);
      assert.deepEqual(await customs('I1'), [['sent', '1ZINTL1']]);
      assert.deepEqual(await customs('I2'), []);
      const domestic = (await j.activity('I2')).filter((a) => a.workflowId === 'customs-hold');
      assert.deepEqual(domestic.map((a) => [a.step, a.outcome]), [['conditions', 'not_matched']]);
    } finally {
      await j.close();
    }
  });
});

describe('version pinning', () => {
  test('a run waiting on v1 finishes on v1 text after v2 is saved; a new run uses v2', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const admin = j.t.herald.store.admin;
      const v1 = await admin.getWorkflowVersion('default', 'made-to-order-update', null);
      assert.equal(v1?.version, 1);
      const order = (ref: string) => ({ number: `#${ref}`, total: '90.00', currency: 'USD', tags: ['personalised'], destination: NEW_YORK, customer: ADA });
      await j.post(orderEvent('v1-placed', 'order.placed', 'V1', '2026-11-02T15:00:00Z', order('V1')));
      await j.post(orderEvent('v1-paid', 'order.paid', 'V1', '2026-11-02T15:00:10Z'));
      await j.drain();

      j.t.clock.set(Date.parse('2026-11-02T18:00:00Z'));
      const document = structuredClone(v1!.document) as { steps: [unknown, { notify: { message: { text: string; subject?: string } } }] };
      document.steps[1].notify.message = { subject: 'V2 subject', text: 'V2: order {{ order.number }} is being made.' };
      const saved = await admin.saveWorkflowVersion({ storeId: 'default', workflowId: 'made-to-order-update', document, sourceText: JSON.stringify(document), createdAt: isoAt(j.t.clock.nowMs()), createdBy: 'test' });
      assert.deepEqual([saved.created, saved.version.version], [true, 2]);
      j.t.herald.catalog.invalidate('default');

      await j.post(orderEvent('v2-placed', 'order.placed', 'V2', '2026-11-02T19:00:00Z', order('V2')));
      await j.post(orderEvent('v2-paid', 'order.paid', 'V2', '2026-11-02T19:00:10Z'));
      await j.drain();
      await j.at('2026-11-04T07:00:10Z');

      const [first] = (await j.t.herald.store.reads.listOrderNotifications('default', 'V1')).filter((n) => n.milestone === 'being_prepared');
      assert.deepEqual([first?.status, first?.workflowVersion, first?.subject], ['sent', 1, 'Your order #V1 is being made']);
      assert.match(first?.body ?? '', /we're now working on your order #V1/);
      const [second] = (await j.t.herald.store.reads.listOrderNotifications('default', 'V2')).filter((n) => n.milestone === 'being_prepared');
      assert.deepEqual([second?.status, second?.workflowVersion, second?.subject, second?.body], ['sent', 2, 'V2 subject', 'V2: order #V2 is being made.']);
      const runLog = (await j.activity('V1')).filter((a) => a.workflowId === 'made-to-order-update');
      assert.deepEqual([...new Set(runLog.map((a) => a.workflowVersion))], [1]);
    } finally {
      await j.close();
    }
  });
});
