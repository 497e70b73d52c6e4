// What an accepted event means for workflows: the event itself, a parcel entering a state or a
// reason, and the signals derived from it (EDD changed, late against the promise, all parcels
// delivered). Each fact carries a key naming the occurrence, so a run starts once per occurrence.

import type { CanonicalEvent } from '../events/canonical-event.ts';
import type { ShipmentTruth } from '../shipment/shipment-truth.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import type { Signal } from './workflow-schema.ts';

export interface TriggerFact {
  kind: 'event' | 'state' | 'reason' | 'signal';
  /** The event type, state, reason or signal name. */
  value: string;
  orderRef: string;
  trackingNumber: string | null;
  /** Names this occurrence (`in_transit:1Z...`): the same fact again is the same trigger. */
  key: string;
  occurredAt: string;
  /** For `stalled`: the scan time the signal is about; a newer scan makes its messages stale. */
  anchor?: string | undefined;
}

const SIGNAL_EVENTS: Readonly<Record<string, Signal>> = {
  'shipment.stalled': 'stalled',
  'order.late': 'late',
  'order.fulfillment_stalled': 'fulfillment_stalled',
};

export interface ParcelChange {
  trackingNumber: string;
  before: ShipmentTruth | null;
  after: ShipmentTruth;
}

/** Facts of one accepted event; `change` is its parcel's truth before and after, when it has one. */
export function deriveTriggerFacts(event: CanonicalEvent, change: ParcelChange | null, promiseDate: string | null): TriggerFact[] {
  const orderRef = event.order_ref;
  if (orderRef === null) return [];
  const trackingNumber = change?.trackingNumber ?? (typeof event.attributes?.['tracking_number'] === 'string' ? event.attributes['tracking_number'] : null);
  const base = { orderRef, trackingNumber, occurredAt: event.occurred_at };
  const facts: TriggerFact[] = [{ ...base, kind: 'event', value: event.type, key: `${event.source}:${event.id}` }];
  const signal = SIGNAL_EVENTS[event.type];
  if (signal) {
    const anchor = event.attributes?.['last_scan_at'];
    facts.push({ ...base, kind: 'signal', value: signal, key: event.id, anchor: typeof anchor === 'string' ? anchor : undefined });
  }
  if (change) {
    const { before, after } = change;
    if (after.state !== before?.state) facts.push({ ...base, kind: 'state', value: after.state, key: `${after.state}:${change.trackingNumber}` });
    if (after.reason !== null && after.reason !== before?.reason) facts.push({ ...base, kind: 'reason', value: after.reason, key: `${after.reason}:${change.trackingNumber}` });
    const eta = after.estimatedDeliveryAt;
    if (before?.estimatedDeliveryAt && eta && eta !== before.estimatedDeliveryAt) {
      facts.push({ ...base, kind: 'signal', value: 'edd_changed', key: `edd:${change.trackingNumber}:${eta}` });
      if (promiseDate !== null && eta.slice(0, 10) > promiseDate.slice(0, 10) && before.estimatedDeliveryAt.slice(0, 10) <= promiseDate.slice(0, 10)) {
        facts.push({ ...base, kind: 'signal', value: 'late', key: lateKey(orderRef, promiseDate) });
      }
    }
  }
  return facts;
}

/** One `late` signal per order and promise date, whether the timer or a moved ETA saw it first. */
export function lateKey(orderRef: string, promiseDate: string): string {
  return `late:${orderRef}:${promiseDate.slice(0, 10)}`;
}

/** The `all_shipments_delivered` fact, once per order. */
export function allDeliveredFact(orderRef: string, occurredAt: string): TriggerFact {
  return { kind: 'signal', value: 'all_shipments_delivered', orderRef, trackingNumber: null, key: `all_delivered:${orderRef}`, occurredAt };
}

export function matchesTrigger(workflow: CompiledWorkflow, fact: TriggerFact): boolean {
  const t = workflow.trigger;
  switch (fact.kind) {
    case 'event':
      return t.event !== undefined && includes(t.event, fact.value);
    case 'state':
      return t.state !== undefined && includes(t.state, fact.value);
    case 'reason':
      return t.reason !== undefined && includes(t.reason, fact.value);
    case 'signal':
      return t.signal === fact.value;
  }
}

function includes(expected: string | readonly string[], value: string): boolean {
  return typeof expected === 'string' ? expected === value : expected.includes(value);
}
