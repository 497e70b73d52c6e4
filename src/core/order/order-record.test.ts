import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalEvent } from '../events/canonical-event.ts';
import { applyOrderEvent } from './order-record.ts';

const base: CanonicalEvent = {
  id: 'e', type: 'order.placed', store_id: 'acme', source: 'api', occurred_at: '2026-11-20T10:00:00.000Z',
  received_at: '2026-11-20T10:00:01.000Z', order_ref: '1001', customer_ref: null, shipment: null, order: null,
  promise_date: null, raw_ref: null, attributes: null,
};
const NOW = '2026-11-20T12:00:00.000Z';

test('a late order.updated does not overwrite newer facts but fills missing ones', () => {
  let order = applyOrderEvent(null, { ...base, order: { total: '10.00', tags: ['VIP'] } }, NOW);
  order = applyOrderEvent(order, { ...base, id: 'u2', type: 'order.updated', occurred_at: '2026-11-20T12:00:00.000Z', order: { total: '12.00' } }, NOW);
  order = applyOrderEvent(order, { ...base, id: 'u1', type: 'order.updated', occurred_at: '2026-11-20T11:00:00.000Z', order: { total: '11.00', currency: 'EUR' } }, NOW);
  assert.equal(order.facts.total, '12.00');
  assert.equal(order.facts.currency, 'EUR');
  assert.deepEqual(order.facts.tags, ['VIP']);
});

test('lifecycle moments are sticky and keep the earliest time', () => {
  let order = applyOrderEvent(null, { ...base, type: 'order.cancelled', occurred_at: '2026-11-21T00:00:00.000Z' }, NOW);
  order = applyOrderEvent(order, { ...base, id: 'c0', type: 'order.cancelled', occurred_at: '2026-11-20T23:00:00.000Z' }, NOW);
  order = applyOrderEvent(order, { ...base, id: 'u', type: 'order.updated', occurred_at: '2026-11-22T00:00:00.000Z' }, NOW);
  assert.equal(order.cancelledAt, '2026-11-20T23:00:00.000Z');
  assert.equal(order.lastEventAt, '2026-11-22T00:00:00.000Z');
});

test('nested customer and destination facts merge field by field', () => {
  let order = applyOrderEvent(null, { ...base, order: { customer: { email: 'a@example.com', first_name: 'Ada' } } }, NOW);
  order = applyOrderEvent(order, { ...base, id: 'u', type: 'order.updated', occurred_at: '2026-11-21T00:00:00.000Z', order: { customer: { phone: '+4915112345678' } } }, NOW);
  assert.deepEqual(order.facts.customer, { email: 'a@example.com', first_name: 'Ada', phone: '+4915112345678' });
});

test('an event without order_ref is refused loudly (a programming error, not input)', () => {
  assert.throws(() => applyOrderEvent(null, { ...base, order_ref: null }, NOW), /order_ref/);
});

test('a late event never overwrites a newer promise date or customer, even without order facts', () => {
  const at = (hour: string) => `2026-11-20T${hour}:00:00.000Z`;
  const e1 = { ...base, id: 'e1', occurred_at: at('10'), order: { total: '1.00' }, promise_date: '2026-11-23T00:00:00.000Z' };
  const e2 = { ...base, id: 'e2', type: 'order.updated' as const, occurred_at: at('12'), promise_date: '2026-11-25T00:00:00.000Z', customer_ref: 'c-new' };
  const e3 = { ...base, id: 'e3', type: 'order.updated' as const, occurred_at: at('11'), promise_date: '2026-11-24T00:00:00.000Z', customer_ref: 'c-old' };
  for (const order of [[e1, e2, e3], [e1, e3, e2], [e3, e2, e1]]) {
    const final = order.reduce((acc: ReturnType<typeof applyOrderEvent> | null, event) => applyOrderEvent(acc, event, NOW), null)!;
    assert.equal(final.promiseDate, '2026-11-25T00:00:00.000Z');
    assert.equal(final.customerRef, 'c-new');
  }
});
