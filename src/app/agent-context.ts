// Agent context (GET /v1/context): what a support agent needs about one customer's recent orders
// in one call, without opening a carrier tab: every parcel in words, every message already sent,
// open cases, and a paragraph to paste. Only order and delivery facts: no address, email or phone
// beyond what the agent searched with (docs/agent-context.md).

import { type FieldIssue, NotFoundError, ValidationError } from '../core/errors.ts';
import { normalizeTrackingNumber } from '../core/carriers/detect-carrier.ts';
import { deriveOrderStatus } from '../core/order/derive-order-status.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import { SENT_STATUSES } from '../core/notifications/notification-record.ts';
import type { Store } from '../core/ports/store.ts';
import { withDefaultSettings } from '../core/settings/store-settings.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import { truthInWords } from './read-views.ts';
import { carrierName, describeContext, describeOrder, formatLocation, type Wording } from './agent-context-views.ts';

export const CONTEXT_FIELDS = ['email', 'phone', 'order', 'tracking'] as const;
/** What an agent can search by: exactly one per request. */
export type ContextField = (typeof CONTEXT_FIELDS)[number];

export interface ContextQuery {
  field: ContextField;
  /** As given (trimmed); the tracking number normalized. */
  value: string;
}

/** Most orders one context shows: the customer's recent ones. */
export const RECENT_ORDERS = 5;

export interface ShipmentContext {
  tracking_number: string;
  carrier: string | null;
  carrier_name: string | null;
  state: string;
  state_words: string;
  reason: string | null;
  reason_words: string | null;
  action_by: string | null;
  state_since: string | null;
  estimated_delivery_at: string | null;
  last_scan_at: string | null;
  /** `Brooklyn, NY, US`, or null when no scan said where. */
  last_scan_place: string | null;
}

export interface MessageContext {
  channel: string;
  milestone: string;
  tracking_number: string | null;
  status: string;
  status_reason: string | null;
  /** Whether it reached a provider (sent, delivered, opened, clicked, bounced, unconfirmed). */
  sent: boolean;
  /** When it went out, else when it was decided. */
  at: string;
}

export interface CaseContext {
  id: string;
  reason: string;
  summary: string;
  team: string;
  priority: string;
  opened_at: string;
  sla_due_at: string | null;
}

export interface OrderContext {
  ref: string;
  number: string | null;
  /** This order is the one the search named (order or tracking lookups); all of them for email/phone. */
  matched: boolean;
  placed_at: string | null;
  status: string;
  status_words: string;
  needs_attention: boolean;
  total: string | null;
  currency: string | null;
  shipments: ShipmentContext[];
  messages: MessageContext[];
  open_cases: CaseContext[];
  summary: string;
}

export interface AgentContext {
  query: ContextQuery;
  /** The store's time zone: the summaries' dates and times are in it. */
  time_zone: string;
  orders: OrderContext[];
  /** One paragraph an agent can paste: the matched (or newest) order in full, then the others in a line. */
  summary: string;
}

