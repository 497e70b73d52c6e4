// Shopify REST webhook payloads (orders, refunds, fulfillments, fulfillment events) read into
// canonical event drafts. Ids stay exact strings: the body was read by `exact-json`, so ids above
// 2^53 arrive as strings of their exact digits, never through a JS number.

import type { EventType } from '../../core/events/event-types.ts';
import type { JsonValue } from './exact-json.ts';
import { isLocalPickup, LOCAL_PICKUP, promiseDateFrom, readLineItems, splitTags, sumMoney, type OrderDraft } from './order-facts.ts';
import {
  asArray,
  asBoolean,
  asCurrency,
  asDateOrInstant,
  asEmail,
  asInstant,
  asMoney,
  asObject,
  asRef,
  asText,
  compact,
  requireInstant,
  requireRef,
  requireTrackingNumber,
  type JsonObject,
} from './payload-readers.ts';
import type { EventDraft, ShipmentDraft } from './tracking-events.ts';

const SOURCE = 'shopify';

/**
 * `fulfillment_events/create` names the fulfillment, not the tracking number. Until the parcel is
 * resolved through the fulfillment id (kept in attributes), its events use this reference.
 */
export const SHOPIFY_FULFILLMENT_REF_PREFIX = 'shopify-fulfillment-';

export interface ShopifyContext {
  topic: string;
  /** Event id base: `X-Shopify-Webhook-Id`, else a hash of the body. */
  idBase: string;
  shopDomain: string | null;
}

export function readOrderEvent(order: JsonObject, type: EventType, context: ShopifyContext): EventDraft {
  const customer = asObject(order['customer']);
  const occurredField = type === 'order.placed' ? 'created_at' : type === 'order.cancelled' && order['cancelled_at'] ? 'cancelled_at' : 'updated_at';
  const occurredAt = requireInstant(SOURCE, order[occurredField] ?? order['created_at'], occurredField);
  const shipping = asObject(asArray(order['shipping_lines'])[0]);
  const shippingTitle = asText(shipping?.['title'], 200) ?? asText(shipping?.['code'], 200);
  const pickup = isLocalPickup(shippingTitle, asText(shipping?.['code'], 200), asText(shipping?.['delivery_category'], 100)) || checkoutMethodIsPickup(order['note_attributes']);
  return {
    id: context.idBase,
    type,
    source: SOURCE,
    occurred_at: occurredAt.iso,
    order_ref: requireRef(SOURCE, order['id'], 'id'),
    customer_ref: asRef(customer?.['id']),
    order: compact<OrderDraft>({
      number: asText(order['name'], 100) ?? asRef(order['order_number']) ?? undefined,
      total: asMoney(order['total_price']),
      currency: asCurrency(order['currency']),
      tags: splitTags(order['tags']),
      channel: asText(order['source_name'], 100),
      shipping_method: pickup ? LOCAL_PICKUP : shippingTitle,
      payment_method: asArray(order['payment_gateway_names']).flatMap((name) => asText(name, 100) ?? []).join(', ').slice(0, 100) || undefined,
      financial_status: asText(order['financial_status'], 60),
      fulfillment_status: fulfillmentStatus(order['fulfillment_status']),
      destination: compact({
        name: asText(asObject(order['shipping_address'])?.['name'], 200),
        city: asText(asObject(order['shipping_address'])?.['city'], 200),
        region: asText(asObject(order['shipping_address'])?.['province_code'], 200),
        postal_code: asText(asObject(order['shipping_address'])?.['zip'], 40),
        country: asText(asObject(order['shipping_address'])?.['country_code'], 60),
      }),
      customer: readCustomer(order, customer),
      line_items: readLineItems(order['line_items'], 'title'),
    }) ?? null,
    promise_date: promiseDateFrom(order['note_attributes'], 'name', 'value'),
    attributes: compact({
      shop_domain: context.shopDomain ?? undefined,
      topic: context.topic,
      shipping_title: pickup ? shippingTitle : undefined,
      cancel_reason: asText(order['cancel_reason'], 100),
      test: asBoolean(order['test']),
    }) ?? null,
  };
}

export function readRefundEvent(refund: JsonObject, context: ShopifyContext): EventDraft {
  const occurredAt = asInstant(refund['processed_at']) ?? requireInstant(SOURCE, refund['created_at'], 'created_at');
  const transactions = asArray(refund['transactions']).map((value) => asObject(value)).filter((value): value is JsonObject => value !== null);
  const refunded = transactions.filter((transaction) => transaction['kind'] === 'refund' && transaction['status'] !== 'failure');
  return {
    id: context.idBase,
    type: 'order.refunded',
    source: SOURCE,
    occurred_at: occurredAt.iso,
    order_ref: requireRef(SOURCE, refund['order_id'], 'order_id'),
    attributes: compact({
      shop_domain: context.shopDomain ?? undefined,
      topic: context.topic,
      refund_id: asRef(refund['id']) ?? undefined,
      amount: sumMoney(refunded.map((transaction) => asMoney(transaction['amount']))),
      currency: asCurrency(refunded[0]?.['currency']),
      note: asText(refund['note'], 500),
    }) ?? null,
  };
}

