// Provider payloads for the demo week, shaped like the real webhooks Herald's adapters read
// (test/sources and their fixtures): Shopify orders and fulfillments, AfterShip tracking updates,
// EasyPost tracker events and Zendesk trigger bodies. Pure: data in, JSON text out.

import { CARRIER_NAMES, ORIGIN, SHOP_DOMAIN } from './demo-catalog.ts';
import type { DemoCarrier } from './demo-tracking-numbers.ts';

export interface DemoCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  locale: string;
  acceptsMarketing: boolean;
  acceptsSms: boolean;
  address: { city: string; region: string; zip: string; countryCode: string; countryName: string };
}

export interface DemoLine {
  id: number;
  sku: string;
  title: string;
  price: number;
  quantity: number;
}

export interface DemoOrderFacts {
  id: number;
  number: number;
  placedAtMs: number;
  customer: DemoCustomer;
  lines: readonly DemoLine[];
  shippingTitle: string;
  shippingPrice: number;
  tags: readonly string[];
  /** The delivery date promised at checkout (`YYYY-MM-DD`). */
  promiseDate: string;
  gateway: string;
}

/** One carrier scan, in the demo's own words; each provider turns it into its codes. */
export const SCAN_KINDS = ['label', 'picked_up', 'in_transit', 'departed', 'customs_started', 'customs_held', 'customs_cleared', 'out_for_delivery', 'attempt_failed', 'delivered', 'returning', 'lost'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

export interface DemoScan {
  kind: ScanKind;
  atMs: number;
  city: string;
  region: string;
  country: string;
  message: string;
}

export interface DemoParcel {
  carrier: DemoCarrier;
  trackingNumber: string;
  trackerId: string;
  fulfillmentId: number;
  shippedAtMs: number;
  /** The carrier's expected delivery day (`YYYY-MM-DD`). */
  estimatedDelivery: string;
}

export function totalOf(order: DemoOrderFacts): number {
  return order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0) + order.shippingPrice;
}

function money(value: number): string {
  return value.toFixed(2);
}

/** Shopify writes local times with an offset; the demo shop is on US Eastern time (UTC-05:00). */
export function shopifyTime(ms: number): string {
  return `${new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;
}

export type ShopifyOrderStage = { kind: 'placed' } | { kind: 'paid'; atMs: number } | { kind: 'cancelled'; atMs: number };

/** A Shopify REST order as `orders/create`, `orders/paid` and `orders/cancelled` send it. */
export function shopifyOrderBody(order: DemoOrderFacts, stage: ShopifyOrderStage): string {
  const c = order.customer;
  const updatedMs = stage.kind === 'placed' ? order.placedAtMs + 2_000 : stage.atMs;
  const financial = stage.kind === 'cancelled' ? 'voided' : stage.kind === 'paid' || order.gateway !== 'bank_transfer' ? 'paid' : 'pending';
  const address = {
    first_name: c.firstName,
    last_name: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    address1: '1 Demo Street',
    city: c.address.city,
    province_code: c.address.region,
    zip: c.address.zip,
    country: c.address.countryName,
    country_code: c.address.countryCode,
    phone: c.phone,
  };
  const subtotal = order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const body = {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: `#${order.number}`,
    number: order.number - 1000,
    order_number: order.number,
    email: c.email,
    contact_email: c.email,
    phone: c.phone,
    created_at: shopifyTime(order.placedAtMs),
    processed_at: shopifyTime(order.placedAtMs),
    updated_at: shopifyTime(updatedMs),
    cancelled_at: stage.kind === 'cancelled' ? shopifyTime(stage.atMs) : null,
    cancel_reason: stage.kind === 'cancelled' ? 'customer' : null,
    currency: 'USD',
    financial_status: financial,
    fulfillment_status: null,
    subtotal_price: money(subtotal),
    total_price: money(totalOf(order)),
    tags: order.tags.join(', '),
    test: false,
    source_name: 'web',
    customer_locale: c.locale,
    buyer_accepts_marketing: c.acceptsMarketing,
    payment_gateway_names: [order.gateway],
    note: null,
    note_attributes: [{ name: 'Estimated Delivery', value: order.promiseDate }],
    customer: {
      id: c.id,
      email: c.email,
      first_name: c.firstName,
      last_name: c.lastName,
      phone: c.phone,
      state: 'enabled',
      tags: order.tags.includes('VIP') ? 'VIP' : '',
      currency: 'USD',
      email_marketing_consent: { state: c.acceptsMarketing ? 'subscribed' : 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null },
      sms_marketing_consent: c.phone === null ? null : { state: c.acceptsSms ? 'subscribed' : 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null, consent_collected_from: 'SHOPIFY' },
      admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
    },
    billing_address: address,
    shipping_address: address,
    line_items: order.lines.map((line) => ({
      id: line.id,
      title: line.title,
      sku: line.sku,
      quantity: line.quantity,
      price: money(line.price),
      requires_shipping: true,
      fulfillment_status: null,
    })),
    shipping_lines: [{ id: order.id + 7, code: order.shippingTitle, title: order.shippingTitle, price: money(order.shippingPrice), source: 'shopify', delivery_category: null }],
  };
  return JSON.stringify(body);
}

