// Read what a run or a send decides on, inside its transaction: the order, all its parcels, its
// notifications and open cases, and the customer's order count; then build the rule context.

import type { CaseRecord } from '../core/cases/case-record.ts';
import { timeZoneFor } from '../core/calendar/local-time.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import type { RuleContext } from '../core/workflows/compile-conditions.ts';
import { buildRuleContext } from '../core/workflows/rule-context.ts';
import type { StoreRules } from './workflow-catalog.ts';

const ATTENTION = new Set(['exception', 'delivery_attempted', 'returning_to_sender', 'returned_to_sender', 'expired']);

export interface LoadedContext {
  order: OrderRecord;
  shipments: ShipmentRecord[];
  notifications: NotificationRecord[];
  openCases: CaseRecord[];
  context: RuleContext;
  /** The same context as seen at another moment (time-relative fields such as `shipment.days_to_eta`). */
  contextAt(ms: number): RuleContext;
  /** The recipient's time zone: from the destination, else the store's. */
  timeZone: string;
}

export async function loadRuleContext(
  tx: StoreTx,
  storeId: string,
  orderRef: string,
  trackingNumber: string | null,
  rules: StoreRules,
  trigger: { kind: string; value: string },
  nowMs: number,
): Promise<LoadedContext | null> {
  const order = (await tx.loadOrders(storeId, [orderRef])).get(orderRef);
  if (!order) return null;
  const [shipments, notificationsByOrder, casesByOrder, customerOrderCount] = await Promise.all([
    tx.loadShipmentsOfOrders(storeId, [orderRef]),
    tx.loadNotificationsOfOrders(storeId, [orderRef]),
    tx.loadOpenCasesOfOrders(storeId, [orderRef]),
    order.customerRef ? tx.countCustomerOrders(storeId, order.customerRef) : Promise.resolve(1),
  ]);
  const notifications = notificationsByOrder.get(orderRef) ?? [];
  const openCases = casesByOrder.get(orderRef) ?? [];
  const contextAt = (ms: number) => buildRuleContext({
    order,
    shipments,
    trackingNumber,
    notifications,
    openCases,
    ticketCount: order.ticketCount ?? 0,
    exceptionCount: shipments.filter((s) => ATTENTION.has(s.truth.state) || s.truth.reason !== null).length,
    customerOrderCount,
    settings: rules.settings,
    storeName: rules.storeName,
    trigger,
    nowMs: ms,
  });
  const context = contextAt(nowMs);
  const destination = order.facts.destination;
  const timeZone = destination?.country ? timeZoneFor(destination.country, destination.region ?? null, destination.postal_code ?? null) : rules.settings.timeZone;
  return { order, shipments, notifications, openCases, context, contextAt, timeZone: timeZone === 'UTC' ? rules.settings.timeZone : timeZone };
}
