// Check-at-fire order timers: `late` (the promise date passed and not every parcel is delivered)
// and `fulfillment_stalled` (paid, not cancelled, and no parcel after N hours). Each returns the
// signal as an event with an id derived from what it is about, so a retry never records it twice.

import { ownEvent } from '../core/events/own-event.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import { lateKey } from '../core/workflows/trigger-facts.ts';

export async function checkLate(job: JobRecord, tx: StoreTx, nowMs: number): Promise<CanonicalEvent | null> {
  const orderRef = String(job.payload['orderRef']);
  const promiseDate = String(job.payload['promiseDate']);
  const order = (await tx.loadOrders(job.storeId, [orderRef])).get(orderRef);
  if (!order || order.cancelledAt !== null || order.promiseDate !== promiseDate) return null;
  const shipments = await tx.loadShipmentsOfOrders(job.storeId, [orderRef]);
  const live = shipments.filter((s) => s.truth.state !== 'cancelled');
  if (live.length > 0 && live.every((s) => s.truth.state === 'delivered')) return null;
  return signal(job.storeId, lateKey(orderRef, promiseDate), 'order.late', orderRef, nowMs, { promise_date: promiseDate, undelivered: live.filter((s) => s.truth.state !== 'delivered').length });
}

export async function checkFulfillment(job: JobRecord, tx: StoreTx, nowMs: number): Promise<CanonicalEvent | null> {
  const orderRef = String(job.payload['orderRef']);
  const order = (await tx.loadOrders(job.storeId, [orderRef])).get(orderRef);
  if (!order || order.cancelledAt !== null || order.fulfilledAt !== null) return null;
  const shipments = await tx.loadShipmentsOfOrders(job.storeId, [orderRef]);
  if (shipments.some((s) => s.truth.state !== 'pending' && s.truth.state !== 'cancelled')) return null;
  return signal(job.storeId, `fulfillment_stalled:${orderRef}:${String(job.payload['paidAt'])}`, 'order.fulfillment_stalled', orderRef, nowMs, { paid_at: order.paidAt });
}

function signal(storeId: string, id: string, type: CanonicalEvent['type'], orderRef: string, nowMs: number, attributes: Record<string, unknown>): CanonicalEvent {
  return ownEvent({ storeId, source: 'herald', type, id, at: isoAt(nowMs), orderRef, attributes });
}
