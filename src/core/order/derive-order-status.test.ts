import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShipmentState } from '../vocabulary/shipment-states.ts';
import { deriveOrderStatus } from './derive-order-status.ts';
import type { OrderRecord } from './order-record.ts';

type Moments = Pick<OrderRecord, 'paidAt' | 'cancelledAt' | 'refundedAt' | 'fulfilledAt' | 'facts'>;
const open: Moments = { paidAt: null, cancelledAt: null, refundedAt: null, fulfilledAt: null, facts: {} };
const paid: Moments = { ...open, paidAt: '2026-11-20T10:00:00.000Z' };
const partial: Moments = { ...paid, facts: { fulfillment_status: 'partial' } };

const cases: [string, Moments | null, ShipmentState[], string, boolean][] = [
  ['placed, nothing shipped', open, [], 'placed', false],
  ['paid, nothing shipped', paid, [], 'paid', false],
  ['one parcel on its way', paid, ['in_transit'], 'shipped', false],
  ['first parcel of a split order shipped', partial, ['in_transit'], 'partially_shipped', false],
  ['one of two parcels delivered', paid, ['delivered', 'in_transit'], 'partially_delivered', false],
  ['all parcels delivered', paid, ['delivered', 'delivered'], 'delivered', false],
  ['delivered, more to ship', partial, ['delivered'], 'partially_delivered', false],
  ['a cancelled label does not count', paid, ['delivered', 'cancelled'], 'delivered', false],
  ['returned', paid, ['returned_to_sender'], 'returned', false],
  ['an exception needs attention', paid, ['exception', 'delivered'], 'partially_delivered', true],
  ['cancelled wins', { ...paid, cancelledAt: '2026-11-21T00:00:00.000Z' }, ['in_transit'], 'cancelled', false],
  ['parcel without an order record', null, ['out_for_delivery'], 'shipped', false],
];

for (const [name, order, states, status, attention] of cases) {
  test(`order status: ${name} -> ${status}`, () => {
    const summary = deriveOrderStatus(order, states);
    assert.equal(summary.status, status);
    assert.equal(summary.needsAttention, attention);
  });
}

test('refunded is reported beside the status', () => {
  assert.equal(deriveOrderStatus({ ...paid, refundedAt: '2026-11-22T00:00:00.000Z' }, []).refunded, true);
});
