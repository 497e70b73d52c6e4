// An order's timeline in words: every event in `occurred_at` order with what it did to its
// parcel (changed the state, confirmed it, or was kept without effect after a terminal state)
// and whether it arrived after newer news.

import type { CanonicalEvent } from '../events/canonical-event.ts';
import { REASON_WORDS } from '../vocabulary/shipment-reasons.ts';
import { STATE_WORDS } from '../vocabulary/shipment-states.ts';
import { EMPTY_TRUTH, foldObservation, observationKey, type ShipmentTruth } from './shipment-truth.ts';

export type TimelineEffect = 'changed_state' | 'no_change' | 'held_by_terminal' | 'order_event' | 'signal';

export interface TimelineEntry {
  seq: number;
  event: CanonicalEvent;
  effect: TimelineEffect;
  /** Arrived after an event that happened later (kept, and ordered by when it happened). */
  arrivedLate: boolean;
  words: string;
}

export function describeTimeline(events: readonly { seq: number; event: CanonicalEvent }[]): TimelineEntry[] {
  const sorted = [...events].sort((a, b) => sortKey(a) .localeCompare(sortKey(b)) || a.seq - b.seq);
  const truths = new Map<string, ShipmentTruth>();
  const lateSeqs = findLateArrivals(events);
  return sorted.map(({ seq, event }) => {
    const shipment = event.shipment;
    if (!shipment) {
      return { seq, event, effect: event.source === 'herald' ? 'signal' : 'order_event', arrivedLate: lateSeqs.has(seq), words: wordsFor(event) };
    }
    const truth = truths.get(shipment.tracking_number) ?? EMPTY_TRUTH;
    const step = foldObservation(truth, {
      eventKey: `${event.source}:${event.id}`,
      occurredAt: event.occurred_at,
      state: shipment.state,
      reason: shipment.reason,
      estimatedDeliveryAt: shipment.estimated_delivery_at,
      location: shipment.location,
    });
    truths.set(shipment.tracking_number, step.truth);
    const effect: TimelineEffect = step.heldByTerminal ? 'held_by_terminal' : step.changed ? 'changed_state' : 'no_change';
    return { seq, event, effect, arrivedLate: lateSeqs.has(seq), words: wordsFor(event) };
  });
}

function sortKey(entry: { event: CanonicalEvent }): string {
  const { event } = entry;
  if (!event.shipment) return `${event.occurred_at}|00|${event.source}:${event.id}`;
  return observationKey({
    eventKey: `${event.source}:${event.id}`,
    occurredAt: event.occurred_at,
    state: event.shipment.state,
    reason: event.shipment.reason,
    estimatedDeliveryAt: null,
    location: null,
  });
}

/** Seqs of events accepted after an event that happened later (by log position). */
function findLateArrivals(events: readonly { seq: number; event: CanonicalEvent }[]): Set<number> {
  const byArrival = [...events].sort((a, b) => a.seq - b.seq);
  const late = new Set<number>();
  let newest = '';
  for (const { seq, event } of byArrival) {
    if (event.occurred_at < newest) late.add(seq);
    else newest = event.occurred_at;
  }
  return late;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  'order.placed': 'Order placed',
  'order.paid': 'Payment received',
  'order.updated': 'Order updated',
  'order.fulfilled': 'Order fulfilled',
  'order.cancelled': 'Order cancelled',
  'order.refunded': 'Order refunded',
  'shipment.stalled': 'No carrier scan for too long: the parcel looks stalled',
  'ticket.created': 'Customer contacted support',
  'order.late': 'The promised delivery date has passed (or the carrier\'s estimate moved past it)',
  'order.fulfillment_stalled': 'Paid, but not shipped yet after the expected time',
  'message.delivered': 'A message reached the customer (provider receipt)',
  'message.opened': 'The customer opened a message',
  'message.clicked': 'The customer clicked a link in a message',
  'message.bounced': 'A message could not be delivered',
  'recipient.opted_out': 'The customer opted out of messages',
  'recipient.opted_in': 'The customer agreed to messages',
  'source.unhealthy': 'A source stopped sending or kept failing',
  'customer.address_corrected': 'The customer corrected the delivery address on the tracking page',
  'customer.delivery_instructions': 'The customer left delivery instructions on the tracking page',
  'customer.problem_reported': 'The customer reported a problem on the tracking page',
  'customer.refund_requested': 'The customer asked for a refund on the tracking page',
  'customer.reship_requested': 'The customer asked for the order to be sent again on the tracking page',
};

function wordsFor(event: CanonicalEvent): string {
  const shipment = event.shipment;
  if (!shipment) return TYPE_WORDS[event.type] ?? event.type;
  const state = STATE_WORDS[shipment.state];
  return shipment.reason ? `${state}: ${REASON_WORDS[shipment.reason]}` : state;
}
