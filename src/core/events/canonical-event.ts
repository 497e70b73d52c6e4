// The canonical event contract (DESIGN.md §4): what every source adapter produces and what the
// event log stores. Field names are the wire names (snake_case) because the event is persisted
// and served exactly as this shape.

import type { ShipmentReason } from '../vocabulary/shipment-reasons.ts';
import type { ShipmentState } from '../vocabulary/shipment-states.ts';
import type { EventType } from './event-types.ts';

export interface ProviderStatusCodes {
  /** The provider, e.g. `aftership`; tells which mapping table the codes belong to. */
  provider: string;
  parent: string;
  sub: string | null;
}

export interface EventLocation {
  city?: string | undefined;
  region?: string | undefined;
  postal_code?: string | undefined;
  country?: string | undefined;
  description?: string | undefined;
}

export interface EventShipment {
  carrier: string | null;
  tracking_number: string;
  state: ShipmentState;
  previous_state: ShipmentState | null;
  reason: ShipmentReason | null;
  provider_status: ProviderStatusCodes | null;
  estimated_delivery_at: string | null;
  location: EventLocation | null;
  message: string | null;
  /** Set by ingest when the carrier was detected from the tracking number, not given. */
  carrier_detection?: { candidates: string[]; ambiguous: boolean } | undefined;
}

export interface OrderAddress {
  name?: string | undefined;
  city?: string | undefined;
  region?: string | undefined;
  postal_code?: string | undefined;
  country?: string | undefined;
}

export interface OrderCustomer {
  email?: string | undefined;
  phone?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  locale?: string | undefined;
  accepts_email_marketing?: boolean | undefined;
  accepts_sms?: boolean | undefined;
}

export interface OrderLineItem {
  sku?: string | undefined;
  title: string;
  quantity: number;
  price?: string | undefined;
}

/** Order facts an order event may carry; absent fields leave the stored order unchanged. */
export interface EventOrder {
  number?: string | undefined;
  total?: string | undefined;
  currency?: string | undefined;
  tags?: string[] | undefined;
  channel?: string | undefined;
  shipping_method?: string | undefined;
  payment_method?: string | undefined;
  financial_status?: string | undefined;
  /** 'unfulfilled' | 'partial' | 'fulfilled': tells a split order from a complete one. */
  fulfillment_status?: string | undefined;
  destination?: OrderAddress | undefined;
  customer?: OrderCustomer | undefined;
  line_items?: OrderLineItem[] | undefined;
}

export interface CanonicalEvent {
  id: string;
  type: EventType;
  store_id: string;
  source: string;
  occurred_at: string;
  received_at: string;
  order_ref: string | null;
  customer_ref: string | null;
  shipment: EventShipment | null;
  order: EventOrder | null;
  promise_date: string | null;
  raw_ref: string | null;
  /** Source-specific facts that have no canonical field yet; kept, never interpreted by core. */
  attributes: Record<string, unknown> | null;
}
