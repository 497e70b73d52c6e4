// Shopify's fulfillment_events/create names no tracking number, only its fulfillment: the adapter
// puts such events on a placeholder parcel (`SHOPIFYFULFILLMENT<id>`, `attributes.parcel_unresolved`).
// Here, inside the ingest transaction, `fulfillment.*` events teach which tracking number each
// fulfillment ships, and placeholder events whose fulfillment is known move onto the real parcel.
// A placeholder event that arrives before its fulfillment stays on the placeholder parcel.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { StoreTx } from '../core/ports/store.ts';

const PLACEHOLDER_PREFIX = 'SHOPIFYFULFILLMENT';

export async function resolveFulfillmentParcels(tx: StoreTx, items: readonly NormalizedEvent[]): Promise<void> {
  const storeId = items[0]?.event.store_id;
  if (storeId === undefined) return;
  const learned = new Map<string, string>();
  const unresolved: NormalizedEvent[] = [];
  for (const item of items) {
    const fulfillmentId = fulfillmentIdOf(item);
    if (fulfillmentId === null || item.trackingNumber === null) continue;
    if (isPlaceholder(item)) unresolved.push(item);
    else if (item.event.type.startsWith('fulfillment.') && !learned.has(fulfillmentId)) learned.set(fulfillmentId, item.trackingNumber);
  }
  if (learned.size > 0) await tx.saveFulfillmentParcels(storeId, learned);
  if (unresolved.length === 0) return;
  const missing = [...new Set(unresolved.map((item) => fulfillmentIdOf(item)!).filter((id) => !learned.has(id)))];
  const known = missing.length > 0 ? await tx.loadFulfillmentParcels(storeId, missing) : new Map<string, string>();
  for (const item of unresolved) {
    const trackingNumber = learned.get(fulfillmentIdOf(item)!) ?? known.get(fulfillmentIdOf(item)!);
    if (trackingNumber === undefined || item.event.shipment === null) continue;
    item.event.attributes = { ...item.event.attributes, parcel_unresolved: false, placeholder_parcel: item.trackingNumber };
    item.event.shipment = { ...item.event.shipment, tracking_number: trackingNumber };
    item.trackingNumber = trackingNumber;
  }
}

function fulfillmentIdOf(item: NormalizedEvent): string | null {
  const id = item.event.attributes?.['fulfillment_id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

function isPlaceholder(item: NormalizedEvent): boolean {
  return item.event.attributes?.['parcel_unresolved'] === true && item.trackingNumber?.startsWith(PLACEHOLDER_PREFIX) === true;
}
