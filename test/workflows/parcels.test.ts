// Journeys about parcels: a split shipment, a stalled parcel (on the carrier's business calendar),
// and a scan that arrives after the parcel was already delivered.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoAt } from '../../src/core/ports/clock.ts';
import { ADA, DAY_MS, NEW_YORK, orderEvent, shipmentEvent, startJourney } from './journey-support.ts';

const ALL_DELIVERED_WORKFLOW = {
  id: 'all-delivered',
  name: 'Everything arrived',
  trigger: { signal: 'all_shipments_delivered' },
  steps: [{ notify: { milestone: 'order_complete', channels: ['email'], message: { text: 'All {{ shipments.count }} parcels of order {{ order.number }} arrived.' } } }],
};

describe('a split shipment', () => {
  test('shipped once per parcel, all_shipments_delivered only after the second delivery, one review request', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const { version } = await j.t.herald.store.admin.saveWorkflowVersion(
        { storeId: 'default', workflowId: 'all-delivered', document: ALL_DELIVERED_WORKFLOW, sourceText: JSON.stringify(ALL_DELIVERED_WORKFLOW), createdAt: isoAt(j.t.clock.nowMs()), createdBy: 'test' },
        true,
      );
      assert.equal(version.version, 1);
      j.t.herald.catalog.invalidate('default');
      const order = { number: '#S1', total: '80.00', currency: 'USD', destination: NEW_YORK, customer: { ...ADA, accepts_email_marketing: true } };
      await j.post(orderEvent('s1-placed', 'order.placed', 'S1', '2026-11-02T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('s1-a-transit', 'S1', '2026-11-03T15:00:00Z', { tracking_number: '1ZSPLITA', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('s1-b-transit', 'S1', '2026-11-04T15:00:00Z', { tracking_number: '1ZSPLITB', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('s1-a-delivered', 'S1', '2026-11-04T18:00:00Z', { tracking_number: '1ZSPLITA', state: 'delivered' }));
      await j.drain();
      const afterFirst = await j.activity('S1');
      assert.equal(afterFirst.filter((a) => a.workflowId === 'all-delivered').length, 0, 'one parcel of two delivered is not all');
      await j.post(shipmentEvent('s1-b-delivered', 'S1', '2026-11-05T18:00:00Z', { tracking_number: '1ZSPLITB', state: 'delivered' }));
      await j.drain();
      await j.at(isoAt(Date.parse('2026-11-05T18:00:00Z') + 4 * DAY_MS));

      const all = await j.notifications('S1');
      assert.deepEqual(
        all.map((n) => [n.milestone, n.trackingNumber, n.status]),
        [
          ['order_confirmed', null, 'sent'],
          ['shipped', '1ZSPLITA', 'sent'],
          ['shipped', '1ZSPLITB', 'sent'],
          ['delivered', '1ZSPLITA', 'sent'],
          ['delivered', '1ZSPLITB', 'sent'],
          ['order_complete', null, 'sent'],
          ['follow_up', null, 'sent'],
        ],
      );
      const complete = (await j.t.herald.store.reads.listOrderNotifications('default', 'S1')).find((n) => n.milestone === 'order_complete')!;
      assert.equal(complete.body, 'All 2 parcels of order #S1 arrived.');
      assert.equal(complete.sentAt, '2026-11-05T18:00:00.000Z');
      const started = (await j.activity('S1')).filter((a) => a.workflowId === 'all-delivered' && a.outcome === 'started');
      assert.deepEqual(started.map((a) => a.at), ['2026-11-05T18:00:00.000Z']);
      const reviews = (await j.activity('S1')).filter((a) => a.workflowId === 'review-follow-up' && a.step === 'steps[0]');
      assert.deepEqual(reviews.map((a) => [a.outcome, a.at]), [['done', '2026-11-09T18:00:00.000Z']], 'one review request, 4 days after the last parcel arrived');
    } finally {
      await j.close();
    }
  });
});

