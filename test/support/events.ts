// Builders for canonical events in tests.

import type { CanonicalEvent, EventShipment } from '../../src/core/events/canonical-event.ts';
import type { EventRow } from '../../src/core/ports/store.ts';

export function canonicalEvent(overrides: Partial<CanonicalEvent> & { id: string }): CanonicalEvent {
  return {
    type: 'order.placed',
    store_id: 'acme',
    source: 'api',
    occurred_at: '2026-11-20T10:00:00.000Z',
    received_at: '2026-11-20T10:00:01.000Z',
    order_ref: null,
    customer_ref: null,
    shipment: null,
    order: null,
    promise_date: null,
    raw_ref: null,
    attributes: null,
    ...overrides,
  };
}

export function shipmentPart(trackingNumber: string, overrides: Partial<EventShipment> = {}): EventShipment {
  return {
    carrier: 'ups',
    tracking_number: trackingNumber,
    state: 'in_transit',
    previous_state: null,
    reason: null,
    provider_status: null,
    estimated_delivery_at: null,
    location: null,
    message: null,
    ...overrides,
  };
}

export function row(event: CanonicalEvent): EventRow {
  return { event, trackingNumber: event.shipment?.tracking_number ?? null };
}
