// Ingest: append events to the log and project them onto orders, shipments and timers, all in
// one transaction (DESIGN.md §1): the raw bytes, the events, the new state and every job they
// cause commit together or not at all.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import { isOrderEvent, isShipmentEvent } from '../core/events/event-types.ts';
import { applyOrderEvent, type OrderRecord } from '../core/order/order-record.ts';
import type { Clock } from '../core/ports/clock.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { RawPayload, Store, StoreTx } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import type { JobSpec } from '../core/jobs/job.ts';
import { countSourceStats } from './count-source-stats.ts';
import { projectShipment } from './project-shipment.ts';
import { resolveFulfillmentParcels } from './resolve-fulfillment-parcels.ts';
import { stallAnchor, stallCheckJob } from './stall-check.ts';
import { allDeliveredFact, deriveTriggerFacts, type TriggerFact } from '../core/workflows/trigger-facts.ts';
import { earlyContext, orderSignalTimers, planRuns } from './plan-runs.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';
import { applyFeedback, isFeedbackEvent } from './apply-feedback.ts';
import { openSourceCases } from './open-source-case.ts';

export interface IngestDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  /** Business hours without a carrier scan before a parcel counts as stalled (when the store sets none). */
  stallAfterHours: number;
  /** The stores' workflows and settings; without it, events start no runs (imports into a bare store). */
  catalog?: WorkflowCatalog | undefined;
  /**
   * Stores the jobs an event causes, starting those due now at once in the same transaction
   * (src/app/start-runs.ts). Without it every job is stored for the worker.
   */
  startJobs?: ((tx: StoreTx, jobs: readonly JobSpec[], nowMs: number) => Promise<void>) | undefined;
  /**
   * Most events in one transaction for `startJobs` to start its runs (config `inline_run_events`):
   * a larger transaction (a batch, webhooks merged under load) leaves them to the worker, so the
   * ingest rate holds and the runs follow at the worker's pace. Default: no limit.
   */
  startJobsUpTo?: number | undefined;
}

export type IngestItemStatus = 'accepted' | 'duplicate';

export interface IngestOptions {
  /** The quarantined payload these events were re-read from; marked replayed in the same transaction. */
  replayOf?: { storeId: string; id: string } | undefined;
}

export interface IngestOutcome {
  /** One entry per input event, in input order. */
  statuses: IngestItemStatus[];
  accepted: number;
  duplicates: number;
  rawRef: string | null;
}

/**
 * Durably ingest already-validated events of one store. Resolves only after the commit.
 * `raw` is archived once; each event points at it (`raw:<id>#<index>` for batches).
 */
export async function ingestEvents(
  deps: IngestDeps,
  items: readonly NormalizedEvent[],
  raw: RawPayload | null,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  // Rules are loaded before the transaction: inside it, trigger matching must not wait on a query.
  if (deps.catalog && items.length > 0) await deps.catalog.prepare(new Set(items.map((item) => item.event.store_id)));
  return deps.store.transact((tx) => ingestInTx(deps, tx, items, raw, options));
}

export async function ingestInTx(
  deps: IngestDeps,
  tx: StoreTx,
  items: readonly NormalizedEvent[],
  raw: RawPayload | null,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const now = isoAt(deps.clock.nowMs());
  // Shopify fulfillment events name a placeholder parcel; move them onto the real one first,
  // because the log row keeps the tracking number it was written with.
  const shopify = items.filter((item) => item.event.source === 'shopify');
  for (const storeItems of groupBy(shopify, (item) => item.event.store_id).values()) await resolveFulfillmentParcels(tx, storeItems);
  const rawRef = raw ? await tx.archiveRaw(raw) : null;
  if (rawRef !== null) {
    items.forEach((item, index) => {
      item.event.raw_ref = items.length === 1 ? rawRef : `${rawRef}#${index}`;
    });
  }
  const inserted = items.length === 0 ? [] : await tx.insertEvents(items.map((item) => ({ event: item.event, trackingNumber: item.trackingNumber })));
  const fresh = items.filter((_, index) => inserted[index]);
  // Signals from timer jobs arrive here without `ingestEvents`' preparation: a store whose rules
  // are not in memory (never loaded, or invalidated by a settings change) loads them now, or the
  // signal would be logged and silently start no run.
  const cold = deps.catalog ? unique(fresh.map((item) => item.event.store_id)).filter((storeId) => deps.catalog!.get(storeId) === undefined) : [];
  if (cold.length > 0) await deps.catalog!.prepare(cold);
  // Projection reads and writes one store at a time (the signals of one job claim may span stores).
  const startNow = deps.startJobs !== undefined && fresh.length <= (deps.startJobsUpTo ?? Number.POSITIVE_INFINITY);
  for (const storeItems of groupBy(fresh, (item) => item.event.store_id).values()) await project(deps, tx, storeItems, now, startNow);
  const feedback = fresh.filter((item) => isFeedbackEvent(item.event));
  if (feedback.length > 0) await applyFeedback(deps, tx, feedback.map((item) => item.event), Date.parse(now));
  const unhealthy = fresh.filter((item) => item.event.type === 'source.unhealthy');
  if (unhealthy.length > 0) await openSourceCases(tx, deps.ids, unhealthy.map((item) => item.event), Date.parse(now));
  // A new ticket is triaged after this commit (classified, linked, answered or tagged): src/app/triage-ticket.ts.
  const tickets = fresh.filter((item) => item.event.type === 'ticket.created');
  if (tickets.length > 0) {
    await tx.scheduleJobs(tickets.map(({ event }) => ({ storeId: event.store_id, kind: 'ticket.triage' as const, key: `triage:${event.source}:${event.id}`, dueAtMs: Date.parse(now), payload: { source: event.source, eventId: event.id }, maxAttempts: 8 })));
  }
  const stats = countSourceStats(items, inserted);
  if (stats.length > 0) await tx.addSourceStats(stats);
  if (options.replayOf !== undefined) {
    await tx.markReplayed(options.replayOf.storeId, options.replayOf.id, now, { accepted: fresh.length, duplicates: items.length - fresh.length });
  }
  const statuses = inserted.map((isNew): IngestItemStatus => (isNew ? 'accepted' : 'duplicate'));
  return { statuses, accepted: fresh.length, duplicates: items.length - fresh.length, rawRef };
}