describe('a stalled parcel', () => {
  // Saturday 2026-10-17 12:00 in New York (EDT). UPS works Saturdays, never Sundays: 12 h on
  // Saturday, none on Sunday, 24 h on Monday, so 48 business hours end on Tuesday at 12:00.
  const LAST_SCAN = '2026-10-17T16:00:00Z';

  async function stalledJourney(ref: string, tags: string[], options: { coldCatalog?: boolean } = {}) {
    const j = await startJourney();
    const order = { number: `#${ref}`, total: '49.00', currency: 'USD', tags, destination: NEW_YORK, customer: ADA };
    await j.post(orderEvent(`${ref}-placed`, 'order.placed', ref, '2026-10-15T15:00:00Z', order));
    await j.drain();
    await j.post(shipmentEvent(`${ref}-transit`, ref, LAST_SCAN, { tracking_number: `1ZSTALL${ref}`, state: 'in_transit' }));
    await j.drain();
    await j.at('2026-10-19T16:00:00Z'); // 48 wall-clock hours: Monday noon
    await j.at('2026-10-20T03:59:00Z'); // Monday 23:59 local
    assert.equal((await j.activity(ref)).filter((a) => a.runKey.includes('stalled')).length, 0, 'nothing stalls on Monday: Sunday does not count');
    await j.at('2026-10-20T15:59:00Z');
    assert.equal((await j.activity(ref)).filter((a) => a.runKey.includes('stalled')).length, 0, 'not a minute early');
    // As after a settings change: the timer fires with no rules in memory and must load them.
    if (options.coldCatalog) j.t.herald.catalog.invalidate('default');
    await j.at('2026-10-20T16:00:00Z');
    return j;
  }

  test('a normal order gets the still-on-its-way message on Tuesday, not Monday', async () => {
    const j = await stalledJourney('ST1', [], { coldCatalog: true });
    try {
      const stall = (await j.t.herald.store.reads.listOrderNotifications('default', 'ST1')).filter((n) => n.milestone === 'still_on_its_way');
      assert.deepEqual(stall.map((n) => [n.status, n.sentAt]), [['sent', '2026-10-20T16:00:00.000Z']]);
      assert.deepEqual(await j.t.herald.store.reads.listOrderCases('default', 'ST1'), []);
      await j.advance(5 * DAY_MS);
      assert.deepEqual(await j.sent('ST1'), ['order_confirmed', 'shipped', 'still_on_its_way'], 'a parcel stalls once per scan');
    } finally {
      await j.close();
    }
  });

  test('a VIP order gets exactly one fulfillment case, escalated while nobody answers it, and no message', async () => {
    const j = await stalledJourney('ST2', ['VIP']);
    try {
      await j.advance(5 * DAY_MS);
      const cases = await j.t.herald.store.reads.listOrderCases('default', 'ST2');
      assert.deepEqual(cases.map((c) => [c.team, c.reason, c.status, c.openedAt]), [['fulfillment', 'stalled', 'open', '2026-10-20T16:00:00.000Z']]);
      // Opened at the rule's priority (high, 8 h SLA) or above it when the risk says so; nobody
      // answered, so when the clock jumped five days the passed SLA escalated it once.
      const history = cases[0]!.history ?? [];
      assert.equal(history[0]!.action, 'opened');
      assert.match(history[0]!.detail ?? '', /priority (high|urgent) \(risk \d+: .*VIP customer/);
      assert.equal(history.filter((h) => h.action === 'escalated').length, 1);
      assert.equal(cases[0]!.escalations, 1);
      assert.equal(cases[0]!.priority, 'urgent');
      assert.match(cases[0]!.summary, /no carrier scan/);
      assert.deepEqual(await j.sent('ST2'), ['order_confirmed', 'shipped']);
      const reassure = (await j.activity('ST2')).filter((a) => a.workflowId === 'still-on-its-way');
      assert.deepEqual(reassure.map((a) => a.outcome), ['not_matched']);
    } finally {
      await j.close();
    }
  });
});

describe('a late scan after delivery', () => {
  test('an in-transit event that happened before delivered but arrives after it changes nothing', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const order = { number: '#L1', total: '20.00', currency: 'USD', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('l1-placed', 'order.placed', 'L1', '2026-11-02T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('l1-transit', 'L1', '2026-11-03T15:00:00Z', { tracking_number: '1ZLATE1', state: 'in_transit' }));
      await j.drain();
      await j.post(shipmentEvent('l1-delivered', 'L1', '2026-11-04T17:00:00Z', { tracking_number: '1ZLATE1', state: 'delivered' }));
      await j.drain();
      j.t.clock.set(Date.parse('2026-11-04T19:00:00Z'));
      await j.post(shipmentEvent('l1-transit-late', 'L1', '2026-11-04T09:00:00Z', { tracking_number: '1ZLATE1', state: 'in_transit' }), { keepClock: true });
      await j.drain();
      assert.equal((await j.t.herald.store.reads.getShipment('default', '1ZLATE1'))?.truth.state, 'delivered');
      assert.deepEqual((await j.notifications('L1')).map((n) => [n.milestone, n.status]), [['order_confirmed', 'sent'], ['shipped', 'sent'], ['delivered', 'sent']]);
    } finally {
      await j.close();
    }
  });

  test('when the only in-transit scan arrives after delivered, no shipped message goes out', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      const order = { number: '#L2', total: '20.00', currency: 'USD', destination: NEW_YORK, customer: ADA };
      await j.post(orderEvent('l2-placed', 'order.placed', 'L2', '2026-11-02T15:00:00Z', order));
      await j.drain();
      await j.post(shipmentEvent('l2-label', 'L2', '2026-11-03T15:00:00Z', { tracking_number: '1ZLATE2', state: 'label_created' }));
      await j.drain();
      await j.post(shipmentEvent('l2-delivered', 'L2', '2026-11-04T17:00:00Z', { tracking_number: '1ZLATE2', state: 'delivered' }));
      await j.drain();
      j.t.clock.set(Date.parse('2026-11-04T19:00:00Z'));
      await j.post(shipmentEvent('l2-transit-late', 'L2', '2026-11-04T09:00:00Z', { tracking_number: '1ZLATE2', state: 'in_transit' }), { keepClock: true });
      await j.drain();
      assert.equal((await j.t.herald.store.reads.getShipment('default', '1ZLATE2'))?.truth.state, 'delivered');
      assert.deepEqual(await j.sent('L2'), ['order_confirmed', 'in_preparation', 'delivered']);
      assert.equal((await j.notifications('L2')).some((n) => n.milestone === 'shipped' && n.status === 'sent'), false);
    } finally {
      await j.close();
    }
  });
});
