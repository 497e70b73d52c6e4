// The 13 shipment states (DESIGN.md §5): one vocabulary for every carrier and provider.

export const SHIPMENT_STATES = [
  'pending',
  'label_created',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivery_attempted',
  'exception',
  'returning_to_sender',
  'returned_to_sender',
  'delivered',
  'cancelled',
  'expired',
  'unknown',
] as const;

export type ShipmentState = (typeof SHIPMENT_STATES)[number];

/** States a shipment only leaves through an explicit correction (see `isAllowedCorrection`). */
export const TERMINAL_STATES: ReadonlySet<ShipmentState> = new Set<ShipmentState>([
  'delivered',
  'returned_to_sender',
  'cancelled',
]);

export function isShipmentState(value: unknown): value is ShipmentState {
  return typeof value === 'string' && (SHIPMENT_STATES as readonly string[]).includes(value);
}

export function isTerminalState(state: ShipmentState): boolean {
  return TERMINAL_STATES.has(state);
}

/** Plain words for customers, agents and operators. */
export const STATE_WORDS: Readonly<Record<ShipmentState, string>> = {
  pending: 'Waiting for the carrier to share tracking information',
  label_created: 'Label created; the carrier has not picked up the parcel yet',
  in_transit: 'On its way',
  out_for_delivery: 'Out for delivery today',
  available_for_pickup: 'Ready to collect at the pickup point',
  delivery_attempted: 'The carrier tried to deliver but could not',
  exception: 'Delayed or held: needs attention',
  returning_to_sender: 'On its way back to the sender',
  returned_to_sender: 'Returned to the sender',
  delivered: 'Delivered',
  cancelled: 'Shipment cancelled',
  expired: 'The carrier stopped updating the tracking',
  unknown: 'Status not recognised; the raw carrier status is kept',
};

/**
 * Rank in the normal lifecycle. Used only to break ties between events that carry the same
 * `occurred_at`, so that a fold over the same events always ends in the same state.
 */
export const STATE_RANK: Readonly<Record<ShipmentState, number>> = {
  unknown: 0,
  pending: 1,
  label_created: 2,
  expired: 3,
  in_transit: 4,
  exception: 5,
  delivery_attempted: 6,
  out_for_delivery: 7,
  available_for_pickup: 8,
  returning_to_sender: 9,
  cancelled: 10,
  returned_to_sender: 11,
  delivered: 12,
};
