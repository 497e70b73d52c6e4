// AfterShip tracking `tag` (parent) and `subtag` (sub) codes mapped onto Herald's vocabulary.
// Source: AfterShip "Delivery Statuses" and "Delivery Sub-statuses" enums (docs 2025-04, 2026-07)
// and the help-centre note on the sub-statuses added on 2026-03-27 (Exception_016..021).
// Every known subtag is listed, also the ones that only repeat their parent (`{}`), so that a
// subtag missing here really is new and shows up in source health as unmapped.

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const AFTERSHIP_TABLE = {
  parents: {
    Pending: { state: 'pending' },
    InfoReceived: { state: 'label_created' },
    InTransit: { state: 'in_transit' },
    OutForDelivery: { state: 'out_for_delivery' },
    AttemptFail: { state: 'delivery_attempted' },
    Delivered: { state: 'delivered' },
    AvailableForPickup: { state: 'available_for_pickup' },
    Exception: { state: 'exception' },
    Expired: { state: 'expired' },
  },
  subs: {
    // Pending: no carrier data yet.
    Pending_001: {},
    Pending_002: {}, // carrier account not connected: still nothing to track
    // Listed as "Label created" by AfterShip: the carrier has the label data, not the parcel.
    Pending_003: { state: 'label_created' },
    Pending_004: {},
    Pending_005: {}, // "No recent updates"
    Pending_006: {},
    InfoReceived_001: {},
    InTransit_001: {}, // on the way
    InTransit_002: {}, // acceptance scan
    InTransit_003: {}, // arrival scan at a hub
    InTransit_004: {}, // arrived in the destination country
    InTransit_005: {}, // customs clearance completed
    InTransit_006: {}, // customs clearance started: normal processing, not a delay
    InTransit_007: {}, // departure scan
    InTransit_008: {}, // problem resolved, moving again
    InTransit_009: {}, // forwarded to a different address
    OutForDelivery_001: {},
    // Legacy subtag: "arrived at sorting center and is available for pickup".
    OutForDelivery_002: { state: 'available_for_pickup' },
    OutForDelivery_003: {}, // customer contacted before delivery
    OutForDelivery_004: {}, // delivery appointment scheduled
    // Correction: the proposal gave AttemptFail_001 reason `other`. A generic failed attempt
    // names no cause; a reason outside `exception` is only set when the provider states one.
    AttemptFail_001: {},
    AttemptFail_002: { reason: 'recipient_unavailable' }, // addressee not available
    AttemptFail_003: { reason: 'recipient_unavailable' }, // business closed
    Delivered_001: {},
    Delivered_002: {}, // picked up by the customer
    Delivered_003: {}, // signed by the customer
    Delivered_004: {}, // delivered, cash on delivery collected
    Delivered_005: {}, // delivered to a neighbour
    AvailableForPickup_001: {},
    Exception_001: { reason: 'other' },
    Exception_002: { reason: 'address_issue' }, // customer moved
    Exception_003: { reason: 'refused' },
    Exception_004: { reason: 'customs_delay' },
    Exception_005: { reason: 'carrier_delay' }, // "external factors", no cause named
    Exception_006: { reason: 'payment_required' },
    Exception_007: { reason: 'address_issue' },
    Exception_008: { reason: 'unclaimed' }, // pick-up missed
    Exception_009: { reason: 'rejected_by_carrier' },
    Exception_010: { state: 'returning_to_sender' },
    Exception_011: { state: 'returned_to_sender' },
    Exception_012: { reason: 'damaged' },
    Exception_013: { reason: 'lost' },
    // Exception_014/015 exist but no AfterShip page we could read defines them; they stay a
    // plain exception (reason `other`) instead of a guessed cause.
    Exception_014: {},
    Exception_015: {},
    Exception_016: { reason: 'carrier_delay' }, // processing issue: vehicle, missort, misroute
    Exception_017: { reason: 'weather_delay' },
    Exception_018: { reason: 'customs_documentation' }, // incorrect or missing documents
    Exception_019: { reason: 'carrier_delay' }, // late flight
    Exception_020: { state: 'cancelled' },
    Exception_021: { reason: 'disposed' },
    Expired_001: {},
  },
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
