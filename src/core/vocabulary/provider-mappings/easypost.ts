// EasyPost Tracker `status` (parent) and `status_detail` (sub) codes mapped onto Herald's vocabulary.
// Source: EasyPost Tracker docs and the client library's own unions
// (EasyPost/easypost-node types/Tracker/TrackerStatus.d.ts and TrackerStatusDetail.d.ts).
// `status_detail` is not scoped to one status, so a detail only overrides what it really says.

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const EASYPOST_TABLE = {
  parents: {
    unknown: { state: 'pending' }, // tracker registered, the carrier has reported nothing yet
    pre_transit: { state: 'label_created' },
    in_transit: { state: 'in_transit' },
    out_for_delivery: { state: 'out_for_delivery' },
    delivered: { state: 'delivered' },
    available_for_pickup: { state: 'available_for_pickup' },
    return_to_sender: { state: 'returning_to_sender' },
    failure: { state: 'exception' },
    cancelled: { state: 'cancelled' },
    error: { state: 'unknown' }, // EasyPost could not track the code: no shipment fact to state
  },
  subs: {
    // Scan milestones: informative only, the parent status already says where the parcel is.
    arrived_at_destination: {},
    arrived_at_facility: {},
    departed_facility: {},
    departed_origin_facility: {},
    in_transit: {},
    label_created: {},
    out_for_delivery: {},
    received_at_destination_facility: {},
    received_at_origin_facility: {},
    status_update: {},
    transferred_to_destination_carrier: {},
    unknown: {},
    arrived_at_pickup_location: { state: 'available_for_pickup' },
    return: { state: 'returning_to_sender' },
    expired: { state: 'expired' },
    cancelled: { state: 'cancelled' },
    address_correction: { reason: 'address_issue' },
    awaiting_information: { reason: 'information_required' },
    damaged: { reason: 'damaged' },
    delayed: { reason: 'carrier_delay' },
    delivery_exception: { reason: 'other' },
    failure: { reason: 'undeliverable' },
    held: { reason: 'held_at_facility' },
    lost: { reason: 'lost' },
    missorted: { reason: 'carrier_delay' },
    refused: { reason: 'refused' },
    transit_exception: { reason: 'carrier_delay' },
    weather_delay: { reason: 'weather_delay' },
  },
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
