// Ingest: append events to the log and project them onto orders, shipments and timers, all in
// one transaction (DESIGN.md §1): the raw bytes, the events, the new state and every job they
// cause commit together or not at all.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
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

export interface IngestDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  /** Hours without a carrier scan before a parcel counts as stalled. */
  stallAfterHours: number;
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
  // Projection reads and writes one store at a time (the signals of one job claim may span stores).
  for (const storeItems of groupBy(fresh, (item) => item.event.store_id).values()) await project(deps, tx, storeItems, now);
  const stats = countSourceStats(items, inserted);
  if (stats.length > 0) await tx.addSourceStats(stats);
  if (options.replayOf !== undefined) {
    await tx.markReplayed(options.replayOf.storeId, options.replayOf.id, now, { accepted: fresh.length, duplicates: items.length - fresh.length });
  }
  const statuses = inserted.map((isNew): IngestItemStatus => (isNew ? 'accepted' : 'duplicate'));
  return { statuses, accepted: fresh.length, duplicates: items.length - fresh.length, rawRef };
}

async function project(deps: IngestDeps, tx: StoreTx, items: readonly NormalizedEvent[], now: string): Promise<void> {
  const storeId = items[0]!.event.store_id;
  const orderRefs = unique(items.map((item) => item.event.order_ref));
  const trackingNumbers = unique(items.map((item) => item.trackingNumber));
  const [orders, shipments] = await Promise.all([
    tx.loadOrders(storeId, orderRefs),
    tx.loadShipments(storeId, trackingNumbers),
  ]);

  const changedOrders = new Map<string, OrderRecord>();
  for (const { event } of items) {
    if (event.order_ref === null) continue;
    const next = applyOrderEvent(orders.get(event.order_ref) ?? null, event, now);
    orders.set(event.order_ref, next);
    changedOrders.set(event.order_ref, next);
  }

  const byParcel = groupBy(
    items.filter((item) => item.event.shipment !== null),
    (item) => item.event.shipment!.tracking_number,
  );
  const changedShipments: ShipmentRecord[] = [];
  const jobs: JobSpec[] = [];
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
    // Only a new scan (or a first state) moves the stall timer; it is check-at-fire anyway.
    const timer = stallCheckJob(next, deps.stallAfterHours);
    if (timer && (current === null || stallAnchor(current) !== stallAnchor(next))) jobs.push(timer);
  }

  await tx.saveOrders([...changedOrders.values()]);
  await tx.saveShipments(changedShipments);
  if (jobs.length > 0) await tx.scheduleJobs(jobs);
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
