// An order's status is derived from its lifecycle moments and all of its shipments, never
// stored as a fact of its own: split orders become "partially shipped / partially delivered".

import type { ShipmentState } from '../vocabulary/shipment-states.ts';
import type { OrderRecord } from './order-record.ts';

export const ORDER_STATUSES = [
  'placed',
  'paid',
  'partially_shipped',
  'shipped',
  'partially_delivered',
  'delivered',
  'returned',
  'cancelled',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_WORDS: Readonly<Record<OrderStatus, string>> = {
  placed: 'Order received',
  paid: 'Paid, being prepared',
  partially_shipped: 'Some items have shipped',
  shipped: 'Shipped',
  partially_delivered: 'Some parcels have been delivered',
  delivered: 'Delivered',
  returned: 'Returned to the sender',
  cancelled: 'Cancelled',
};

export interface OrderStatusSummary {
  status: OrderStatus;
  words: string;
  shipmentCount: number;
  deliveredCount: number;
  /** Some parcel is in a state a person may need to act on. */
  needsAttention: boolean;
  refunded: boolean;
}

const ATTENTION: ReadonlySet<ShipmentState> = new Set<ShipmentState>([
  'exception',
  'delivery_attempted',
  'returning_to_sender',
  'expired',
  'available_for_pickup',
]);

type OrderMoments = Pick<OrderRecord, 'paidAt' | 'cancelledAt' | 'refundedAt' | 'fulfilledAt' | 'facts'>;

export function deriveOrderStatus(order: OrderMoments | null, shipmentStates: readonly ShipmentState[]): OrderStatusSummary {
  const live = shipmentStates.filter((state) => state !== 'cancelled');
  const deliveredCount = live.filter((state) => state === 'delivered').length;
  const returnedCount = live.filter((state) => state === 'returned_to_sender').length;
  const moreToShip = order?.facts.fulfillment_status === 'partial' && order.fulfilledAt === null;
  const status = pickStatus();
  return {
    status,
    words: ORDER_STATUS_WORDS[status],
    shipmentCount: live.length,
    deliveredCount,
    needsAttention: live.some((state) => ATTENTION.has(state)),
    refunded: order?.refundedAt != null,
  };

  function pickStatus(): OrderStatus {
    if (order?.cancelledAt) return 'cancelled';
    if (live.length === 0) return order?.paidAt ? 'paid' : 'placed';
    if (returnedCount === live.length) return 'returned';
    if (deliveredCount === live.length) return moreToShip ? 'partially_delivered' : 'delivered';
    if (deliveredCount > 0) return 'partially_delivered';
    return moreToShip ? 'partially_shipped' : 'shipped';
  }
}
