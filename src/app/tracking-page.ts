// The customer's tracking page as facts (language-neutral; src/web/tracking puts them in words):
// each parcel's journey as customer-meaningful steps, the ETA as a window, the last scan and
// where, and what the customer can do about an exception. Only the first name and the
// destination city leave this module: never an email, phone, street, postal code or full name.
// Also the order lookup (number plus email or postal code), the per-store settings cache the
// page reads, and page visit counters batched in memory.

import type { PageVisitCount } from '../core/admin/user-record.ts';
import { localParts } from '../core/calendar/local-time.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import { deriveOrderStatus } from '../core/order/derive-order-status.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import { withDefaultSettings, type StoreSettings } from '../core/settings/store-settings.ts';
import { REASON_ACTORS, type Actor, type ShipmentReason } from '../core/vocabulary/shipment-reasons.ts';
import type { ShipmentState } from '../core/vocabulary/shipment-states.ts';

/** The steps a customer recognises, in order. */
export const JOURNEY_STEPS = ['ordered', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

/** What a customer can do from the page. */
export const SELF_SERVICE_ACTIONS = ['address', 'instructions', 'problem', 'refund', 'reship'] as const;
export type SelfServiceAction = (typeof SELF_SERVICE_ACTIONS)[number];

export interface StepView {
  step: JourneyStep;
  status: 'done' | 'current' | 'problem' | 'todo';
  /** When the parcel reached this step, where known. */
  at: string | null;
}

export interface ParcelView {
  trackingNumber: string;
  carrier: string | null;
  state: ShipmentState;
  reason: ShipmentReason | null;
  /** Who must act on the reason. */
  actor: Actor | null;
  steps: StepView[];
  /** Expected delivery as a window of days (ISO instants of the first and last day). */
  eta: { from: string; to: string } | null;
  deliveredAt: string | null;
  lastScan: { at: string; city: string | null; country: string | null } | null;
  actions: SelfServiceAction[];
}

export interface TrackingView {
  storeId: string;
  orderRef: string;
  token: string;
  settings: StoreSettings;
  order: { number: string | null; firstName: string | null; city: string | null; placedAt: string | null; status: string; cancelled: boolean };
  /** The customer's locale from the storefront, a hint for the page's language. */
  localeHint: string | null;
  parcels: ParcelView[];
}

const STEP_OF: Readonly<Record<ShipmentState, number>> = {
  pending: 1,
  label_created: 1,
  in_transit: 2,
  exception: 2,
  returning_to_sender: 2,
  returned_to_sender: 2,
  out_for_delivery: 3,
  available_for_pickup: 3,
  delivery_attempted: 3,
  delivered: 4,
  cancelled: 1,
  expired: 2,
  unknown: 1,
};

const TROUBLE: ReadonlySet<ShipmentState> = new Set<ShipmentState>(['exception', 'returning_to_sender', 'returned_to_sender', 'delivery_attempted', 'cancelled', 'expired']);
const LOST_OR_BROKEN: ReadonlySet<ShipmentReason> = new Set<ShipmentReason>(['lost', 'damaged', 'disposed', 'undeliverable']);
const HARD_TO_REACH: ReadonlySet<ShipmentReason> = new Set<ShipmentReason>(['recipient_unavailable', 'access_restricted', 'unclaimed']);
const EVENTS_PER_PARCEL = 500;
const DAY_MS = 86_400_000;

/** The page for a token, or null when no order has it. */
/** What a tracking page token can look like; anything else names no order, and is not looked up. */
export function isTrackingToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{10,64}$/.test(token);
}

export async function loadTrackingView(store: Store, settingsOf: (storeId: string) => Promise<StoreSettings>, token: string): Promise<TrackingView | null> {
  if (!isTrackingToken(token)) return null;
  const order = await store.reads.findOrderByTrackingToken(token);
  if (!order || order.trackingToken !== token) return null;
  const [settings, shipments] = await Promise.all([settingsOf(order.storeId), store.reads.listShipmentsOfOrder(order.storeId, order.orderRef)]);
  const histories = await Promise.all(shipments.map((s) => store.reads.listShipmentEvents(order.storeId, s.trackingNumber, EVENTS_PER_PARCEL)));
  const summary = deriveOrderStatus(order, shipments.map((s) => s.truth.state));
  return {
    storeId: order.storeId,
    orderRef: order.orderRef,
    token,
    settings,
    order: {
      number: order.facts.number ?? null,
      firstName: order.facts.customer?.first_name?.trim() || null,
      city: order.facts.destination?.city?.trim() || null,
      placedAt: order.placedAt,
      status: summary.status,
      cancelled: order.cancelledAt !== null,
    },
    localeHint: order.facts.customer?.locale ?? null,
    parcels: shipments.map((s, i) => parcelView(order, s, histories[i]!.map((row) => row.event))),
  };
}

