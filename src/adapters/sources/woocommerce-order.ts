// A WooCommerce REST (v3) order, as its webhooks send it, read into canonical event drafts:
// order facts, and one parcel per tracking item of the "WooCommerce Shipment Tracking" extension
// or Advanced Shipment Tracking (AST), which both keep them in the `_wc_shipment_tracking_items`
// order meta.

import { isLocalPickup, LOCAL_PICKUP, promiseDateFrom, readLineItems, type OrderDraft } from './order-facts.ts';
import { asArray, asCurrency, asEmail, asInstant, asMoney, asObject, asRef, asText, asUnixSeconds, compact, type JsonObject } from './payload-readers.ts';
import type { EventDraft } from './tracking-events.ts';

export const TRACKING_ITEMS_META_KEY = '_wc_shipment_tracking_items';
/** WooCommerce's own local pickup methods: classic `local_pickup`, block checkout `pickup_location`. */
const PICKUP_METHOD_IDS: ReadonlySet<string> = new Set(['local_pickup', 'pickup_location']);
const MIN_TRACKING_CHARS = 4;
const MAX_TRACKING_CHARS = 64;

export function readOrderFacts(order: JsonObject): OrderDraft | null {
  const shippingLine = asObject(asArray(order['shipping_lines'])[0]);
  const methodId = asText(shippingLine?.['method_id'], 100);
  const methodTitle = asText(shippingLine?.['method_title'], 200);
  const pickup = (methodId !== undefined && PICKUP_METHOD_IDS.has(methodId)) || isLocalPickup(methodTitle);
  const status = asText(order['status'], 60);
  const billing = asObject(order['billing']);
  const shipping = asObject(order['shipping']);
  const address = asText(shipping?.['country'], 60) !== undefined || asText(shipping?.['city'], 200) !== undefined ? shipping : billing;
  return (
    compact<OrderDraft>({
      number: asText(order['number'], 100) ?? asRef(order['id']) ?? undefined,
      total: asMoney(order['total']),
      currency: asCurrency(order['currency']),
      channel: asText(order['created_via'], 100),
      shipping_method: pickup ? LOCAL_PICKUP : methodTitle,
      payment_method: asText(order['payment_method_title'], 100) ?? asText(order['payment_method'], 100),
      financial_status: financialStatus(status, order),
      fulfillment_status: status === 'completed' ? 'fulfilled' : status === undefined ? undefined : 'unfulfilled',
      destination: compact({
        name: fullName(address),
        city: asText(address?.['city'], 200),
        region: asText(address?.['state'], 200),
        postal_code: asText(address?.['postcode'], 40),
        country: asText(address?.['country'], 60),
      }),
      customer: compact({
        email: asEmail(billing?.['email']),
        phone: asText(billing?.['phone'], 40) ?? asText(shipping?.['phone'], 40),
        first_name: asText(billing?.['first_name'], 200) ?? asText(shipping?.['first_name'], 200),
        last_name: asText(billing?.['last_name'], 200) ?? asText(shipping?.['last_name'], 200),
      }),
      line_items: readLineItems(order['line_items'], 'name'),
    }) ?? null
  );
}

export function readPromiseDate(order: JsonObject): string | null {
  return promiseDateFrom(order['meta_data'], 'key', 'value');
}

export interface TrackingItems {
  events: EventDraft[];
  /** Numbers too short or too long to be tracking numbers: reported, not fatal to the order. */
  skipped: string[];
}

/** One `fulfillment.created` per tracking item, with the id the plugin gave the item. */
export function readTrackingItems(order: JsonObject, orderRef: string, fallbackAt: string): TrackingItems {
  const meta = asArray(order['meta_data']).map((entry) => asObject(entry)).find((entry) => entry?.['key'] === TRACKING_ITEMS_META_KEY);
  const result: TrackingItems = { events: [], skipped: [] };
  for (const value of asArray(meta?.['value'])) {
    const item = asObject(value);
    const trackingNumber = asText(item?.['tracking_number'], MAX_TRACKING_CHARS + 1);
    if (item === null || trackingNumber === undefined) continue;
    if (trackingNumber.length < MIN_TRACKING_CHARS || trackingNumber.length > MAX_TRACKING_CHARS) {
      result.skipped.push(trackingNumber.slice(0, MAX_TRACKING_CHARS));
      continue;
    }
    const itemId = asText(item['tracking_id'], 100) ?? trackingNumber;
    const plugin = item['status_shipped'] !== undefined || item['products_list'] !== undefined ? 'advanced-shipment-tracking' : 'woocommerce-shipment-tracking';
    result.events.push({
      id: `${orderRef}:tracking:${itemId}`.slice(0, 200),
      type: 'fulfillment.created',
      source: 'woocommerce',
      occurred_at: asUnixSeconds(item['date_shipped']) ?? asInstant(item['date_shipped'])?.iso ?? fallbackAt,
      order_ref: orderRef,
      shipment: {
        carrier: asText(item['tracking_provider'], 60) ?? asText(item['custom_tracking_provider'], 60) ?? null,
        tracking_number: trackingNumber,
        // The merchant entered a number: a label exists, no carrier has scanned the parcel yet.
        state: 'label_created',
      },
      attributes: compact({
        tracking_id: asText(item['tracking_id'], 100),
        tracking_url: asText(item['custom_tracking_link'], 500) ?? asText(item['formatted_tracking_link'], 500),
        plugin,
      }) ?? null,
    });
  }
  return result;
}

function financialStatus(status: string | undefined, order: JsonObject): string | undefined {
  if (status === 'refunded') return 'refunded';
  if (asText(order['date_paid_gmt'], 40) !== undefined || asText(order['date_paid'], 40) !== undefined) return 'paid';
  if (status === 'failed') return 'failed';
  return status === undefined ? undefined : 'pending';
}

function fullName(address: JsonObject | null): string | undefined {
  const name = [asText(address?.['first_name'], 100), asText(address?.['last_name'], 100)].filter((part) => part !== undefined).join(' ');
  return name === '' ? undefined : name;
}
