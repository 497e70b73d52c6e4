// Turns one tracking provider's view of a parcel (its checkpoint history plus its current status)
// into canonical event inputs: one `shipment.updated` per checkpoint and one for the latest
// status. Ids come from the tracker and the checkpoint itself, never from the delivery, because
// every webhook repeats the whole history: a checkpoint seen again is the same event.

import type { z } from 'zod';
import type { eventInputSchema } from '../../core/events/event-input-schema.ts';
import type { Provider } from '../../core/vocabulary/map-provider-status.ts';
import { eventId, shortDigest, type ReadInstant } from './payload-readers.ts';
import type { SourceName } from './source-adapter.ts';

/** What an adapter emits: the input shape `eventInputSchema` accepts. */
export type EventDraft = z.input<typeof eventInputSchema>;
export type ShipmentDraft = NonNullable<EventDraft['shipment']>;
export type LocationDraft = NonNullable<ShipmentDraft['location']>;

const MAX_CODE_CHARS = 100;

export interface TrackingCodes {
  parent: string;
  sub: string | null;
}

export interface Checkpoint {
  occurredAt: ReadInstant;
  codes: TrackingCodes;
  location?: LocationDraft | undefined;
  message?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export interface TrackingSnapshot {
  source: SourceName;
  provider: Provider;
  /** Stable per parcel at the provider (tracker id, or carrier + number). */
  trackerKey: string;
  trackingNumber: string;
  carrier: string | undefined;
  orderRef: string | null;
  checkpoints: Checkpoint[];
  latest: {
    codes: TrackingCodes | null;
    /** When the provider last changed the tracker; used when no checkpoint shows the status. */
    updatedAt: ReadInstant | null;
    estimatedDeliveryAt: string | null;
    message?: string | undefined;
    location?: LocationDraft | undefined;
  };
  promiseDate: string | null;
  /** Provider facts kept on the latest-status event. */
  attributes: Record<string, unknown>;
  /** Used as occurred_at only when the payload has no time at all. */
  receivedAt: string;
}

/** The parent and sub codes, trimmed and bounded; null when there is no parent code. */
export function trackingCodes(parent: unknown, sub: unknown): TrackingCodes | null {
  const parentCode = code(parent);
  return parentCode === null ? null : { parent: parentCode, sub: code(sub) };
}

export function buildTrackingEvents(snapshot: TrackingSnapshot): EventDraft[] {
  const checkpoints = [...snapshot.checkpoints].sort((a, b) => (a.occurredAt.iso < b.occurredAt.iso ? -1 : a.occurredAt.iso > b.occurredAt.iso ? 1 : 0));
  const events = checkpoints.map((checkpoint) => checkpointEvent(snapshot, checkpoint));
  const latest = latestEvent(snapshot, checkpoints.at(-1));
  if (latest !== null) events.push(latest);
  const seen = new Set<string>();
  return events.filter((event) => {
    const id = event.id ?? '';
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function checkpointEvent(snapshot: TrackingSnapshot, checkpoint: Checkpoint): EventDraft {
  const { codes, occurredAt } = checkpoint;
  const digest = shortDigest(checkpoint.message, checkpoint.location?.description ?? checkpoint.location?.city);
  return {
    id: eventId(snapshot.trackerKey, occurredAt.iso, codes.parent, codes.sub, digest),
    type: 'shipment.updated',
    source: snapshot.source,
    occurred_at: occurredAt.iso,
    order_ref: snapshot.orderRef,
    shipment: {
      carrier: snapshot.carrier ?? null,
      tracking_number: snapshot.trackingNumber,
      provider_status: { provider: snapshot.provider, parent: codes.parent, sub: codes.sub },
      location: checkpoint.location ?? null,
      message: checkpoint.message ?? null,
    },
    attributes: { kind: 'checkpoint', ...timeNote(occurredAt), ...checkpoint.attributes },
  };
}

/**
 * The tracker's current status. It happened at the newest checkpoint when that checkpoint shows
 * the same status (so a stalled parcel is not refreshed by the provider's own bookkeeping);
 * otherwise at the tracker's last update. Its id includes the EDD so a revised estimate is new.
 */
function latestEvent(snapshot: TrackingSnapshot, newest: Checkpoint | undefined): EventDraft | null {
  const { latest } = snapshot;
  if (latest.codes === null) return null;
  const sameStatus = newest !== undefined && newest.codes.parent.toLowerCase() === latest.codes.parent.toLowerCase();
  let occurredAt: ReadInstant;
  if (sameStatus) occurredAt = newest.occurredAt;
  else if (latest.updatedAt !== null) occurredAt = newest !== undefined && newest.occurredAt.iso > latest.updatedAt.iso ? newest.occurredAt : latest.updatedAt;
  else occurredAt = newest?.occurredAt ?? { iso: snapshot.receivedAt, assumedUtc: false, dateOnly: false };
  const location = latest.location ?? (sameStatus ? newest.location : undefined);
  const message = latest.message ?? (sameStatus ? newest.message : undefined);
  return {
    id: eventId(snapshot.trackerKey, 'latest', occurredAt.iso, latest.codes.parent, latest.codes.sub, latest.estimatedDeliveryAt),
    type: 'shipment.updated',
    source: snapshot.source,
    occurred_at: occurredAt.iso,
    order_ref: snapshot.orderRef,
    shipment: {
      carrier: snapshot.carrier ?? null,
      tracking_number: snapshot.trackingNumber,
      provider_status: { provider: snapshot.provider, parent: latest.codes.parent, sub: latest.codes.sub },
      estimated_delivery_at: latest.estimatedDeliveryAt,
      location: location ?? null,
      message: message ?? null,
    },
    promise_date: snapshot.promiseDate,
    attributes: { kind: 'latest_status', ...timeNote(occurredAt), ...snapshot.attributes },
  };
}

function timeNote(instant: ReadInstant): Record<string, unknown> {
  return instant.assumedUtc ? { time_zone_assumed: 'UTC' } : {};
}

function code(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim().slice(0, MAX_CODE_CHARS).trim();
  return text.length === 0 ? null : text;
}
