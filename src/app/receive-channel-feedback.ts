// Feedback from the outside, turned into events and ingested (DESIGN.md §1: feedback goes back
// into ingest): providers' callbacks (delivery receipts, inbound SMS with STOP / START / HELP,
// Telegram deep links), our open pixel, tracked clicks, the unsubscribe link and the consent API.
// Each becomes a canonical event with a stable id, so a provider's retried callback is a
// duplicate, not a second change; the events sit on the order's timeline.

import { ownEvent } from '../core/events/own-event.ts';
import { classifySmsKeyword } from '../core/channels/sms-keywords.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { EventType } from '../core/events/event-types.ts';
import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { CallbackRequest, ChannelCallbacks, DeliveryReceipt, InboundMessage } from '../core/ports/channel.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { withDefaultSettings } from '../core/settings/store-settings.ts';
import type { IngestGateway } from './ingest-gateway.ts';

export interface FeedbackDeps {
  store: Store;
  gateway: IngestGateway;
  clock: Clock;
  callbacks: ChannelCallbacks;
  /** Reads a Telegram deep-link token back to the order it was made for; null when forged. */
  readChatToken?: ((storeId: string, token: string) => string | null) | undefined;
}

export interface CallbackAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A provider's call to `/hooks/channels/{store}/{channel}/{name}`. */
export async function receiveChannelCallback(deps: FeedbackDeps, target: { storeId: string; channel: string; name: string }, request: CallbackRequest): Promise<CallbackAnswer> {
  const configs = await deps.store.admin.listChannelConfigs(target.storeId);
  const config = configs.find((c) => c.channel === target.channel)?.providers.find((p) => p.name === target.name);
  if (!config) return json(404, { error: { code: 'not_found', message: `store '${target.storeId}' has no ${target.channel} provider named '${target.name}'` } });
  const result = deps.callbacks.handle(config.provider, config.settings, request);
  if (result.kind === 'rejected') return json(result.status, { error: { code: result.status === 403 ? 'signature_mismatch' : 'bad_callback', message: result.reason } });
  if (result.kind === 'challenge') return { status: 200, contentType: 'text/plain; charset=utf-8', body: result.body };

  const now = isoAt(deps.clock.nowMs());
  const events: CanonicalEvent[] = [];
  for (const receipt of result.receipts) {
    const event = await receiptEvent(deps.store, target.storeId, target.name, receipt, now);
    if (event) events.push(event);
  }
  let reply: string | null = null;
  for (const message of result.inbound) {
    const handled = await inboundEvent(deps.store, target.storeId, target.name, message, now);
    if (handled.event) events.push(handled.event);
    reply ??= handled.reply;
  }
  for (const link of result.links) {
    const orderRef = deps.readChatToken?.(target.storeId, link.token) ?? null;
    const order = orderRef ? await deps.store.reads.getOrder(target.storeId, orderRef) : null;
    const contact = order?.facts.customer?.email ?? order?.facts.customer?.phone ?? null;
    if (!order || !contact) continue;
    events.push(
      feedbackEvent(target.storeId, target.name, 'recipient.opted_in', `${target.name}:start:${link.chat}:${orderRef}`, now, order.orderRef, {
        channel: 'telegram', address: link.chat, contact, scope: 'all', source: 'link', proof: `opened the Telegram bot from the link for order ${order.orderRef}`,
      }),
    );
  }
  if (events.length > 0) await ingest(deps.gateway, events);
  const answer = deps.callbacks.reply(config.provider, reply);
  return { status: 200, contentType: answer.contentType, body: answer.body };
}

/** Ingest feedback events Herald itself observed (pixel, click, unsubscribe, consent API). */
export async function ingestFeedback(gateway: IngestGateway, events: CanonicalEvent[]): Promise<void> {
  await ingest(gateway, events);
}

export function feedbackEvent(storeId: string, source: string, type: EventType, id: string, at: string, orderRef: string | null, attributes: Record<string, unknown>): CanonicalEvent {
  return ownEvent({ storeId, source, type, id, at, orderRef, attributes });
}

const RECEIPT_TYPES: Readonly<Record<string, EventType>> = { delivered: 'message.delivered', opened: 'message.opened', clicked: 'message.clicked', bounced: 'message.bounced', failed: 'message.bounced' };

async function receiptEvent(store: Store, storeId: string, source: string, receipt: DeliveryReceipt, now: string): Promise<CanonicalEvent | null> {
  const type = RECEIPT_TYPES[receipt.status];
  if (!type) return null;
  const notification = await store.reads.findNotificationByProviderId(storeId, receipt.providerMessageId);
  return feedbackEvent(storeId, source, type, `${source}:${receipt.providerMessageId}:${receipt.status}`, receipt.at ?? now, notification?.orderRef ?? null, {
    provider_message_id: receipt.providerMessageId,
    ...(notification ? { notification_id: notification.id } : {}),
    ...(receipt.status === 'failed' ? { status: 'failed' } : {}),
    ...(receipt.reason ? { reason: receipt.reason } : {}),
  });
}

async function inboundEvent(store: Store, storeId: string, source: string, message: InboundMessage, now: string): Promise<{ event: CanonicalEvent | null; reply: string | null }> {
  const keyword = message.channel === 'telegram' && /^\/stop\b/i.test(message.text.trim()) ? 'opt_out' : classifySmsKeyword(message.text);
  const id = `${source}:inbound:${message.providerMessageId ?? `${message.from}:${now}`}`;
  const proof = `"${message.text.trim().slice(0, 160)}" from ${message.from}${message.providerMessageId ? ` (${message.providerMessageId})` : ''}`;
  if (keyword === 'opt_out' || keyword === 'opt_in') {
    const type = keyword === 'opt_out' ? 'recipient.opted_out' : 'recipient.opted_in';
    return { event: feedbackEvent(storeId, source, type, id, now, null, { channel: message.channel, address: message.from, scope: 'all', source: 'keyword', proof }), reply: null };
  }
  if (keyword === 'help') {
    const brand = withDefaultSettings(await store.admin.getStoreSettings(storeId)).brand;
    return { event: null, reply: `${brand.name}: order updates. Reply STOP to stop, START to resume.${brand.helpUrl ? ` Help: ${brand.helpUrl}` : ''}` };
  }
  // Anything else is the customer writing to us: a ticket for the help desk flow (docs/channels.md).
  return { event: feedbackEvent(storeId, source, 'ticket.created', id, now, null, { channel: message.channel, from: message.from, text: message.text.slice(0, 4_000) }), reply: null };
}

async function ingest(gateway: IngestGateway, events: CanonicalEvent[]): Promise<void> {
  const items: NormalizedEvent[] = events.map((event) => ({ event, trackingNumber: null, unmapped: null }));
  await gateway.ingest(items, null);
}

function json(status: number, body: unknown): CallbackAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
