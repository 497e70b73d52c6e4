// The `stalled` signal's timer: check-at-fire. Scheduled (and superseded) on every change of a
// parcel; when it fires it re-reads the parcel and records a `shipment.stalled` event only if
// no newer scan arrived. The event id is derived from the scan it is about, so a retried job
// can never record the signal twice.

import { ownEvent } from '../core/events/own-event.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { JobRecord, JobSpec } from '../core/jobs/job.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import { isTerminalState } from '../core/vocabulary/shipment-states.ts';
import { addBusinessHours, carrierCalendar } from '../core/calendar/business-hours.ts';

/** The moment a parcel last moved: its newest scan, or when it entered its state. */
export function stallAnchor(shipment: ShipmentRecord): string | null {
  return shipment.truth.lastScanAt ?? shipment.truth.stateSince;
}

/**
 * The stall timer of a parcel: `stallAfterBusinessHours` of its carrier's calendar in the
 * destination country (no Sunday pickups, public holidays) after it last moved.
 */
export function stallCheckJob(shipment: ShipmentRecord, stallAfterBusinessHours: number, country: string | null = null): JobSpec | null {
  const { truth } = shipment;
  if (isTerminalState(truth.state)) return null;
  const since = stallAnchor(shipment);
  if (since === null) return null;
  const calendar = carrierCalendar(shipment.carrier, country ?? truth.lastLocation?.country ?? null);
  return {
    storeId: shipment.storeId,
    kind: 'shipment.stall_check',
    key: `stall:${shipment.trackingNumber}`,
    dueAtMs: addBusinessHours(Date.parse(since), stallAfterBusinessHours, calendar),
    payload: { trackingNumber: shipment.trackingNumber, since },
  };
}

/** Returns the signal event to ingest, or null when the parcel moved on since the timer was set. */
export async function checkStall(job: JobRecord, tx: StoreTx, nowMs: number): Promise<CanonicalEvent | null> {
  const trackingNumber = String(job.payload['trackingNumber']);
  const since = String(job.payload['since']);
  const shipment = (await tx.loadShipments(job.storeId, [trackingNumber])).get(trackingNumber);
  if (!shipment || isTerminalState(shipment.truth.state)) return null;
  if (stallAnchor(shipment) !== since) return null;
  return ownEvent({
    storeId: job.storeId,
    source: 'herald',
    type: 'shipment.stalled',
    id: `stalled:${trackingNumber}:${since}`,
    at: isoAt(nowMs),
    orderRef: shipment.orderRef,
    attributes: { tracking_number: trackingNumber, last_scan_at: since, state: shipment.truth.state },
  });
}
