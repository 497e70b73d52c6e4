// WooCommerce webhooks. Signature: `X-WC-Webhook-Signature` = base64(HMAC-SHA256(webhook secret,
// raw body)). Topic from `X-WC-Webhook-Topic` (`order.created`, `order.updated`), delivery id from
// `X-WC-Webhook-Delivery-ID`. When a webhook is saved WooCommerce first sends an unsigned ping,
// form-encoded `webhook_id=<n>`, and keeps the webhook only if the answer is HTTP 200.

import type { EventType } from '../../core/events/event-types.ts';
import { asInstant, decodeJsonBody, requireObject, requireRef, type JsonObject } from './payload-readers.ts';
import { bytesEqual, decodeBase64, hmacSha256, refuse, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { SourceParseError } from './source-errors.ts';
import type { EventDraft } from './tracking-events.ts';
import { readOrderFacts, readPromiseDate, readTrackingItems } from './woocommerce-order.ts';

const SOURCE = 'woocommerce';
const SIGNATURE_HEADER = 'x-wc-webhook-signature';
const PING_BODY = /^webhook_id=\d{1,20}$/;

/**
 * Order statuses that are milestones, and the event each one is. `pending` (awaiting payment),
 * `on-hold` (awaiting confirmation), `failed` and custom statuses are plain `order.updated`.
 */
export const WOOCOMMERCE_STATUS_EVENTS: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['processing', 'order.paid'],
  ['completed', 'order.fulfilled'],
  ['cancelled', 'order.cancelled'],
  ['refunded', 'order.refunded'],
]);

export const woocommerceAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers[SIGNATURE_HEADER];
    // The creation ping is unsigned and yields no events, so it is let through.
    if ((header === undefined || header.trim() === '') && isPing(request.body)) return VERIFIED;
    if (header === undefined || header.trim() === '') return refuse('missing X-WC-Webhook-Signature header');
    if (secrets.secret === '') return refuse('no WooCommerce webhook secret is configured for this source');
    const given = decodeBase64(header);
    if (given === null) return refuse('malformed X-WC-Webhook-Signature header: expected base64');
    const expected = hmacSha256(secrets.secret, request.body);
    return bytesEqual(given, expected) ? VERIFIED : refuse('signature mismatch: check the WooCommerce webhook secret');
  },

  parse(request: SourceRequest): ParsedWebhook {
    if (isPing(request.body)) return { deliveryId: null, topic: 'ping', events: [], ping: true };
    const deliveryId = request.headers['x-wc-webhook-delivery-id']?.trim() || null;
    const topic = topicOf(request.headers);
    if (topic !== 'order.created' && topic !== 'order.updated' && topic !== 'order.restored') return { deliveryId, topic, events: [] };
    const order = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    return { deliveryId, topic, events: readOrderEvents(order, topic) };
  },
};

function readOrderEvents(order: JsonObject, topic: string): EventDraft[] {
  const orderRef = requireRef(SOURCE, order['id'], 'id');
  const created = asInstant(order['date_created_gmt']);
  const modified = asInstant(order['date_modified_gmt']) ?? created;
  if (modified === null) throw new SourceParseError(SOURCE, 'date_modified_gmt', 'must be a date-time (the order has neither date_modified_gmt nor date_created_gmt)');
  const status = typeof order['status'] === 'string' ? order['status'] : undefined;
  const facts = readOrderFacts(order);
  const promiseDate = readPromiseDate(order);
  const tracking = readTrackingItems(order, orderRef, modified.iso);
  const attributes = { status, skipped_tracking_numbers: tracking.skipped.length > 0 ? tracking.skipped : undefined };
  const orderEvent = (id: string, type: EventType, occurredAt: string): EventDraft => ({
    id,
    type,
    source: SOURCE,
    occurred_at: occurredAt,
    order_ref: orderRef,
    customer_ref: positiveRef(order['customer_id']),
    order: facts,
    promise_date: promiseDate,
    attributes: Object.fromEntries(Object.entries({ ...attributes, topic }).filter(([, value]) => value !== undefined)),
  });

  const events: EventDraft[] = [];
  if (topic === 'order.created') events.push(orderEvent(`${orderRef}:placed`, 'order.placed', (created ?? modified).iso));
  const milestone = status === undefined ? undefined : WOOCOMMERCE_STATUS_EVENTS.get(status);
  // A milestone happens once per order; its id has no time so a repeat is a duplicate.
  if (milestone !== undefined) events.push(orderEvent(`${orderRef}:${milestone.slice('order.'.length)}`, milestone, modified.iso));
  if (topic !== 'order.created') events.push(orderEvent(`${orderRef}:updated:${modified.iso}`, 'order.updated', modified.iso));
  events.push(...tracking.events);
  return events;
}

function topicOf(headers: Record<string, string>): string | null {
  const topic = headers['x-wc-webhook-topic']?.trim().toLowerCase();
  if (topic) return topic;
  const resource = headers['x-wc-webhook-resource']?.trim().toLowerCase();
  const event = headers['x-wc-webhook-event']?.trim().toLowerCase();
  if (resource && event) return `${resource}.${event}`;
  throw new SourceParseError(SOURCE, 'X-WC-Webhook-Topic header', 'is missing: it tells what the payload is');
}

function isPing(body: Uint8Array): boolean {
  return body.length <= 40 && PING_BODY.test(Buffer.from(body).toString('latin1'));
}

/** WooCommerce uses customer_id 0 for guest checkouts. */
function positiveRef(value: JsonObject[string] | undefined): string | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : typeof value === 'string' && /^[1-9]\d{0,30}$/.test(value) ? value : null;
}