/** A Shopify `fulfillments/create` body: one parcel with its carrier and tracking number. */
export function shopifyFulfillmentBody(order: DemoOrderFacts, parcel: DemoParcel): string {
  return JSON.stringify({
    id: parcel.fulfillmentId,
    order_id: order.id,
    status: 'success',
    created_at: shopifyTime(parcel.shippedAtMs),
    updated_at: shopifyTime(parcel.shippedAtMs),
    service: 'manual',
    tracking_company: CARRIER_NAMES[parcel.carrier],
    shipment_status: null,
    name: `#${order.number}.1`,
    tracking_number: parcel.trackingNumber,
    tracking_numbers: [parcel.trackingNumber],
    tracking_url: trackingUrl(parcel),
    tracking_urls: [trackingUrl(parcel)],
    line_items: order.lines.map((line) => ({ id: line.id, title: line.title, sku: line.sku, quantity: line.quantity, price: money(line.price), requires_shipping: true })),
    destination: { city: order.customer.address.city, zip: order.customer.address.zip, country_code: order.customer.address.countryCode, province_code: order.customer.address.region },
    origin_address: { city: ORIGIN.city, zip: ORIGIN.zip, country_code: ORIGIN.country, province_code: ORIGIN.region },
    email: order.customer.email,
  });
}

function trackingUrl(parcel: DemoParcel): string {
  const n = parcel.trackingNumber;
  switch (parcel.carrier) {
    case 'ups':
      return `https://www.ups.com/track?tracknum=${n}`;
    case 'usps':
      return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`;
    case 'fedex':
      return `https://www.fedex.com/fedextrack/?trknbr=${n}`;
    case 'dhl':
      return `https://www.dhl.com/en/express/tracking.html?AWB=${n}`;
  }
}

const AFTERSHIP_CODES: Readonly<Record<ScanKind, readonly [tag: string, subtag: string, subtagMessage: string]>> = {
  label: ['InfoReceived', 'InfoReceived_001', 'Info Received'],
  picked_up: ['InTransit', 'InTransit_002', 'Acceptance scan'],
  in_transit: ['InTransit', 'InTransit_003', 'Arrival scan'],
  departed: ['InTransit', 'InTransit_007', 'Departure Scan'],
  customs_started: ['InTransit', 'InTransit_006', 'Customs clearance started'],
  customs_held: ['Exception', 'Exception_004', 'Held at customs'],
  customs_cleared: ['InTransit', 'InTransit_005', 'Customs clearance completed'],
  out_for_delivery: ['OutForDelivery', 'OutForDelivery_001', 'Out for Delivery'],
  attempt_failed: ['AttemptFail', 'AttemptFail_002', 'Addressee not available'],
  delivered: ['Delivered', 'Delivered_001', 'Delivered'],
  returning: ['Exception', 'Exception_010', 'Return to sender'],
  lost: ['Exception', 'Exception_013', 'Shipment lost'],
};

