// Fold new events of one parcel into its stored truth: in place when they are newer than
// everything folded so far, by replaying the parcel's whole history when one arrived late.

import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import {
  canFoldInPlace,
  EMPTY_TRUTH,
  foldObservation,
  foldShipment,
  observationKey,
  type ShipmentObservation,
} from '../core/shipment/shipment-truth.ts';

export interface ProjectShipmentInput {
  current: ShipmentRecord | null;
  /** New (non-duplicate) events about this parcel, already in the log. */
  events: readonly CanonicalEvent[];
  now: string;
  newId: () => string;
  /** Every logged event of the parcel, including `events`. */
  replayHistory: () => Promise<CanonicalEvent[]>;
}

export async function projectShipment(input: ProjectShipmentInput): Promise<ShipmentRecord> {
  const { current, events, now } = input;
  const first = events[0]!;
  const shipment = first.shipment!;
  const base: ShipmentRecord = current ?? {
    id: input.newId(),
    storeId: first.store_id,
    trackingNumber: shipment.tracking_number,
    carrier: null,
    carrierCandidates: [],
    carrierAmbiguous: false,
    orderRef: null,
    truth: EMPTY_TRUTH,
    createdAt: now,
    updatedAt: now,
  };
  const next: ShipmentRecord = { ...base, updatedAt: now };
  for (const event of events) adoptIdentity(next, event);

  const observations = events.map(observationFromEvent).sort((a, b) => (observationKey(a) < observationKey(b) ? -1 : 1));
  if (observations.every((observation) => canFoldInPlace(next.truth, observation))) {
    for (const observation of observations) next.truth = foldObservation(next.truth, observation).truth;
  } else {
    const history = await input.replayHistory();
    next.truth = foldShipment(history.filter((event) => event.shipment).map(observationFromEvent));
  }
  return next;
}

export function observationFromEvent(event: CanonicalEvent): ShipmentObservation {
  const shipment = event.shipment!;
  return {
    eventKey: `${event.source}:${event.id}`,
    occurredAt: event.occurred_at,
    state: shipment.state,
    reason: shipment.reason,
    estimatedDeliveryAt: shipment.estimated_delivery_at,
    location: shipment.location,
  };
}

/** A given carrier beats a detected one; the first order ref seen links the parcel. */
function adoptIdentity(record: ShipmentRecord, event: CanonicalEvent): void {
  const shipment = event.shipment!;
  const detected = shipment.carrier_detection;
  if (shipment.carrier && !detected) {
    record.carrier = shipment.carrier;
    record.carrierCandidates = [];
    record.carrierAmbiguous = false;
  } else if (detected && record.carrier === null) {
    record.carrier = shipment.carrier;
    record.carrierCandidates = detected.candidates;
    record.carrierAmbiguous = detected.ambiguous;
  }
  if (record.orderRef === null && event.order_ref !== null) record.orderRef = event.order_ref;
}