/** The one search field of a request, validated; throws a ValidationError naming the field. */
export function parseContextQuery(params: Readonly<Record<string, string | undefined>>): ContextQuery {
  const given = CONTEXT_FIELDS.filter((field) => params[field] !== undefined);
  const fail = (issues: FieldIssue[]) => new ValidationError(`bad context query: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`, issues);
  if (given.length === 0) throw fail([{ field: 'query', reason: `needs one of ${CONTEXT_FIELDS.join(', ')}` }]);
  if (given.length > 1) throw fail(given.map((field) => ({ field, reason: `give only one of ${given.join(', ')} per request` })));
  const field = given[0]!;
  const value = params[field]!.trim();
  if (value === '') throw fail([{ field, reason: 'is empty' }]);
  if (value.length > 254) throw fail([{ field, reason: 'must be at most 254 characters' }]);
  if (field === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw fail([{ field, reason: 'must be an email address' }]);
  if (field === 'phone' && !/^\+?\d{6,15}$/.test(value.replace(/[\s().\-/]/g, ''))) {
    throw fail([{ field, reason: 'must be a phone number: 6 to 15 digits, optionally with +, spaces, dashes, dots or parentheses' }]);
  }
  if (field === 'tracking') {
    const number = normalizeTrackingNumber(value);
    if (number.length < 4 || number.length > 64) throw fail([{ field, reason: 'must be a tracking number of 4 to 64 characters' }]);
    return { field, value: number };
  }
  return { field, value };
}

/**
 * The customer's recent orders (at most 5, newest first) for one search. An order or tracking
 * search also shows the other recent orders of the same customer (by the order's email, else its
 * phone); the named order is always among them. Throws NotFoundError naming what was searched.
 */
export async function loadAgentContext(store: Store, storeId: string, query: ContextQuery, options: { nowMs?: number } = {}): Promise<AgentContext> {
  const matched = await findMatched(store, storeId, query);
  if (matched.length === 0) {
    throw new NotFoundError(`no order found for ${query.field} '${query.value}' in store '${storeId}': check the spelling, or search by another field`, { searched: query });
  }
  const orders = query.field === 'email' || query.field === 'phone' ? matched : await withCustomersOtherOrders(store, storeId, matched);
  const matchedRefs = new Set(matched.map((o) => o.orderRef));
  const settings = withDefaultSettings(await store.admin.getStoreSettings(storeId));
  const wording: Wording = { timeZone: validZone(settings.timeZone), nowMs: options.nowMs ?? null };
  const views = await Promise.all(orders.map((order) => orderContext(store, order, matchedRefs.has(order.orderRef), wording)));
  return { query, time_zone: wording.timeZone, orders: views, summary: describeContext(views) };
}

async function findMatched(store: Store, storeId: string, query: ContextQuery): Promise<OrderRecord[]> {
  switch (query.field) {
    case 'email':
      return store.reads.findOrdersByContact(storeId, { email: query.value }, RECENT_ORDERS);
    case 'phone':
      return store.reads.findOrdersByContact(storeId, { phone: query.value }, RECENT_ORDERS);
    case 'order': {
      // A storefront id first (what the API and webhooks use), else the number the customer sees.
      const byRef = await store.reads.getOrder(storeId, query.value);
      return byRef ? [byRef] : store.reads.findOrdersByNumber(storeId, query.value, RECENT_ORDERS);
    }
    case 'tracking': {
      const shipment = await store.reads.getShipment(storeId, query.value);
      const order = shipment?.orderRef ? await store.reads.getOrder(storeId, shipment.orderRef) : null;
      return order ? [order] : [];
    }
  }
}

async function withCustomersOtherOrders(store: Store, storeId: string, matched: readonly OrderRecord[]): Promise<OrderRecord[]> {
  const customer = matched[0]!.facts.customer;
  const contact = customer?.email ? { email: customer.email } : customer?.phone ? { phone: customer.phone } : null;
  const theirs = contact ? await store.reads.findOrdersByContact(storeId, contact, RECENT_ORDERS) : [];
  const named = matched.slice(0, RECENT_ORDERS);
  const refs = new Set(named.map((o) => o.orderRef));
  const others = theirs.filter((o) => !refs.has(o.orderRef)).slice(0, RECENT_ORDERS - named.length);
  return [...named, ...others].sort(newestFirst);
}

function newestFirst(a: OrderRecord, b: OrderRecord): number {
  const ka = a.placedAt ?? a.createdAt;
  const kb = b.placedAt ?? b.createdAt;
  if (ka !== kb) return ka < kb ? 1 : -1;
  return a.orderRef < b.orderRef ? 1 : a.orderRef > b.orderRef ? -1 : 0;
}

async function orderContext(store: Store, order: OrderRecord, matched: boolean, wording: Wording): Promise<OrderContext> {
  const [shipments, notifications, cases] = await Promise.all([
    store.reads.listShipmentsOfOrder(order.storeId, order.orderRef),
    store.reads.listOrderNotifications(order.storeId, order.orderRef),
    store.reads.listOrderCases(order.storeId, order.orderRef),
  ]);
  const status = deriveOrderStatus(order, shipments.map((s) => s.truth.state));
  const view: Omit<OrderContext, 'summary'> = {
    ref: order.orderRef,
    number: order.facts.number ?? null,
    matched,
    placed_at: order.placedAt,
    status: status.status,
    status_words: status.words,
    needs_attention: status.needsAttention,
    total: order.facts.total ?? null,
    currency: order.facts.currency ?? null,
    shipments: shipments.map(shipmentContext),
    // Channel, milestone, time and outcome only: never the recipient's address or the text.
    messages: notifications.map((n) => ({
      channel: n.channel,
      milestone: n.milestone,
      tracking_number: n.trackingNumber,
      status: n.status,
      status_reason: n.statusReason,
      sent: SENT_STATUSES.has(n.status),
      at: n.sentAt ?? n.createdAt,
    })),
    open_cases: cases
      .filter((k) => k.status === 'open')
      .map((k) => ({ id: k.id, reason: k.reason, summary: k.summary, team: k.team, priority: k.priority, opened_at: k.openedAt, sla_due_at: k.slaDueAt })),
  };
  return { ...view, summary: describeOrder(view, wording) };
}

function shipmentContext(shipment: ShipmentRecord): ShipmentContext {
  const { truth } = shipment;
  return {
    tracking_number: shipment.trackingNumber,
    carrier: shipment.carrier,
    carrier_name: carrierName(shipment.carrier),
    ...truthInWords(truth),
    estimated_delivery_at: truth.estimatedDeliveryAt,
    last_scan_at: truth.lastScanAt,
    last_scan_place: formatLocation(truth.lastLocation),
  };
}

/** A zone Intl does not know (a hand-edited setting) falls back to UTC rather than failing the lookup. */
function validZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
