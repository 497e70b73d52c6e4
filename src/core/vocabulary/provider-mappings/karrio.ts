// Karrio tracker `status` (parent) and tracking event `reason` (sub) mapped onto Herald's
// vocabulary. Source: karrio core units (`TrackerStatus`, `TrackingIncidentReason`) as described
// in the karrio tracking-events PRD and used by its connectors (ups, hermes, dpd, dhl_parcel_de).
// Karrio's reason is already normalised across carriers and grouped by who caused the incident
// (carrier_*, retailer_*, consignee_*, customs_*), which maps almost one to one onto our actors.

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const KARRIO_TABLE = {
  parents: {
    // Karrio reports `pending` once a label exists but the carrier has not scanned it yet.
    pending: { state: 'label_created' },
    picked_up: { state: 'in_transit' },
    in_transit: { state: 'in_transit' },
    out_for_delivery: { state: 'out_for_delivery' },
    ready_for_pickup: { state: 'available_for_pickup' },
    delivery_failed: { state: 'delivery_attempted' },
    // Correction: the proposal gave these two a state only, so without an event reason they
    // fell to `other`. The status itself names the cause, and a more precise event reason
    // still overrides it.
    delivery_delayed: { state: 'exception', reason: 'carrier_delay' },
    on_hold: { state: 'exception', reason: 'held_at_facility' },
    return_to_sender: { state: 'returning_to_sender' },
    delivered: { state: 'delivered' },
    cancelled: { state: 'cancelled' },
    unknown: { state: 'unknown' },
  },
  subs: {
    carrier_damaged_parcel: { reason: 'damaged' },
    carrier_sorting_error: { reason: 'carrier_delay' },
    carrier_address_not_found: { reason: 'address_issue' },
    carrier_parcel_lost: { reason: 'lost' },
    carrier_not_enough_time: { reason: 'carrier_delay' },
    carrier_vehicle_issue: { reason: 'carrier_delay' },
    carrier_capacity_exceeded: { reason: 'carrier_delay' },
    carrier_mechanical_delay: { reason: 'carrier_delay' },
    // Correction: the proposal had `undeliverable`, whose actor is the carrier. The retailer
    // cancelled the delivery, so the shipment is cancelled; no carrier problem to chase.
    retailer_cancelled: { state: 'cancelled' },
    retailer_incorrect_data: { reason: 'information_required' },
    retailer_not_ready: { reason: 'information_required' }, // parcel not ready at pickup
    retailer_incorrect_parcel: { reason: 'rejected_by_carrier' },
    retailer_incorrect_dimensions: { reason: 'rejected_by_carrier' },
    retailer_packaging_issue: { reason: 'rejected_by_carrier' },
    consignee_refused: { reason: 'refused' },
    consignee_business_closed: { reason: 'recipient_unavailable' },
    consignee_not_available: { reason: 'recipient_unavailable' },
    consignee_not_home: { reason: 'recipient_unavailable' },
    consignee_cancelled: { reason: 'refused' },
    // ID, PIN or age check failed at the door: the recipient could not take the parcel.
    consignee_verification_failed: { reason: 'recipient_unavailable' },
    consignee_incorrect_address: { reason: 'address_issue' },
    consignee_access_restricted: { reason: 'access_restricted' },
    consignee_safe_place_unavailable: { reason: 'access_restricted' },
    customs_delay: { reason: 'customs_delay' },
    customs_documentation: { reason: 'customs_documentation' },
    customs_duties_unpaid: { reason: 'payment_required' },
    customs_prohibited: { reason: 'rejected_by_carrier' },
    customs_inspection: { reason: 'customs_delay' },
    weather_delay: { reason: 'weather_delay' },
    natural_disaster: { reason: 'weather_delay' },
    force_majeure: { reason: 'weather_delay' },
    parcel_being_researched: { reason: 'held_at_facility' },
    security_issue: { reason: 'security_hold' },
    regulatory_hold: { reason: 'security_hold' },
    // Correction: the proposal mapped `unknown` to reason `other`, which would put a reason on
    // ordinary in-transit or delivered events. It now adds nothing; an exception without a
    // reason still ends up as `other`.
    unknown: {},
  },
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
