// Events Herald observes or derives itself (signals, receipts, opt-outs, tracking page actions):
// canonical events with no payload of a source behind them, happening the moment they are made.

import type { CanonicalEvent } from './canonical-event.ts';
import type { EventType } from './event-types.ts';

export interface OwnEventFacts {
  storeId: string;
  /** `herald` for signals; the observer otherwise (`tracking_page`, a channel's name). */
  source: string;
  type: EventType;
  id: string;
  /** When it happened, which is also when it was received. */
  at: string;
  orderRef: string | null;
  attributes: Record<string, unknown>;
}

export function ownEvent(facts: OwnEventFacts): CanonicalEvent {
  return {
    id: facts.id,
    type: facts.type,
    store_id: facts.storeId,
    source: facts.source,
    occurred_at: facts.at,
    received_at: facts.at,
    order_ref: facts.orderRef,
    customer_ref: null,
    shipment: null,
    order: null,
    promise_date: null,
    raw_ref: null,
    attributes: facts.attributes,
  };
}