async function project(deps: IngestDeps, tx: StoreTx, items: readonly NormalizedEvent[], now: string, startNow: boolean): Promise<void> {
  const storeId = items[0]!.event.store_id;
  const rules = deps.catalog?.get(storeId);
  const nowMs = Date.parse(now);
  const orderRefs = unique(items.map((item) => item.event.order_ref));
  const trackingNumbers = unique(items.map((item) => item.trackingNumber));
  const [orders, shipments] = await Promise.all([
    tx.loadOrders(storeId, orderRefs),
    tx.loadShipments(storeId, trackingNumbers),
  ]);

  const changedOrders = new Map<string, OrderRecord>();
  const ordersBefore = new Map<string, OrderRecord | null>();
  const facts: TriggerFact[] = [];
  for (const { event } of items) {
    if (event.order_ref === null) continue;
    const before = orders.get(event.order_ref) ?? null;
    // Tickets, receipts and opt-outs name orders; they never create one (a ticket's "order 1042"
    // may be a number, not a ref). Order and shipment events do.
    if (before === null && !isOrderEvent(event.type) && !isShipmentEvent(event.type)) continue;
    if (!ordersBefore.has(event.order_ref)) ordersBefore.set(event.order_ref, before);
    const next = applyOrderEvent(before, event, now);
    // Every order gets its tracking page token once, the first time an event touches it.
    next.trackingToken ??= deps.ids.secretToken(16);
    orders.set(event.order_ref, next);
    changedOrders.set(event.order_ref, next);
    if (event.shipment === null && rules) facts.push(...deriveTriggerFacts(event, null, next.promiseDate));
  }

  const byParcel = groupBy(
    items.filter((item) => item.event.shipment !== null),
    (item) => item.event.shipment!.tracking_number,
  );
  const changedShipments: ShipmentRecord[] = [];
  const jobs: JobSpec[] = [];
  const stallHours = rules?.settings.stallAfterBusinessHours ?? deps.stallAfterHours;
  const deliveredOrders = new Set<string>();
  const notMatched: WorkflowActivityRecord[] = [];
  for (const [trackingNumber, parcelItems] of byParcel) {
    const events = parcelItems.map((item) => item.event);
    const current = shipments.get(trackingNumber) ?? null;
    const next = await projectShipment({
      current,
      events,
      now,
      newId: () => deps.ids.newId('shp'),
      replayHistory: () => tx.loadShipmentEvents(storeId, trackingNumber),
    });
    changedShipments.push(next);
    const order = next.orderRef === null ? undefined : orders.get(next.orderRef);
    // Only a new scan (or a first state) moves the stall timer; it is check-at-fire anyway.
    if (current === null || stallAnchor(current) !== stallAnchor(next)) {
      const timer = stallCheckJob(next, stallHours, order?.facts.destination?.country ?? null);
      if (timer) jobs.push(timer);
    }
    if (rules) {
      const last = events[events.length - 1]!;
      const change = { trackingNumber, before: current?.truth ?? null, after: next.truth };
      for (const event of events) {
        const withParcel = { ...event, order_ref: event.order_ref ?? next.orderRef };
        facts.push(...deriveTriggerFacts(withParcel, event === last ? change : null, order?.promiseDate ?? null));
      }
      if (next.truth.state === 'delivered' && current?.truth.state !== 'delivered' && next.orderRef !== null) deliveredOrders.add(next.orderRef);
    }
  }
  if (rules) {
    for (const orderRef of deliveredOrders) {
      const all = await tx.loadShipmentsOfOrders(storeId, [orderRef]);
      const states = new Map(all.map((s) => [s.trackingNumber, s.truth.state]));
      for (const changed of changedShipments) if (changed.orderRef === orderRef) states.set(changed.trackingNumber, changed.truth.state);
      const live = [...states.values()].filter((state) => state !== 'cancelled');
      if (live.length > 0 && live.every((state) => state === 'delivered')) facts.push(allDeliveredFact(orderRef, now));
    }
    for (const [orderRef, after] of changedOrders) jobs.push(...orderSignalTimers(ordersBefore.get(orderRef) ?? null, after, rules));
    const parcels = new Map(changedShipments.map((s) => [s.trackingNumber, s]));
    const planned = planRuns(storeId, rules, facts, nowMs, earlyContext(rules, orders, parcels, nowMs));
    jobs.push(...planned.jobs);
    notMatched.push(...planned.notMatched);
  }

  await tx.saveOrders([...changedOrders.values()]);
  await tx.saveShipments(changedShipments);
  if (notMatched.length > 0) await tx.appendActivity(notMatched);
  // Last: a run started here reads the order and parcels as this batch left them.
  if (jobs.length > 0) await (startNow ? deps.startJobs!(tx, jobs, nowMs) : tx.scheduleJobs(jobs));
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
