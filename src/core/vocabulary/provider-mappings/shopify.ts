// Shopify fulfillment event statuses mapped onto Herald's vocabulary. One table serves three
// fields that share the same values: GraphQL `FulfillmentEventStatus` (upper case), the REST
// fulfillment event `status` and the REST fulfillment `shipment_status` (both lower case, e.g.
// `in_transit`, `label_printed`, `attempted_delivery`); lookups ignore case.
// Source: shopify.dev Admin GraphQL and Customer API enum FulfillmentEventStatus (2024-01 to
// 2026-10 and unstable), the REST FulfillmentEvent resource and the fulfillment_events/create
// webhook sample. Shopify has no sub-status.

import type { ShipmentReason } from '../shipment-reasons.ts';
import type { ShipmentState } from '../shipment-states.ts';

export const SHOPIFY_TABLE = {
  parents: {
    // "The fulfillment is confirmed. This is the default value when no other information is
    // available": the merchant has shipped on paper, the carrier has not scanned anything.
    CONFIRMED: { state: 'label_created' },
    LABEL_PURCHASED: { state: 'label_created' },
    LABEL_PRINTED: { state: 'label_created' },
    CARRIER_PICKED_UP: { state: 'in_transit' },
    IN_TRANSIT: { state: 'in_transit' },
    OUT_FOR_DELIVERY: { state: 'out_for_delivery' },
    READY_FOR_PICKUP: { state: 'available_for_pickup' },
    ATTEMPTED_DELIVERY: { state: 'delivery_attempted' },
    DELIVERED: { state: 'delivered' },
    PICKED_UP: { state: 'delivered' }, // collected by the buyer (local pickup)
    // Correction: the proposal gave DELAYED a state only (reason fell to `other`); the status
    // itself says the parcel is late, which is a carrier delay.
    DELAYED: { state: 'exception', reason: 'carrier_delay' },
    FAILURE: { state: 'exception' },
    // Only in the Customer API `unstable` enum so far; listed so they are not counted as new.
    BUYER_ACTION_REQUIRED: { state: 'exception' },
    READY_FOR_RECIPIENT_PICKUP: { state: 'available_for_pickup' },
    RETURNING_TO_SENDER: { state: 'returning_to_sender' },
  },
  subs: {},
} as const satisfies {
  parents: Record<string, { state: ShipmentState; reason?: ShipmentReason }>;
  subs: Record<string, { state?: ShipmentState; reason?: ShipmentReason }>;
};
