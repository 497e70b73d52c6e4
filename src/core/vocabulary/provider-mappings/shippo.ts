// Shippo Track `tracking_status.status` (parent) and `substatus.code` (sub) mapped onto Herald's
// vocabulary. Source: Shippo tracking guide, "Event Definitions" table (status, substatus,
// action_required), and the SDK's TrackingStatusEnum. Statuses are upper case, sub-codes lower.
//
// TRANSIT covers attempts, holds and pickups, so those sub-codes set a state. Sub-codes that only
// restate their parent stay `{}`: a contradictory pair (the docs' webhook sample sends DELIVERED +
// information_received) then keeps the parent's state instead of moving a delivered parcel back
// to "label created".

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const SHIPPO_TABLE = {
  parents: {
    UNKNOWN: { state: 'pending' }, // "not found via the carrier's tracking system" (yet)
    PRE_TRANSIT: { state: 'label_created' },
    TRANSIT: { state: 'in_transit' },
    DELIVERED: { state: 'delivered' },
    RETURNED: { state: 'returning_to_sender' }, // "en route to be returned, or has been returned"
    FAILURE: { state: 'exception' },
  },
  subs: {
    // PRE_TRANSIT
    information_received: {},
    // TRANSIT
    address_issue: { state: 'exception', reason: 'address_issue' },
    contact_carrier: { state: 'exception', reason: 'contact_carrier' },
    delayed: { state: 'exception', reason: 'carrier_delay' },
    delivery_attempted: { state: 'delivery_attempted' },
    delivery_rescheduled: {},
    delivery_scheduled: {},
    location_inaccessible: { state: 'delivery_attempted', reason: 'access_restricted' },
    notice_left: { state: 'delivery_attempted', reason: 'recipient_unavailable' },
    out_for_delivery: { state: 'out_for_delivery' },
    package_accepted: {},
    package_arrived: {},
    package_damaged: { state: 'exception', reason: 'damaged' },
    package_departed: {},
    package_forwarded: {},
    package_held: { state: 'exception', reason: 'held_at_facility' },
    package_processed: {},
    package_processing: {},
    pickup_available: { state: 'available_for_pickup' },
    reschedule_delivery: { state: 'delivery_attempted', reason: 'contact_carrier' },
    // DELIVERED
    delivered: {},
    // RETURNED. Correction: the proposal also listed `returned_to_sender`, which Shippo does
    // not document (it is Lob's name for the same event); only `return_to_sender` is kept.
    return_to_sender: { state: 'returning_to_sender' },
    package_unclaimed: { state: 'returning_to_sender', reason: 'unclaimed' },
    // FAILURE
    package_undeliverable: { state: 'exception', reason: 'undeliverable' },
    package_disposed: { state: 'exception', reason: 'disposed' },
    package_lost: { state: 'exception', reason: 'lost' },
    // UNKNOWN
    other: {},
  },
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
