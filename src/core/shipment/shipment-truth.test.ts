import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SHIPMENT_STATES, type ShipmentState } from '../vocabulary/shipment-states.ts';
import {
  canFoldInPlace,
  EMPTY_TRUTH,
  foldObservation,
  foldShipment,
  isAllowedTransition,
  type ShipmentObservation,
  type ShipmentTruth,
} from './shipment-truth.ts';

function obs(id: string, at: string, state: ShipmentState, extra: Partial<ShipmentObservation> = {}): ShipmentObservation {
  return { eventKey: `api:${id}`, occurredAt: `2026-11-${at}:00.000Z`, state, reason: null, estimatedDeliveryAt: null, location: null, ...extra };
}

/** What ingest does: fold in place when newer, replay the whole history when not. */
function applyInArrivalOrder(arrivals: readonly ShipmentObservation[]): ShipmentTruth {
  let truth = EMPTY_TRUTH;
  const seen: ShipmentObservation[] = [];
  for (const observation of arrivals) {
    seen.push(observation);
    truth = canFoldInPlace(truth, observation) ? foldObservation(truth, observation).truth : foldShipment(seen);
  }
  return truth;
}

test('a normal journey ends delivered with its last scan, location and ETA', () => {
  const truth = foldShipment([
    obs('1', '18T09:00', 'label_created'),
    obs('2', '18T18:00', 'in_transit', { location: { city: 'Memphis' }, estimatedDeliveryAt: '2026-11-21T00:00:00.000Z' }),
    obs('3', '20T07:00', 'out_for_delivery', { location: { city: 'Austin' } }),
    obs('4', '20T13:00', 'delivered', { location: { city: 'Austin' } }),
  ]);
  assert.equal(truth.state, 'delivered');
  assert.equal(truth.stateSince, '2026-11-20T13:00:00.000Z');
  assert.equal(truth.lastScanAt, '2026-11-20T13:00:00.000Z');
  assert.equal(truth.lastLocation?.city, 'Austin');
  assert.equal(truth.estimatedDeliveryAt, '2026-11-21T00:00:00.000Z');
  assert.equal(truth.observationCount, 4);
});

test('a late in_transit scan after delivered is kept but does not move the state back', () => {
  const delivered = foldShipment([obs('1', '18T18:00', 'in_transit'), obs('2', '20T13:00', 'delivered')]);
  const late = obs('3', '19T08:00', 'in_transit');
  assert.equal(canFoldInPlace(delivered, late), false, 'an older event needs a replay');
  const replayed = foldShipment([obs('1', '18T18:00', 'in_transit'), obs('2', '20T13:00', 'delivered'), late]);
  assert.equal(replayed.state, 'delivered');
  assert.equal(replayed.observationCount, 3);
});

test('a bogus newer scan after delivered is held by the terminal state', () => {
  const step = foldObservation(foldShipment([obs('1', '20T13:00', 'delivered')]), obs('2', '21T08:00', 'in_transit'));
  assert.equal(step.truth.state, 'delivered');
  assert.equal(step.heldByTerminal, true);
  assert.equal(step.changed, false);
});

test('delivered can be corrected to returning_to_sender, and cancelled is corrected by a physical scan', () => {
  const returned = foldShipment([obs('1', '20T13:00', 'delivered'), obs('2', '22T09:00', 'returning_to_sender')]);
  assert.equal(returned.state, 'returning_to_sender');
  const revived = foldShipment([obs('1', '18T09:00', 'cancelled'), obs('2', '19T09:00', 'in_transit')]);
  assert.equal(revived.state, 'in_transit');
});

const transitions: [ShipmentState, ShipmentState, boolean][] = [
  ['in_transit', 'delivered', true],
  ['exception', 'in_transit', true],
  ['delivered', 'in_transit', false],
  ['delivered', 'returning_to_sender', true],
  ['delivered', 'exception', false],
  ['returned_to_sender', 'delivered', false],
  ['cancelled', 'label_created', false],
  ['cancelled', 'delivered', true],
];
for (const [from, to, allowed] of transitions) {
  test(`transition ${from} -> ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
    assert.equal(isAllowedTransition(from, to), allowed);
  });
}

test('an exception without a reason says "other"; a reason is kept', () => {
  assert.equal(foldShipment([obs('1', '18T09:00', 'exception')]).reason, 'other');
  assert.equal(foldShipment([obs('1', '18T09:00', 'exception', { reason: 'customs_delay' })]).reason, 'customs_delay');
  assert.equal(foldShipment([obs('1', '18T09:00', 'exception', { reason: 'lost' }), obs('2', '19T09:00', 'in_transit')]).reason, null);
});

test('equal timestamps are ordered by lifecycle rank, whatever the arrival order', () => {
  const a = obs('a', '20T13:00', 'out_for_delivery');
  const b = obs('b', '20T13:00', 'delivered');
  assert.equal(applyInArrivalOrder([a, b]).state, 'delivered');
  assert.equal(applyInArrivalOrder([b, a]).state, 'delivered');
});

const observationArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  minute: fc.integer({ min: 0, max: 5_000 }),
  state: fc.constantFrom(...SHIPMENT_STATES),
  reason: fc.constantFrom(null, 'address_issue' as const, 'carrier_delay' as const, 'lost' as const),
  eta: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
  city: fc.option(fc.constantFrom('Austin', 'Lyon', 'Hamburg'), { nil: null }),
});

test('property: any arrival order of the same events ends in the same truth', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(observationArb, { minLength: 1, maxLength: 25, selector: (o) => o.id }).chain((list) =>
        fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
      ),
      ([inOrder, shuffled]) => {
        const toObservation = (o: (typeof inOrder)[number]): ShipmentObservation => ({
          eventKey: `api:${o.id}`,
          occurredAt: new Date(Date.UTC(2026, 10, 1) + o.minute * 60_000).toISOString(),
          state: o.state,
          reason: o.reason,
          estimatedDeliveryAt: o.eta === null ? null : new Date(Date.UTC(2026, 10, 10 + o.eta)).toISOString(),
          location: o.city === null ? null : { city: o.city },
        });
        const expected = foldShipment(inOrder.map(toObservation));
        assert.deepEqual(applyInArrivalOrder(shuffled.map(toObservation)), expected);
        assert.deepEqual(applyInArrivalOrder([...shuffled].reverse().map(toObservation)), expected);
      },
    ),
    { numRuns: 500 },
  );
});

test('a delivery attempt reported twice (checkpoint and current status) counts once; a second attempt after going out again counts', () => {
  const at = (iso: string, state: ShipmentState, key: string) => ({ eventKey: key, occurredAt: iso, state, reason: null, estimatedDeliveryAt: null, location: null });
  let truth = EMPTY_TRUTH;
  for (const o of [at('2026-12-01T09:00:00Z', 'out_for_delivery', 'a'), at('2026-12-01T15:00:00Z', 'delivery_attempted', 'b'), at('2026-12-01T15:00:00Z', 'delivery_attempted', 'c')]) truth = foldObservation(truth, o).truth;
  assert.equal(truth.attemptCount, 1);
  for (const o of [at('2026-12-02T09:00:00Z', 'out_for_delivery', 'd'), at('2026-12-02T15:00:00Z', 'delivery_attempted', 'e')]) truth = foldObservation(truth, o).truth;
  assert.equal(truth.attemptCount, 2);
});
