// What conditions and templates see of an order: the order, its customer, the parcel the run is
// about, all parcels, and the history (messages already sent, open cases, tickets, exceptions).
// Built from records only, so the same context is built live, at send time and in a simulation.

import type { CaseRecord } from '../cases/case-record.ts';
import { deriveOrderStatus } from '../order/derive-order-status.ts';
import type { OrderRecord } from '../order/order-record.ts';
import type { NotificationRecord } from '../notifications/notification-record.ts';
import { SENT_STATUSES } from '../notifications/notification-record.ts';
import type { StoreSettings } from '../settings/store-settings.ts';
import type { ShipmentRecord } from '../shipment/shipment-record.ts';
import { REASON_WORDS } from '../vocabulary/shipment-reasons.ts';
import { STATE_WORDS } from '../vocabulary/shipment-states.ts';
import type { RuleContext } from './compile-conditions.ts';

const HOUR_MS = 3_600_000;

export interface ContextInput {
  order: OrderRecord;
  shipments: readonly ShipmentRecord[];
  /** The parcel the run is about, when its trigger was a parcel's. */
  trackingNumber: string | null;
  notifications: readonly NotificationRecord[];
  openCases: readonly CaseRecord[];
  /** Tickets about this order (ticket.created events) and exception scans of its parcels. */
  ticketCount: number;
  exceptionCount: number;
  customerOrderCount: number;
  settings: StoreSettings;
  storeName: string;
  trigger: { kind: string; value: string };
  nowMs: number;
}

export function buildRuleContext(input: ContextInput): RuleContext {
  const { order, settings } = input;
  const facts = order.facts;
  const tags = [...(facts.tags ?? []), ...(order.heraldTags ?? [])];
  const total = facts.total === undefined ? null : Number(facts.total);
  const destination = facts.destination ?? {};
  const customer = facts.customer ?? {};
  const status = deriveOrderStatus(order, input.shipments.map((s) => s.truth.state));
  const parcel = input.shipments.find((s) => s.trackingNumber === input.trackingNumber) ?? (input.shipments.length === 1 ? input.shipments[0] : undefined);
  const sent = input.notifications.filter((n) => SENT_STATUSES.has(n.status));
  return {
    store: { name: input.storeName, country: settings.country },
    order: {
      ref: order.orderRef,
      number: facts.number ?? order.orderRef,
      total,
      value: total,
      currency: facts.currency ?? null,
      tags,
      vip: tags.some((tag) => tag.toLowerCase() === 'vip'),
      high_value: total !== null && total >= settings.highValueThreshold,
      channel: facts.channel ?? null,
      shipping_method: facts.shipping_method ?? null,
      local_pickup: /pick ?up|collect|click.?and.?collect|abholung|retrait/i.test(facts.shipping_method ?? ''),
      payment_method: facts.payment_method ?? null,
      financial_status: facts.financial_status ?? null,
      destination,
      international: Boolean(settings.country && destination.country && settings.country.toUpperCase() !== destination.country.toUpperCase()),
      status: status.status,
      status_words: status.words,
      placed_at: order.placedAt,
      paid_at: order.paidAt,
      cancelled: order.cancelledAt !== null,
      refunded: order.refundedAt !== null,
      promise_date: order.promiseDate,
      past_promise: order.promiseDate !== null && isPast(order.promiseDate, input.nowMs),
      payment_captured_later: order.paidAt !== null && order.placedAt !== null && Date.parse(order.paidAt) - Date.parse(order.placedAt) > 15 * 60_000,
      item_count: (facts.line_items ?? []).reduce((sum, item) => sum + item.quantity, 0),
      made_to_order: tags.some((tag) => /made.?to.?order|custom|personali[sz]ed/i.test(tag)),
    },
    customer: {
      ref: order.customerRef,
      email: customer.email ?? null,
      phone: customer.phone ?? null,
      first_name: customer.first_name ?? null,
      last_name: customer.last_name ?? null,
      locale: customer.locale ?? null,
      accepts_sms: customer.accepts_sms ?? false,
      accepts_email_marketing: customer.accepts_email_marketing ?? false,
      order_count: input.customerOrderCount,
      first_time: input.customerOrderCount <= 1,
    },
    shipment: parcel ? shipmentContext(parcel, input.nowMs) : null,
    shipments: {
      count: status.shipmentCount,
      delivered: status.deliveredCount,
      states: input.shipments.map((s) => s.truth.state),
    },
    history: {
      messages_sent: sent.length,
      milestones_sent: [...new Set(sent.map((n) => n.milestone))],
      engaged: [...new Set(input.notifications.filter((n) => n.status === 'opened' || n.status === 'clicked').map((n) => n.milestone))],
      open_cases: input.openCases.length,
      open_tickets: input.ticketCount,
      exceptions: input.exceptionCount,
    },
    trigger: input.trigger,
  };
}

/** A promise date (`2026-11-24`) is kept until the end of that day; a date-time until that instant. */
function isPast(promise: string, nowMs: number): boolean {
  const endMs = promise.length === 10 ? Date.parse(`${promise}T23:59:59Z`) : Date.parse(promise);
  return Number.isFinite(endMs) && nowMs > endMs;
}

function shipmentContext(parcel: ShipmentRecord, nowMs: number): Record<string, unknown> {
  const { truth } = parcel;
  const eta = truth.estimatedDeliveryAt;
  const lastScan = truth.lastScanAt;
  return {
    tracking_number: parcel.trackingNumber,
    carrier: parcel.carrier,
    state: truth.state,
    state_words: STATE_WORDS[truth.state],
    reason: truth.reason,
    reason_words: truth.reason ? REASON_WORDS[truth.reason] : null,
    eta,
    days_to_eta: eta ? Math.round(((Date.parse(eta) - nowMs) / (24 * HOUR_MS)) * 10) / 10 : null,
    last_scan_at: lastScan,
    hours_since_scan: lastScan ? Math.floor((nowMs - Date.parse(lastScan)) / HOUR_MS) : null,
    last_location: truth.lastLocation,
    attempts: truth.attemptCount ?? 0,
  };
}