const ISO3: Readonly<Record<string, string>> = { US: 'USA', CA: 'CAN', DE: 'DEU', FR: 'FRA', ES: 'ESP', GB: 'GBR', BE: 'BEL' };

function aftershipTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** An AfterShip `tracking_update` with every checkpoint so far (AfterShip resends the history). */
export function aftershipBody(order: DemoOrderFacts, parcel: DemoParcel, scans: readonly DemoScan[], eventId: string, sentAtMs: number): string {
  const latest = scans.at(-1)!;
  const [tag, subtag, subtagMessage] = AFTERSHIP_CODES[latest.kind];
  return JSON.stringify({
    event_id: eventId,
    event: 'tracking_update',
    is_tracking_first_tag: scans.length === 1 || scans.at(-2)!.kind !== latest.kind,
    msg: {
      id: parcel.trackerId,
      tracking_number: parcel.trackingNumber,
      title: `#${order.number}`,
      origin_country_iso3: 'USA',
      destination_country_iso3: ISO3[order.customer.address.countryCode] ?? null,
      order_id: String(order.id),
      order_date: aftershipTime(order.placedAtMs),
      customer_name: `${order.customer.firstName} ${order.customer.lastName}`,
      source: 'shopify',
      emails: [order.customer.email],
      tag,
      subtag,
      subtag_message: subtagMessage,
      expected_delivery: latest.kind === 'delivered' ? null : parcel.estimatedDelivery,
      signed_by: latest.kind === 'delivered' ? order.customer.lastName.toUpperCase() : null,
      shipment_type: parcel.carrier === 'dhl' ? 'Express Worldwide' : 'Ground',
      slug: parcel.carrier,
      created_at: aftershipTime(parcel.shippedAtMs + 60_000),
      updated_at: aftershipTime(sentAtMs),
      last_updated_at: aftershipTime(sentAtMs),
      return_to_sender: latest.kind === 'returning',
      courier_tracking_link: trackingUrl(parcel),
      on_time_status: null,
      checkpoints: scans.map((scan) => {
        const [ctag, csubtag, cmessage] = AFTERSHIP_CODES[scan.kind];
        return {
          location: `${scan.city}, ${scan.region}, ${scan.country}`,
          country_name: scan.country,
          country_iso3: ISO3[scan.country] ?? scan.country,
          state: scan.region,
          city: scan.city,
          zip: null,
          message: scan.message,
          tag: ctag,
          subtag: csubtag,
          subtag_message: cmessage,
          created_at: aftershipTime(scan.atMs + 300_000),
          checkpoint_time: aftershipTime(scan.atMs),
          slug: parcel.carrier,
          raw_tag: null,
        };
      }),
    },
    ts: Math.floor(sentAtMs / 1000),
  });
}

const EASYPOST_CODES: Readonly<Partial<Record<ScanKind, readonly [status: string, detail: string, carrierCode: string]>>> = {
  label: ['pre_transit', 'label_created', 'MP'],
  picked_up: ['in_transit', 'received_at_origin_facility', 'PU'],
  in_transit: ['in_transit', 'arrived_at_facility', 'AR'],
  departed: ['in_transit', 'departed_facility', 'DP'],
  out_for_delivery: ['out_for_delivery', 'out_for_delivery', 'OD'],
  delivered: ['delivered', 'arrived_at_destination', 'DL'],
  returning: ['return_to_sender', 'return', 'RS'],
  lost: ['failure', 'lost', 'LO'],
};

/** Scans EasyPost can say: no customs steps and no failed attempts (those parcels go through AfterShip). */
export function easypostCanSay(kind: ScanKind): boolean {
  return EASYPOST_CODES[kind] !== undefined;
}

