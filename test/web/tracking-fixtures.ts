// Orders for the tracking page tests, posted through POST /v1/events like a storefront and a
// tracking provider would: one parcel held for an address problem, one delivered.

import assert from 'node:assert/strict';
import type { Store } from '../../src/core/ports/store.ts';

/** Personal data that must never reach the page or its JSON twin. */
export const SECRETS = ['lena.schmidt@example.com', '+49 151 2345 6789', 'Schmidt', 'Lena Schmidt', '10115'];

export const ADDRESS_ORDER = { ref: '820982911946154601', number: '1042' };
export const DELIVERED_ORDER = { ref: '820982911946154602', number: '1043' };

export function fixtureEvents(): unknown[] {
  const customer = { email: 'lena.schmidt@example.com', phone: '+49 151 2345 6789', first_name: 'Lena', last_name: 'Schmidt', locale: 'de-DE' };
  const destination = { name: 'Lena Schmidt', city: 'Berlin', postal_code: '10115', country: 'DE' };
  return [
    { id: 'tp-o1', type: 'order.placed', occurred_at: '2026-11-17T09:00:00Z', order_ref: ADDRESS_ORDER.ref, order: { number: ADDRESS_ORDER.number, total: '89.00', currency: 'EUR', customer, destination } },
    { id: 'tp-s1', type: 'fulfillment.created', occurred_at: '2026-11-17T15:00:00Z', order_ref: ADDRESS_ORDER.ref, shipment: { carrier: 'dhl', tracking_number: 'JJD000390007412345', state: 'label_created' } },
    { id: 'tp-s2', type: 'shipment.updated', occurred_at: '2026-11-18T08:00:00Z', order_ref: ADDRESS_ORDER.ref, shipment: { tracking_number: 'JJD000390007412345', state: 'in_transit', location: { city: 'Leipzig', country: 'DE' }, estimated_delivery_at: '2026-11-20T00:00:00Z' } },
    { id: 'tp-s3', type: 'shipment.updated', occurred_at: '2026-11-19T10:30:00Z', order_ref: ADDRESS_ORDER.ref, shipment: { tracking_number: 'JJD000390007412345', state: 'exception', reason: 'address_issue', location: { city: 'Berlin', country: 'DE' }, estimated_delivery_at: '2026-12-03T00:00:00Z' } },
    { id: 'tp-o2', type: 'order.placed', occurred_at: '2026-11-10T09:00:00Z', order_ref: DELIVERED_ORDER.ref, order: { number: DELIVERED_ORDER.number, customer: { ...customer, first_name: 'Lena' }, destination } },
    { id: 'tp-s4', type: 'shipment.updated', occurred_at: '2026-11-12T11:00:00Z', order_ref: DELIVERED_ORDER.ref, shipment: { carrier: 'ups', tracking_number: '1Z999AA10123456784', state: 'delivered', location: { city: 'Berlin', country: 'DE' } } },
  ];
}

export async function postFixtures(post: (path: string, init: RequestInit) => Promise<Response>): Promise<void> {
  const response = await post('/v1/events/batch', { method: 'POST', body: JSON.stringify(fixtureEvents()), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, await response.clone().text());
}

export async function trackingTokenOf(store: Store, orderRef: string, storeId = 'default'): Promise<string> {
  const order = await store.reads.getOrder(storeId, orderRef);
  assert.ok(order?.trackingToken, `order ${orderRef} has a tracking token`);
  return order.trackingToken;
}

/** Pull the value of a hidden form field out of a page. */
export function hiddenField(html: string, action: string, name: string): string {
  const form = new RegExp(`<form[^>]*action="[^"]*/actions/${action}[^"]*"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1] ?? '';
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
  assert.ok(value, `the ${action} form has a ${name}`);
  return value;
}
