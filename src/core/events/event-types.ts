// The closed set of canonical event types (DESIGN.md §4). Custom lifecycles use the `custom.` prefix.

export const EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.updated',
  'order.fulfilled',
  'order.cancelled',
  'order.refunded',
  'fulfillment.created',
  'fulfillment.updated',
  'shipment.updated',
  'ticket.created',
  'message.delivered',
  'message.opened',
  'message.clicked',
  'message.bounced',
  'recipient.opted_out',
  'recipient.opted_in',
  'source.unhealthy',
  'shipment.stalled',
  'order.late',
  'order.fulfillment_stalled',
  // From the customer on the tracking page (source `tracking_page`, docs/tracking-page.md).
  'customer.address_corrected',
  'customer.delivery_instructions',
  'customer.problem_reported',
  'customer.refund_requested',
  'customer.reship_requested',
] as const;

export type BuiltInEventType = (typeof EVENT_TYPES)[number];
export type EventType = BuiltInEventType | `custom.${string}`;

const BUILT_IN: ReadonlySet<string> = new Set(EVENT_TYPES);
const CUSTOM_TYPE = /^custom\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (BUILT_IN.has(value) || CUSTOM_TYPE.test(value));
}

/** Event types that create or change the order record. */
export function isOrderEvent(type: EventType): boolean {
  return type.startsWith('order.');
}

/** Event types that carry a shipment (parcel) observation. */
export function isShipmentEvent(type: EventType): boolean {
  return type === 'shipment.updated' || type === 'fulfillment.created' || type === 'fulfillment.updated';
}