function parcelView(order: OrderRecord, shipment: ShipmentRecord, events: readonly CanonicalEvent[]): ParcelView {
  const { truth } = shipment;
  const reached: (string | null)[] = JOURNEY_STEPS.map(() => null);
  reached[0] = order.placedAt ?? order.createdAt;
  for (const event of events) {
    const state = event.shipment?.state;
    if (!state) continue;
    // The first news of the parcel is when it shipped; each later step, the first scan in it.
    if (reached[1] === null || event.occurred_at < reached[1]!) reached[1] = event.occurred_at;
    const index = STEP_OF[state];
    if (index > 1 && (reached[index] === null || event.occurred_at < reached[index]!)) reached[index] = event.occurred_at;
  }
  reached[1] ??= shipment.createdAt;
  const current = STEP_OF[truth.state];
  const trouble = TROUBLE.has(truth.state) || (truth.reason !== null && truth.state !== 'delivered');
  const steps = JOURNEY_STEPS.map((step, index): StepView => {
    const status = index < current ? 'done' : index === current ? (trouble ? 'problem' : truth.state === 'delivered' ? 'done' : 'current') : 'todo';
    return { step, status, at: index <= current ? (reached[index] ?? null) : null };
  });
  const delivered = truth.state === 'delivered';
  return {
    trackingNumber: shipment.trackingNumber,
    carrier: shipment.carrier,
    state: truth.state,
    reason: truth.reason,
    actor: truth.reason ? REASON_ACTORS[truth.reason] : null,
    steps,
    eta: delivered || truth.state === 'cancelled' || truth.state === 'returned_to_sender' ? null : etaWindow(truth.estimatedDeliveryAt, order.promiseDate),
    deliveredAt: delivered ? truth.stateSince : null,
    lastScan: truth.lastScanAt ? { at: truth.lastScanAt, city: truth.lastLocation?.city ?? null, country: truth.lastLocation?.country ?? null } : null,
    actions: actionsFor(truth.state, truth.reason),
  };
}

/**
 * A carrier's estimate is one day, but parcels slip: the window runs from that day to the next
 * (a Sunday end moves to Monday). Without an estimate, the promised date ends a two-day window.
 */
export function etaWindow(estimatedDeliveryAt: string | null, promiseDate: string | null): { from: string; to: string } | null {
  const base = estimatedDeliveryAt ?? promiseDate;
  if (!base) return null;
  const ms = Date.parse(base);
  if (!Number.isFinite(ms)) return null;
  if (estimatedDeliveryAt) {
    let to = ms + DAY_MS;
    if (new Date(to).getUTCDay() === 0) to += DAY_MS;
    return { from: new Date(ms).toISOString(), to: new Date(to).toISOString() };
  }
  return { from: new Date(ms - DAY_MS).toISOString(), to: new Date(ms).toISOString() };
}

/** What the customer can do about a parcel in this state. */
export function actionsFor(state: ShipmentState, reason: ShipmentReason | null): SelfServiceAction[] {
  if (reason === 'address_issue') return ['address', 'instructions', 'problem'];
  if ((reason && LOST_OR_BROKEN.has(reason)) || state === 'returning_to_sender' || state === 'returned_to_sender') return ['problem', 'refund', 'reship'];
  if ((reason && HARD_TO_REACH.has(reason)) || state === 'delivery_attempted' || state === 'available_for_pickup') return ['instructions', 'problem'];
  if (state === 'delivered' || state === 'exception' || state === 'expired' || reason !== null) return ['problem'];
  return [];
}

/** The tracking token of the order with this number whose email or destination postal code is `contact`; null otherwise. */
export async function lookUpTrackingToken(store: Store, storeIds: readonly string[], number: string, contact: string): Promise<{ storeId: string; token: string } | null> {
  const wanted = contact.trim();
  for (const storeId of storeIds) {
    const candidates = await store.reads.findOrdersByNumber(storeId, number.trim(), 5);
    const match = candidates.find((order) => order.trackingToken && contactMatches(order, wanted));
    if (match?.trackingToken) return { storeId, token: match.trackingToken };
  }
  return null;
}

function contactMatches(order: OrderRecord, contact: string): boolean {
  if (contact.includes('@')) {
    const email = order.facts.customer?.email?.trim().toLowerCase();
    return email !== undefined && email !== '' && email === contact.toLowerCase();
  }
  const postal = normalizePostalCode(order.facts.destination?.postal_code ?? '');
  return postal !== '' && postal === normalizePostalCode(contact);
}

function normalizePostalCode(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** Store settings for pages, read at most once per `ttlMs` per store (the HTTP thread has no catalog). */
export function createSettingsCache(store: Store, clock: Clock, ttlMs = 1_000): (storeId: string) => Promise<StoreSettings> {
  const cache = new Map<string, { atMs: number; settings: Promise<StoreSettings> }>();
  return (storeId) => {
    const nowMs = clock.nowMs();
    const hit = cache.get(storeId);
    if (hit && nowMs - hit.atMs < ttlMs && nowMs >= hit.atMs) return hit.settings;
    const settings = store.admin.getStoreSettings(storeId).then(withDefaultSettings);
    cache.set(storeId, { atMs: nowMs, settings });
    settings.catch(() => cache.delete(storeId));
    return settings;
  };
}

export interface PageVisitCounter {
  /** One visit, on today's date in `timeZone` (the store's), the day the scorecard shows it under. */
  count(storeId: string, page: string, timeZone: string): void;
  /** Write what is counted so far (the timer does this every `flushEveryMs`). */
  flush(): Promise<void>;
}

/** Visit counters kept in memory and added to the store once per interval: no write per request. */
export function createPageVisitCounter(store: Store, clock: Clock, options: { flushEveryMs?: number; onError?: (error: unknown) => void } = {}): PageVisitCounter {
  const flushEveryMs = options.flushEveryMs ?? 1_000;
  let pending = new Map<string, PageVisitCount>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const rows = [...pending.values()];
    pending = new Map();
    try {
      await store.admin.addPageVisits(rows);
    } catch (error) {
      options.onError?.(error);
    }
  };
  return {
    count(storeId, page, timeZone) {
      const day = localParts(clock.nowMs(), timeZone).date;
      const key = `${storeId}\u0000${day}\u0000${page}`;
      const row = pending.get(key);
      if (row) row.visits += 1;
      else pending.set(key, { storeId, day, page, visits: 1 });
      if (!timer) {
        timer = setTimeout(() => void flush(), flushEveryMs);
        timer.unref?.();
      }
    },
    flush,
  };
}
