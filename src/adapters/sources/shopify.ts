// Shopify webhooks. Signature: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(app/webhook secret,
// raw body)). The topic comes from `X-Shopify-Topic`, the dedupe id from `X-Shopify-Webhook-Id`
// (the same on every retry of one delivery) and the shop from `X-Shopify-Shop-Domain`.

import type { EventType } from '../../core/events/event-types.ts';
import { decodeJsonBody, requireObject } from './payload-readers.ts';
import { bytesEqual, decodeBase64, hmacSha256, refuse, sha256, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { SourceParseError } from './source-errors.ts';
import { readFulfillmentEventEvent, readFulfillmentEvents, readOrderEvent, readRefundEvent, type ShopifyContext } from './shopify-payloads.ts';
import type { EventDraft } from './tracking-events.ts';

const SOURCE = 'shopify';

/** Order topics and the canonical event each one is. */
export const SHOPIFY_ORDER_TOPICS: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['orders/create', 'order.placed'],
  ['orders/paid', 'order.paid'],
  ['orders/updated', 'order.updated'],
  ['orders/fulfilled', 'order.fulfilled'],
  ['orders/partially_fulfilled', 'order.updated'],
  ['orders/cancelled', 'order.cancelled'],
]);

export const shopifyAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers['x-shopify-hmac-sha256'];
    if (header === undefined || header.trim() === '') return refuse('missing X-Shopify-Hmac-Sha256 header');
    if (secrets.secret === '') return refuse('no Shopify webhook secret is configured for this source');
    const given = decodeBase64(header);
    if (given === null) return refuse('malformed X-Shopify-Hmac-Sha256 header: expected base64');
    const expected = hmacSha256(secrets.secret, request.body);
    return bytesEqual(given, expected) ? VERIFIED : refuse('signature mismatch: check the Shopify webhook secret');
  },

  parse(request: SourceRequest): ParsedWebhook {
    const topic = request.headers['x-shopify-topic']?.trim().toLowerCase();
    if (topic === undefined || topic === '') throw new SourceParseError(SOURCE, 'X-Shopify-Topic header', 'is missing: it tells what the payload is');
    const webhookId = request.headers['x-shopify-webhook-id']?.trim() || null;
    const shopDomain = request.headers['x-shopify-shop-domain']?.trim() || null;
    const context: ShopifyContext = {
      topic,
      idBase: webhookId?.slice(0, 180) ?? `sha256:${sha256(request.body).toString('hex')}`,
      shopDomain,
    };
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    return { deliveryId: webhookId, topic, shopDomain, events: readEvents(topic, body, context) };
  },
};

function readEvents(topic: string, body: Parameters<typeof readOrderEvent>[0], context: ShopifyContext): EventDraft[] {
  const orderType = SHOPIFY_ORDER_TOPICS.get(topic);
  if (orderType !== undefined) return [readOrderEvent(body, orderType, context)];
  switch (topic) {
    case 'refunds/create':
      return [readRefundEvent(body, context)];
    case 'fulfillments/create':
      return readFulfillmentEvents(body, 'fulfillment.created', context);
    case 'fulfillments/update':
      return readFulfillmentEvents(body, 'fulfillment.updated', context);
    case 'fulfillment_events/create':
      return [readFulfillmentEventEvent(body, context)];
    default:
      // Other topics (products, customers, ...) carry nothing Herald tracks.
      return [];
  }
}
