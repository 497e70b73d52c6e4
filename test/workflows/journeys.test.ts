// Order journeys through the default pack on a fake clock: which messages a customer gets, once
// each, and why the others were not sent.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADA, DAY_MS, NEW_YORK, orderEvent, shipmentEvent, startJourney, type Customer, type Journey } from './journey-support.ts';

const TN = '1ZHAPPY0001';
const ETA = '2026-11-09T15:00:00Z';
/** The midpoint: halfway from the in-transit scan (11-04 15:00) to the ETA (11-09 15:00). */
const MIDPOINT = '2026-11-07T03:00:00Z';

/** placed -> paid -> label -> in transit (ETA 5 days out) -> out for delivery -> delivered, all at New York daytime. */
async function happyPath(j: Journey, ref: string, customer: Customer, idPrefix = ref): Promise<void> {
  const order = { number: `#${ref}`, total: '49.00', currency: 'USD', shipping_method: 'Standard', destination: NEW_YORK, customer };
  await j.post(orderEvent(`${idPrefix}-placed`, 'order.placed', ref, '2026-11-02T15:00:00Z', order));
  await j.post(orderEvent(`${idPrefix}-paid`, 'order.paid', ref, '2026-11-02T15:00:30Z'));
  await j.drain();
  await j.post(shipmentEvent(`${idPrefix}-label`, ref, '2026-11-03T15:00:00Z', { tracking_number: TN, state: 'label_created' }));
  await j.drain();
  await j.post(shipmentEvent(`${idPrefix}-transit`, ref, '2026-11-04T15:00:00Z', { tracking_number: TN, state: 'in_transit', estimated_delivery_at: ETA }));
  await j.drain();
}

/** A daily scan keeps the parcel from stalling; the midpoint message comes between them. */
async function finishHappyPath(j: Journey, ref: string, idPrefix = ref, beforeMidpoint?: () => Promise<void>): Promise<void> {
  for (const day of ['05', '06', '07', '08']) {
    if (day === '07') {
      await j.at('2026-11-07T02:59:00Z');
      await beforeMidpoint?.();
      await j.at(MIDPOINT);
    }
    await j.post(shipmentEvent(`${idPrefix}-scan-${day}`, ref, `2026-11-${day}T15:00:00Z`, { tracking_number: TN, state: 'in_transit', estimated_delivery_at: ETA }));
    await j.drain();
  }
  await j.post(shipmentEvent(`${idPrefix}-ofd`, ref, '2026-11-09T13:00:00Z', { tracking_number: TN, state: 'out_for_delivery' }));
  await j.drain();
  await j.post(shipmentEvent(`${idPrefix}-delivered`, ref, '2026-11-09T17:00:00Z', { tracking_number: TN, state: 'delivered' }));
  await j.drain();
}

describe('happy path through the default pack', () => {
  test('every milestone once, out for delivery by SMS, the review request only with marketing consent', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      await happyPath(j, 'H1', { ...ADA, accepts_email_marketing: true });
      assert.deepEqual(await j.sent('H1'), ['order_confirmed', 'in_preparation', 'shipped']);
      await finishHappyPath(j, 'H1', 'H1', async () => {
        assert.deepEqual(await j.sent('H1'), ['order_confirmed', 'in_preparation', 'shipped'], 'the midpoint waits for half the time to the ETA');
      });
      assert.deepEqual(await j.sent('H1'), ['order_confirmed', 'in_preparation', 'shipped', 'in_transit_midpoint', 'out_for_delivery', 'delivered']);
      await j.at('2026-11-13T16:59:00Z');
      assert.equal((await j.sent('H1')).includes('follow_up'), false, 'not before 4 days after delivery');
      await j.at('2026-11-13T17:00:00Z');
      const all = await j.notifications('H1');
      assert.deepEqual(
        all.map((n) => [n.milestone, n.channel, n.status]),
        [
          ['order_confirmed', 'email', 'sent'],
          ['in_preparation', 'email', 'sent'],
          ['shipped', 'email', 'sent'],
          ['in_transit_midpoint', 'email', 'sent'],
          ['out_for_delivery', 'sms', 'sent'],
          ['delivered', 'email', 'sent'],
          ['follow_up', 'email', 'sent'],
        ],
      );
    } finally {
      await j.close();
    }
  });

  test('without marketing consent the review request is suppressed, and says why', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      await happyPath(j, 'H2', ADA);
      await finishHappyPath(j, 'H2');
      await j.at('2026-11-13T17:00:00Z');
      const all = await j.notifications('H2');
      assert.deepEqual(await j.sent('H2'), ['order_confirmed', 'in_preparation', 'shipped', 'in_transit_midpoint', 'out_for_delivery', 'delivered']);
      const followUp = all.filter((n) => n.milestone === 'follow_up');
      assert.deepEqual(followUp, [{ milestone: 'follow_up', channel: 'email', status: 'suppressed', reason: 'email: no consent to marketing email', trackingNumber: null }]);
      const log = await j.activity('H2');
      assert.ok(log.some((a) => a.workflowId === 'review-follow-up' && a.outcome === 'skipped' && a.reason === 'follow_up not sent: email: no consent to marketing email'));
    } finally {
      await j.close();
    }
  });

  test('replaying the same events, or the same states under new ids, sends nothing new', async () => {
    const j = await startJourney({ quietHours: null });
    try {
      await happyPath(j, 'H3', ADA);
      await finishHappyPath(j, 'H3');
      await j.at('2026-11-13T17:00:00Z');
      const before = await j.notifications('H3');
      assert.equal(before.length, 7);
      // The same ids again: duplicates, nothing happens.
      j.t.clock.set(Date.parse('2026-11-14T15:00:00Z'));
      await replayHappyPath(j, 'H3', 'H3', 200);
      assert.deepEqual(await j.notifications('H3'), before);
      // The same states under new ids: the parcel is already delivered and every milestone was created once.
      await replayHappyPath(j, 'H3', 'H3-again', 201);
      assert.deepEqual(await j.notifications('H3'), before);
      await j.advance(10 * DAY_MS);
      assert.deepEqual(await j.notifications('H3'), before);
    } finally {
      await j.close();
    }
  });
});

/** Re-posts the states of a whole happy path at the current time (the clock stays where it is). */
async function replayHappyPath(j: Journey, ref: string, idPrefix: string, expectedStatus: 200 | 201): Promise<void> {
  const order = { number: `#${ref}`, total: '49.00', currency: 'USD', shipping_method: 'Standard', destination: NEW_YORK, customer: ADA };
  const events = [
    orderEvent(`${idPrefix}-placed`, 'order.placed', ref, '2026-11-02T15:00:00Z', order),
    orderEvent(`${idPrefix}-paid`, 'order.paid', ref, '2026-11-02T15:00:30Z'),
    shipmentEvent(`${idPrefix}-label`, ref, '2026-11-03T15:00:00Z', { tracking_number: TN, state: 'label_created' }),
    shipmentEvent(`${idPrefix}-transit`, ref, '2026-11-04T15:00:00Z', { tracking_number: TN, state: 'in_transit', estimated_delivery_at: ETA }),
    shipmentEvent(`${idPrefix}-ofd`, ref, '2026-11-09T13:00:00Z', { tracking_number: TN, state: 'out_for_delivery' }),
    shipmentEvent(`${idPrefix}-delivered`, ref, '2026-11-09T17:00:00Z', { tracking_number: TN, state: 'delivered' }),
  ];
  for (const event of events) {
    assert.equal(await j.post(event, { keepClock: true }), expectedStatus, String(event['id']));
    await j.drain();
  }
}
