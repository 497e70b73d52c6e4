// 17TRACK `track_info.latest_status.status` (parent) and `sub_status` (sub) mapped onto Herald's
// vocabulary. Source: 17TRACK API v2.2/v2.4 docs and the help-centre article "Understanding
// Tracking Status" (9 main statuses, 30 sub-statuses). The v1 API sent a numeric package state
// (`e`: 0, 10, 20, 30, 35, 40, 50); those codes share the parent table because they answer the
// same question and never collide with the v2 names.

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const SEVENTEEN_TRACK_TABLE = {
  parents: {
    NotFound: { state: 'pending' },
    InfoReceived: { state: 'label_created' },
    InTransit: { state: 'in_transit' },
    Expired: { state: 'expired' },
    AvailableForPickup: { state: 'available_for_pickup' },
    OutForDelivery: { state: 'out_for_delivery' },
    DeliveryFailure: { state: 'delivery_attempted' },
    Delivered: { state: 'delivered' },
    Exception: { state: 'exception' },
    // v1 numeric states: Not Found, In Transit, Expired, Pick Up ("arrived, waiting to be
    // collected"), Undelivered, Delivered, Alert.
    '0': { state: 'pending' },
    '10': { state: 'in_transit' },
    '20': { state: 'expired' },
    '30': { state: 'available_for_pickup' },
    '35': { state: 'delivery_attempted' },
    '40': { state: 'delivered' },
    '50': { state: 'exception' },
  },
  subs: {
    NotFound_Other: {},
    // The number is invalid: there is no shipment to put in a lifecycle state, only a reason
    // the merchant must act on.
    NotFound_InvalidCode: { state: 'unknown', reason: 'invalid_tracking_number' },
    InfoReceived: {},
    InTransit_PickedUp: {},
    InTransit_Other: {},
    InTransit_Departure: {},
    InTransit_Arrival: {},
    InTransit_CustomsProcessing: {}, // normal clearance, not yet a delay
    InTransit_CustomsReleased: {},
    // "Related information is required for clearance": stuck until someone supplies documents.
    InTransit_CustomsRequiringInformation: { state: 'exception', reason: 'customs_documentation' },
    Expired_Other: {},
    AvailableForPickup_Other: {},
    OutForDelivery_Other: {},
    DeliveryFailure_Other: {},
    DeliveryFailure_NoBody: { reason: 'recipient_unavailable' },
    // 17TRACK groups "security, customs clearance, or fee issues" here; the hold is the carrier's.
    DeliveryFailure_Security: { reason: 'security_hold' },
    DeliveryFailure_Rejected: { reason: 'refused' },
    DeliveryFailure_InvalidAddress: { reason: 'address_issue' },
    Delivered_Other: {},
    Exception_Other: { reason: 'other' },
    Exception_Returning: { state: 'returning_to_sender' },
    Exception_Returned: { state: 'returned_to_sender' },
    // Correction: the proposal had `recipient_unavailable`. 17TRACK defines Exception_NoBody as
    // "abnormal recipient information discovered before delivery": nobody was absent at a door,
    // the recipient details are wrong. (DeliveryFailure_NoBody is the absent-at-the-door case.)
    Exception_NoBody: { reason: 'address_issue' },
    Exception_Security: { reason: 'security_hold' },
    Exception_Damage: { reason: 'damaged' },
    Exception_Rejected: { reason: 'refused' },
    Exception_Delayed: { reason: 'carrier_delay' },
    Exception_Lost: { reason: 'lost' },
    Exception_Destroyed: { reason: 'disposed' },
    Exception_Cancel: { state: 'cancelled' },
  },
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
