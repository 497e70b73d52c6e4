// Progress milestones in the order a parcel reaches them. A later milestone supersedes pending
// messages of earlier ones (delivered cancels a pending "out for delivery"), and a message whose
// milestone the parcel has already passed is skipped at send time.

import type { ShipmentState } from '../vocabulary/shipment-states.ts';

export const MILESTONE_RANK: Readonly<Record<string, number>> = {
  order_confirmed: 0,
  payment_processed: 1,
  in_preparation: 2,
  being_prepared: 2,
  shipped: 3,
  in_transit_midpoint: 4,
  out_for_delivery: 5,
  delivered: 6,
  follow_up: 7,
};

/**
 * Milestones about the order as a whole: one message per order even when a parcel's state
 * triggered it (a split order gets one review request, not one per parcel).
 */
const ORDER_MILESTONES: ReadonlySet<string> = new Set(['order_confirmed', 'payment_processed', 'being_prepared', 'follow_up']);

export function isOrderMilestone(milestone: string): boolean {
  return ORDER_MILESTONES.has(milestone);
}

/** How far a parcel in `state` has come, on the milestone scale; null for states off the happy path. */
const PROGRESS: Readonly<Partial<Record<ShipmentState, number>>> = { label_created: 2, in_transit: 3, out_for_delivery: 5, delivered: 6 };

export function progressRank(state: ShipmentState): number | null {
  return PROGRESS[state] ?? null;
}

/** True when a message for `milestone` is stale because the parcel is already further along. */
export function isPassedMilestone(milestone: string, state: ShipmentState): boolean {
  const rank = MILESTONE_RANK[milestone];
  const progress = progressRank(state);
  if (rank === undefined || progress === null || rank >= 6) return false;
  // Midpoint (4) is passed by out for delivery (5); shipped (3) only by out for delivery or later.
  return progress > rank && !(rank === 3 && progress === 3);
}

/** True when a new message for `later` makes a pending one for `earlier` pointless. */
export function supersedes(later: string, earlier: string): boolean {
  const a = MILESTONE_RANK[later];
  const b = MILESTONE_RANK[earlier];
  return a !== undefined && b !== undefined && b < a && a <= 6;
}