/** An EasyPost `tracker.created` / `tracker.updated` Event with the tracker's details so far. */
export function easypostBody(parcel: DemoParcel, scans: readonly DemoScan[], eventId: string, sentAtMs: number): string {
  const latest = scans.at(-1)!;
  const codes = (kind: ScanKind) => EASYPOST_CODES[kind] ?? ['unknown', 'unknown', ''];
  const [status, detail] = codes(latest.kind);
  const previous = scans.at(-2);
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return JSON.stringify({
    id: eventId,
    object: 'Event',
    mode: 'production',
    description: scans.length === 1 ? 'tracker.created' : 'tracker.updated',
    previous_attributes: previous ? { status: codes(previous.kind)[0] } : {},
    created_at: iso(sentAtMs),
    updated_at: iso(sentAtMs),
    pending_urls: ['https://herald.example/v1/sources/easypost/default'],
    completed_urls: [],
    user_id: 'user_demo',
    status: 'pending',
    result: {
      id: parcel.trackerId,
      object: 'Tracker',
      mode: 'production',
      tracking_code: parcel.trackingNumber,
      status,
      status_detail: detail,
      created_at: iso(parcel.shippedAtMs + 60_000),
      updated_at: iso(sentAtMs),
      signed_by: latest.kind === 'delivered' ? 'FRONT DOOR' : null,
      weight: 32.5,
      est_delivery_date: latest.kind === 'delivered' ? null : `${parcel.estimatedDelivery}T00:00:00Z`,
      shipment_id: null,
      carrier: CARRIER_NAMES[parcel.carrier],
      carrier_detail: {
        object: 'CarrierDetail',
        service: parcel.carrier === 'usps' ? 'GroundAdvantage' : parcel.carrier === 'fedex' ? 'FEDEX_GROUND' : 'Ground',
        origin_location: `${ORIGIN.city.toUpperCase()} ${ORIGIN.region} ${ORIGIN.country}`,
        est_delivery_date_local: parcel.estimatedDelivery,
      },
      finalized: latest.kind === 'delivered',
      is_return: latest.kind === 'returning',
      public_url: `https://track.easypost.com/${parcel.trackerId}`,
      tracking_details: scans.map((scan) => {
        const [s, d, carrierCode] = codes(scan.kind);
        return {
          object: 'TrackingDetail',
          message: scan.message,
          description: scan.message,
          status: s,
          status_detail: d,
          datetime: iso(scan.atMs),
          source: CARRIER_NAMES[parcel.carrier],
          carrier_code: carrierCode,
          tracking_location: { object: 'TrackingLocation', city: scan.city.toUpperCase(), state: scan.region, country: scan.country, zip: null },
        };
      }),
    },
  });
}

export interface DemoTicket {
  id: number;
  commentId: number;
  atMs: number;
  subject: string;
  text: string;
  email: string;
  name: string;
  /** Zendesk's `{{ticket.requester.language}}`: a language name. */
  language: string;
}

/** The body of the recommended Zendesk trigger (docs/helpdesks.md) for a new ticket. */
export function zendeskTicketBody(ticket: DemoTicket): string {
  const at = `${new Date(ticket.atMs).toISOString().slice(0, 16)}Z`;
  return JSON.stringify({
    event: 'ticket.created',
    ticket: {
      id: String(ticket.id),
      subject: ticket.subject,
      description: `----------------------------------------------\n\n${ticket.name}\n\n${ticket.text}`,
      status: 'New',
      via: 'Email',
      tags: '',
      url: `${SHOP_DOMAIN.replace('.myshopify.com', '')}.zendesk.com/agent/tickets/${ticket.id}`,
      created_at: at,
      updated_at: at,
      order_number: '',
      requester: { email: ticket.email, name: ticket.name, phone: '', language: ticket.language },
    },
    comment: { id: String(ticket.commentId), body: ticket.text, public: 'true', author_role: 'End-user' },
  });
}
