// One shipment truth: fold a parcel's observations, ordered by `occurred_at`, into its current
// state. The fold is a pure function of the *set* of observations, so any arrival order of the
// same events ends in the same truth (DESIGN.md §5 rule 2). Ingest applies in-order arrivals
// incrementally and replays the history when an event arrives late.

import type { EventLocation } from '../events/canonical-event.ts';
import type { ShipmentReason } from '../vocabulary/shipment-reasons.ts';
import { isTerminalState, STATE_RANK, type ShipmentState } from '../vocabulary/shipment-states.ts';

/** One event's view of a parcel, as stored in the event log. */
export interface ShipmentObservation {
  /** Unique per store: `<source>:<event id>`; breaks ties between equal timestamps. */
  eventKey: string;
  occurredAt: string;
  state: ShipmentState;
  reason: ShipmentReason | null;
  estimatedDeliveryAt: string | null;
  location: EventLocation | null;
}

export interface ShipmentTruth {
  state: ShipmentState;
  reason: ShipmentReason | null;
  /** When the current state began (the occurred_at of the observation that set it). */
  stateSince: string | null;
  /** The newest carrier scan (a physical event, not a label or a provider placeholder). */
  lastScanAt: string | null;
  lastLocation: EventLocation | null;
  estimatedDeliveryAt: string | null;
  /** Sort key of the newest observation folded in; an older arrival forces a replay. */
  foldedKey: string | null;
  observationCount: number;
  /** Delivery attempts: times the parcel entered `delivery_attempted`; absent on parcels folded before it was counted. */
  attemptCount?: number | undefined;
}

export const EMPTY_TRUTH: ShipmentTruth = Object.freeze({
  state: 'pending',
  reason: null,
  stateSince: null,
  lastScanAt: null,
  lastLocation: null,
  estimatedDeliveryAt: null,
  foldedKey: null,
  observationCount: 0,
});

/**
 * Real corrections out of a terminal state. A delivered parcel can be sent back; a cancelled
 * label that later gets physical scans was not really cancelled. Anything else after a terminal
 * state is kept in the timeline but does not change the state.
 */
const CORRECTIONS: Readonly<Partial<Record<ShipmentState, ReadonlySet<ShipmentState>>>> = {
  delivered: new Set<ShipmentState>(['returning_to_sender', 'returned_to_sender']),
  cancelled: new Set<ShipmentState>(['in_transit', 'out_for_delivery', 'available_for_pickup', 'delivery_attempted', 'delivered']),
  returned_to_sender: new Set<ShipmentState>(),
};

const NOT_A_SCAN: ReadonlySet<ShipmentState> = new Set<ShipmentState>(['pending', 'label_created', 'unknown', 'expired', 'cancelled']);

export function isAllowedTransition(from: ShipmentState, to: ShipmentState): boolean {
  if (!isTerminalState(from)) return true;
  return CORRECTIONS[from]?.has(to) ?? false;
}

/** Total order over observations: time, then lifecycle rank, then event key. */
export function observationKey(observation: ShipmentObservation): string {
  const rank = String(STATE_RANK[observation.state]).padStart(2, '0');
  return `${observation.occurredAt}|${rank}|${observation.eventKey}`;
}

export interface FoldStep {
  truth: ShipmentTruth;
  /** The observation changed state or reason. */
  changed: boolean;
  /** The observation was newer but could not move a terminal state. */
  heldByTerminal: boolean;
}

/** Fold one observation that is newer than everything folded so far. */
export function foldObservation(truth: ShipmentTruth, observation: ShipmentObservation): FoldStep {
  const key = observationKey(observation);
  const next: ShipmentTruth = {
    ...truth,
    foldedKey: key,
    observationCount: truth.observationCount + 1,
    estimatedDeliveryAt: observation.estimatedDeliveryAt ?? truth.estimatedDeliveryAt,
    lastLocation: observation.location ?? truth.lastLocation,
    lastScanAt: NOT_A_SCAN.has(observation.state) ? truth.lastScanAt : observation.occurredAt,
  };
  if (!isAllowedTransition(truth.state, observation.state)) {
    return { truth: next, changed: false, heldByTerminal: truth.state !== observation.state };
  }
  const changed = truth.state !== observation.state || truth.reason !== reasonFor(observation);
  if (changed) {
    // An attempt counts when the parcel enters the state: a provider that repeats the same attempt
    // (a checkpoint and the current status) does not make it two.
    if (observation.state === 'delivery_attempted' && truth.state !== 'delivery_attempted') next.attemptCount = (truth.attemptCount ?? 0) + 1;
    next.state = observation.state;
    next.reason = reasonFor(observation);
    next.stateSince = observation.occurredAt;
  }
  return { truth: next, changed, heldByTerminal: false };
}

/** The truth of a whole history, whatever order it arrived in. */
export function foldShipment(observations: readonly ShipmentObservation[]): ShipmentTruth {
  const sorted = [...observations].sort((a, b) => compareKeys(observationKey(a), observationKey(b)));
  let truth = EMPTY_TRUTH;
  for (const observation of sorted) truth = foldObservation(truth, observation).truth;
  return truth;
}

/** True when the observation sorts after everything already folded, so it can be applied alone. */
export function canFoldInPlace(truth: ShipmentTruth, observation: ShipmentObservation): boolean {
  return truth.foldedKey === null || compareKeys(observationKey(observation), truth.foldedKey) > 0;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reasonFor(observation: ShipmentObservation): ShipmentReason | null {
  if (observation.reason) return observation.reason;
  return observation.state === 'exception' ? 'other' : null;
}
