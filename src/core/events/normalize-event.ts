// Turn a validated input event into the canonical event the log keeps: UTC timestamps, the
// provider's codes mapped to Herald's vocabulary (raw codes kept), and a carrier detected from
// the tracking number when none was given.

import { detectCarrier, normalizeTrackingNumber } from '../carriers/detect-carrier.ts';
import { isProvider, mapProviderStatus, type MappingMatch } from '../vocabulary/map-provider-status.ts';
import type { ShipmentReason } from '../vocabulary/shipment-reasons.ts';
import type { ShipmentState } from '../vocabulary/shipment-states.ts';
import type { CanonicalEvent, EventShipment } from './canonical-event.ts';
import type { EventInput } from './event-input-schema.ts';
import type { EventType } from './event-types.ts';

export interface NormalizeContext {
  storeId: string;
  /** Source named by the route (`api` for the canonical endpoints) when the event names none. */
  defaultSource: string;
  receivedAt: string;
  /** The event's id: the source's own, or a hash of the raw bytes when it gave none. */
  fallbackId: string;
}

export interface NormalizedEvent {
  event: CanonicalEvent;
  trackingNumber: string | null;
  /** Provider code no mapping table knew, for source health (never an error). */
  unmapped: { provider: string; code: string; match: MappingMatch } | null;
}

export function normalizeEvent(input: EventInput, context: NormalizeContext): NormalizedEvent {
  const shipmentResult = input.shipment ? normalizeShipment(input.shipment) : null;
  const event: CanonicalEvent = {
    id: input.id ?? context.fallbackId,
    type: input.type as EventType,
    store_id: context.storeId,
    source: input.source ?? context.defaultSource,
    occurred_at: toUtc(input.occurred_at),
    received_at: context.receivedAt,
    order_ref: input.order_ref ?? null,
    customer_ref: input.customer_ref ?? null,
    shipment: shipmentResult?.shipment ?? null,
    order: input.order ? (stripUndefined(input.order) as CanonicalEvent['order']) : null,
    promise_date: input.promise_date ? toUtc(input.promise_date) : null,
    raw_ref: null,
    attributes: input.attributes ?? null,
  };
  return {
    event,
    trackingNumber: shipmentResult?.shipment.tracking_number ?? null,
    unmapped: shipmentResult?.unmapped ?? null,
  };
}

/** ISO-8601 with any offset (or a bare date, read as UTC midnight) to `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function toUtc(value: string): string {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString();
}

type ShipmentInput = NonNullable<EventInput['shipment']>;

function normalizeShipment(input: ShipmentInput): { shipment: EventShipment; unmapped: NormalizedEvent['unmapped'] } {
  const trackingNumber = normalizeTrackingNumber(input.tracking_number);
  let state = input.state as ShipmentState | undefined;
  let reason = (input.reason ?? null) as ShipmentReason | null;
  let unmapped: NormalizedEvent['unmapped'] = null;
  const codes = input.provider_status ?? null;
  if (codes) {
    const provider = codes.provider.toLowerCase();
    if (isProvider(provider)) {
      const mapped = mapProviderStatus(provider, { parent: codes.parent, sub: codes.sub ?? null });
      state ??= mapped.state;
      reason ??= mapped.reason;
      if (mapped.unmappedCode !== null) unmapped = { provider, code: mapped.unmappedCode, match: mapped.match };
    } else if (!state) {
      state = 'unknown';
      unmapped = { provider, code: codes.parent, match: 'parent_unmapped' };
    }
  }
  const shipment: EventShipment = {
    carrier: input.carrier ? input.carrier.trim().toLowerCase() : null,
    tracking_number: trackingNumber,
    state: state ?? 'unknown',
    previous_state: (input.previous_state ?? null) as ShipmentState | null,
    reason,
    provider_status: codes ? { provider: codes.provider, parent: codes.parent, sub: codes.sub ?? null } : null,
    estimated_delivery_at: input.estimated_delivery_at ? toUtc(input.estimated_delivery_at) : null,
    location: input.location ? stripUndefined(input.location) : null,
    message: input.message ?? null,
  };
  if (!shipment.carrier) {
    const detection = detectCarrier(trackingNumber);
    shipment.carrier = detection.best?.carrier ?? null;
    shipment.carrier_detection = {
      candidates: [...new Set(detection.candidates.map((c) => c.carrier))],
      ambiguous: detection.ambiguous,
    };
  }
  return { shipment, unmapped };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
