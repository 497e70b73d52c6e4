// The order projection: what the customer bought and where it stands, built from order events.
// Field updates follow `occurred_at` (a late `order.updated` never overwrites a newer one);
// lifecycle moments (placed, paid, cancelled, refunded) are sticky once seen.

import type { CanonicalEvent, EventOrder } from '../events/canonical-event.ts';

export interface OrderRecord {
  storeId: string;
  orderRef: string;
  customerRef: string | null;
  facts: EventOrder;
  promiseDate: string | null;
  placedAt: string | null;
  paidAt: string | null;
  fulfilledAt: string | null;
  cancelledAt: string | null;
  refundedAt: string | null;
  /** occurred_at of the newest event whose order fields were applied. */
  factsAsOf: string | null;
  /** occurred_at of the event that set `customerRef` / `promiseDate`: each field follows its own newest event. */
  customerRefAsOf?: string | null | undefined;
  promiseDateAsOf?: string | null | undefined;
  /** Tags added by workflows (the `tag` step), kept apart so a storefront update never erases them. */
  heraldTags?: string[] | undefined;
  /** How many times the customer contacted support about this order (ticket.created events). */
  ticketCount?: number | undefined;
  /** The unguessable token of the order's tracking page (`/t/<token>`): no order id in the URL. */
  trackingToken?: string | undefined;
  /**
   * The latest customer messages linked to this order by ticket triage (src/app/triage-ticket.ts),
   * oldest first, at most `MAX_ORDER_TICKETS`: how a second conversation about the order is told.
   */
  tickets?: OrderTicket[] | undefined;
  /** occurred_at of the newest event about this order of any kind. */
  lastEventAt: string;
  createdAt: string;
  updatedAt: string;
}

/** One customer message about an order, as ticket triage remembers it. */
export interface OrderTicket {
  /** The source it came from (`zendesk`, an SMS provider). */
  source: string;
  ticketId: string;
  /** occurred_at of the message. */
  at: string;
  intent: 'wismo' | 'other';
}

/** How many tickets an order remembers; older ones drop off. */
export const MAX_ORDER_TICKETS = 20;

const MOMENTS = {
  'order.placed': 'placedAt',
  'order.paid': 'paidAt',
  'order.fulfilled': 'fulfilledAt',
  'order.cancelled': 'cancelledAt',
  'order.refunded': 'refundedAt',
} as const satisfies Record<string, keyof OrderRecord>;

/** Apply one event to an order (or start one). `now` is the transaction's clock reading. */
export function applyOrderEvent(order: OrderRecord | null, event: CanonicalEvent, now: string): OrderRecord {
  const orderRef = event.order_ref;
  if (orderRef === null) throw new Error('applyOrderEvent needs an event with order_ref');
  const base: OrderRecord = order ?? {
    storeId: event.store_id,
    orderRef,
    customerRef: null,
    facts: {},
    promiseDate: null,
    placedAt: null,
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    factsAsOf: null,
    lastEventAt: event.occurred_at,
    createdAt: now,
    updatedAt: now,
  };
  const next: OrderRecord = { ...base, updatedAt: now };
  if (event.occurred_at > next.lastEventAt) next.lastEventAt = event.occurred_at;

  const isNewest = next.factsAsOf === null || event.occurred_at >= next.factsAsOf;
  if (event.order && isNewest) {
    next.facts = mergeFacts(next.facts, event.order);
    next.factsAsOf = event.occurred_at;
  } else if (event.order) {
    // An older event may still fill a field nobody has set yet.
    next.facts = mergeFacts(event.order, next.facts);
  }
  if (event.customer_ref && isNewer(event.occurred_at, next.customerRefAsOf)) {
    next.customerRef = event.customer_ref;
    next.customerRefAsOf = event.occurred_at;
  }
  if (event.promise_date && isNewer(event.occurred_at, next.promiseDateAsOf)) {
    next.promiseDate = event.promise_date;
    next.promiseDateAsOf = event.occurred_at;
  }

  if (event.type === 'ticket.created') next.ticketCount = (next.ticketCount ?? 0) + 1;
  const moment = MOMENTS[event.type as keyof typeof MOMENTS];
  if (moment !== undefined) {
    const seen = next[moment];
    if (seen === null || event.occurred_at < seen) next[moment] = event.occurred_at;
  }
  return next;
}

function isNewer(occurredAt: string, asOf: string | null | undefined): boolean {
  return asOf === null || asOf === undefined || occurredAt >= asOf;
}

/** Shallow merge where `over` wins; nested customer and destination merge field by field. */
function mergeFacts(under: EventOrder, over: EventOrder): EventOrder {
  const merged: EventOrder = { ...under };
  for (const [key, value] of Object.entries(over) as [keyof EventOrder, unknown][]) {
    if (value === undefined) continue;
    if ((key === 'customer' || key === 'destination') && isPlainObject(value)) {
      (merged as Record<string, unknown>)[key] = { ...(under[key] ?? {}), ...stripUndefined(value) };
    } else {
      (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
