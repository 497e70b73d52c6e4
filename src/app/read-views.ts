// Read models for the API: an order with its parcels and timeline, one parcel, in plain words.

import { NotFoundError } from '../core/errors.ts';
import { deriveOrderStatus } from '../core/order/derive-order-status.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import type { Store, StoredEvent } from '../core/ports/store.ts';
import { describeTimeline } from '../core/shipment/describe-timeline.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import { REASON_ACTORS, REASON_WORDS } from '../core/vocabulary/shipment-reasons.ts';
import { countSmsSegments } from '../core/channels/sms-segments.ts';
import { STATE_WORDS } from '../core/vocabulary/shipment-states.ts';

const TIMELINE_LIMIT = 1_000;

export async function getOrderView(store: Store, storeId: string, orderRef: string) {
  const [order, shipments] = await Promise.all([
    store.reads.getOrder(storeId, orderRef),
    store.reads.listShipmentsOfOrder(storeId, orderRef),
  ]);
  if (!order) throw new NotFoundError(`no order '${orderRef}' in store '${storeId}'`, { orderRef });
  const [events, notifications, activity, cases] = await Promise.all([
    store.reads.listOrderEvents(storeId, orderRef, TIMELINE_LIMIT),
    store.reads.listOrderNotifications(storeId, orderRef),
    store.reads.listOrderActivity(storeId, orderRef, TIMELINE_LIMIT),
    store.reads.listOrderCases(storeId, orderRef),
  ]);
  return {
    order: orderView(order, shipments),
    shipments: shipments.map(shipmentView),
    timeline: timelineView(events),
    // What the workflows did and did not do, and why: every message, every skipped step.
    activity: activity.map((a) => ({ at: a.at, workflow: a.workflowId, version: a.workflowVersion, step: a.step, outcome: a.outcome, reason: a.reason, run: a.runKey, detail: a.detail })),
    notifications: notifications.map(notificationView),
    cases: cases.map((k) => ({ id: k.id, reason: k.reason, summary: k.summary, team: k.team, priority: k.priority, status: k.status, opened_at: k.openedAt, sla_due_at: k.slaDueAt, evidence: k.evidence })),
  };
}

export async function getShipmentView(store: Store, storeId: string, carrier: string, trackingNumber: string) {
  const shipment = await store.reads.getShipment(storeId, trackingNumber);
  const wanted = carrier.toLowerCase();
  if (!shipment || (wanted !== 'any' && shipment.carrier !== wanted && !shipment.carrierCandidates.includes(wanted))) {
    throw new NotFoundError(`no shipment ${carrier}/${trackingNumber} in store '${storeId}'`, { carrier, trackingNumber });
  }
  const events = await store.reads.listShipmentEvents(storeId, trackingNumber, TIMELINE_LIMIT);
  return { shipment: shipmentView(shipment), timeline: timelineView(events) };
}

function orderView(order: OrderRecord, shipments: readonly ShipmentRecord[]) {
  const summary = deriveOrderStatus(order, shipments.map((s) => s.truth.state));
  return {
    ref: order.orderRef,
    customer_ref: order.customerRef,
    status: summary.status,
    status_words: summary.words,
    needs_attention: summary.needsAttention,
    refunded: summary.refunded,
    shipment_count: summary.shipmentCount,
    delivered_count: summary.deliveredCount,
    ...order.facts,
    promise_date: order.promiseDate,
    placed_at: order.placedAt,
    paid_at: order.paidAt,
    fulfilled_at: order.fulfilledAt,
    cancelled_at: order.cancelledAt,
    refunded_at: order.refundedAt,
    last_event_at: order.lastEventAt,
  };
}

/** A notification as the API shows it: what, to whom, on which channel, and its whole history. */
export function notificationView(n: NotificationRecord) {
  return {
    id: n.id,
    order_ref: n.orderRef,
    milestone: n.milestone,
    tracking_number: n.trackingNumber,
    channel: n.channel,
    recipient: n.recipient,
    status: n.status,
    status_reason: n.statusReason,
    workflow: { id: n.workflowId, version: n.workflowVersion },
    subject: n.subject,
    body: n.body,
    due_at: n.dueAt,
    created_at: n.createdAt,
    sent_at: n.sentAt,
    ...(n.channel === 'sms' && n.body ? { sms: countSmsSegments(n.body) } : {}),
    provider: n.provider ?? null,
    provider_message_id: n.providerMessageId ?? null,
    fallback_of: n.fallbackOf ?? null,
    attempts: n.attempts ?? [],
    history: n.history,
  };
}

export function shipmentView(shipment: ShipmentRecord) {
  const { truth } = shipment;
  return {
    id: shipment.id,
    tracking_number: shipment.trackingNumber,
    carrier: shipment.carrier,
    carrier_candidates: shipment.carrierCandidates,
    carrier_ambiguous: shipment.carrierAmbiguous,
    order_ref: shipment.orderRef,
    ...truthInWords(truth),
    last_scan_at: truth.lastScanAt,
    last_location: truth.lastLocation,
    estimated_delivery_at: truth.estimatedDeliveryAt,
    events_seen: truth.observationCount,
  };
}

function timelineView(events: readonly StoredEvent[]) {
  return describeTimeline(events).map(({ seq, event, effect, arrivedLate, words }) => ({
    seq,
    id: event.id,
    type: event.type,
    source: event.source,
    occurred_at: event.occurred_at,
    received_at: event.received_at,
    tracking_number: event.shipment?.tracking_number ?? (event.attributes?.['tracking_number'] as string | undefined) ?? null,
    state: event.shipment?.state ?? null,
    reason: event.shipment?.reason ?? null,
    words,
    effect,
    arrived_late: arrivedLate,
    provider_status: event.shipment?.provider_status ?? null,
    location: event.shipment?.location ?? null,
    message: event.shipment?.message ?? null,
    raw_ref: event.raw_ref,
  }));
}

/** A parcel's state and reason as every view shows them: codes, words, and who must act. */
export function truthInWords(truth: ShipmentRecord['truth']) {
  return {
    state: truth.state,
    state_words: STATE_WORDS[truth.state],
    reason: truth.reason,
    reason_words: truth.reason ? REASON_WORDS[truth.reason] : null,
    action_by: truth.reason ? REASON_ACTORS[truth.reason] : null,
    state_since: truth.stateSince,
  };
}