/** One event per tracking number; a fulfillment without one (digital, local delivery) yields none. */
export function readFulfillmentEvents(fulfillment: JsonObject, type: 'fulfillment.created' | 'fulfillment.updated', context: ShopifyContext): EventDraft[] {
  const field = type === 'fulfillment.created' ? 'created_at' : 'updated_at';
  const occurredAt = requireInstant(SOURCE, fulfillment[field] ?? fulfillment['created_at'], field);
  const orderRef = requireRef(SOURCE, fulfillment['order_id'], 'order_id');
  const listed = asArray(fulfillment['tracking_numbers']);
  const raw = listed.length > 0 ? listed : fulfillment['tracking_number'] == null ? [] : [fulfillment['tracking_number']];
  const numbers = [...new Set(raw.map((value, index) => requireTrackingNumber(SOURCE, value, listed.length > 0 ? `tracking_numbers[${index}]` : 'tracking_number')))];
  const urls = asArray(fulfillment['tracking_urls']);
  const status = asText(fulfillment['status'], 60);
  return numbers.map((trackingNumber, index) => ({
    id: numbers.length === 1 ? context.idBase : `${context.idBase}:${index}`,
    type,
    source: SOURCE,
    occurred_at: occurredAt.iso,
    order_ref: orderRef,
    shipment: {
      carrier: asText(fulfillment['tracking_company'], 60) ?? null,
      tracking_number: trackingNumber,
      ...fulfillmentState(status, asText(fulfillment['shipment_status'], 100)),
    },
    attributes: compact({
      shop_domain: context.shopDomain ?? undefined,
      topic: context.topic,
      fulfillment_id: asRef(fulfillment['id']) ?? undefined,
      fulfillment_name: asText(fulfillment['name'], 100),
      fulfillment_status: status,
      tracking_url: asText(urls[index], 500) ?? (index === 0 ? asText(fulfillment['tracking_url'], 500) : undefined),
    }) ?? null,
  }));
}

export function readFulfillmentEventEvent(event: JsonObject, context: ShopifyContext): EventDraft {
  const occurredAt = asInstant(event['happened_at']) ?? requireInstant(SOURCE, event['created_at'], 'happened_at');
  const fulfillmentId = requireRef(SOURCE, event['fulfillment_id'], 'fulfillment_id');
  const status = asText(event['status'], 100);
  return {
    id: context.idBase,
    type: 'shipment.updated',
    source: SOURCE,
    occurred_at: occurredAt.iso,
    order_ref: asRef(event['order_id']),
    shipment: {
      tracking_number: `${SHOPIFY_FULFILLMENT_REF_PREFIX}${fulfillmentId}`.slice(0, 64),
      provider_status: { provider: 'shopify', parent: status ?? 'unknown', sub: null },
      estimated_delivery_at: asDateOrInstant(event['estimated_delivery_at']),
      location: compact({
        city: asText(event['city'], 200),
        region: asText(event['province'], 200),
        postal_code: asText(event['zip'], 40),
        country: asText(event['country'], 60),
        description: asText(event['address1'], 500),
      }) ?? null,
      message: asText(event['message'], 2000) ?? null,
    },
    attributes: compact({
      shop_domain: context.shopDomain ?? undefined,
      topic: context.topic,
      fulfillment_id: fulfillmentId,
      fulfillment_event_id: asRef(event['id']) ?? undefined,
      parcel_unresolved: true,
    }) ?? null,
  };
}

/** A cancelled or failed fulfillment has no carrier status; otherwise the Shopify table maps it. */
function fulfillmentState(status: string | undefined, shipmentStatus: string | undefined): Pick<ShipmentDraft, 'state' | 'reason' | 'provider_status' | 'message'> {
  if (status === 'cancelled') return { state: 'cancelled', message: 'Shopify fulfillment cancelled' };
  if (status === 'failure' || status === 'error') return { state: 'exception', reason: 'other', message: `Shopify fulfillment ${status}` };
  // No shipment status yet: Shopify's own default, "confirmed" (label created, nothing scanned).
  return { provider_status: { provider: 'shopify', parent: shipmentStatus ?? 'confirmed', sub: null } };
}

function fulfillmentStatus(value: JsonValue | undefined): OrderDraft['fulfillment_status'] {
  if (value === null || value === 'unfulfilled' || value === 'pending') return 'unfulfilled';
  if (value === 'partial' || value === 'fulfilled') return value;
  return undefined;
}

function readCustomer(order: JsonObject, customer: JsonObject | null): OrderDraft['customer'] {
  const address = asObject(order['shipping_address']) ?? asObject(order['billing_address']);
  const sms = customer === null ? undefined : customer['sms_marketing_consent'];
  return compact({
    email: asEmail(order['email']) ?? asEmail(order['contact_email']) ?? asEmail(customer?.['email']),
    phone: asText(order['phone'], 40) ?? asText(customer?.['phone'], 40),
    first_name: asText(customer?.['first_name'], 200) ?? asText(address?.['first_name'], 200),
    last_name: asText(customer?.['last_name'], 200) ?? asText(address?.['last_name'], 200),
    locale: asText(order['customer_locale'], 35),
    accepts_email_marketing: asBoolean(order['buyer_accepts_marketing']),
    // SMS consent lives on the customer; a customer with no consent record has not consented.
    accepts_sms: sms === undefined ? undefined : asObject(sms)?.['state'] === 'subscribed',
  });
}

/** Zapiet and similar pickup apps write `Checkout-Method: pickup` into the order attributes. */
function checkoutMethodIsPickup(pairs: JsonValue | undefined): boolean {
  return asArray(pairs).some((entry) => {
    const pair = asObject(entry);
    return asText(pair?.['name'], 100)?.toLowerCase() === 'checkout-method' && asText(pair?.['value'], 100)?.toLowerCase() === 'pickup';
  });
}
