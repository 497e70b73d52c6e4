// Why a shipment needs attention, and who must act (DESIGN.md §5).

export const ACTORS = ['recipient', 'merchant', 'carrier', 'unknown'] as const;
export type Actor = (typeof ACTORS)[number];

export const REASON_ACTORS = {
  address_issue: 'recipient',
  recipient_unavailable: 'recipient',
  refused: 'recipient',
  access_restricted: 'recipient',
  payment_required: 'recipient',
  unclaimed: 'recipient',
  customs_documentation: 'merchant',
  rejected_by_carrier: 'merchant',
  information_required: 'merchant',
  customs_delay: 'carrier',
  carrier_delay: 'carrier',
  weather_delay: 'carrier',
  held_at_facility: 'carrier',
  security_hold: 'carrier',
  damaged: 'carrier',
  lost: 'carrier',
  disposed: 'carrier',
  undeliverable: 'carrier',
  contact_carrier: 'carrier',
  invalid_tracking_number: 'merchant',
  other: 'unknown',
} as const satisfies Record<string, Actor>;

export type ShipmentReason = keyof typeof REASON_ACTORS;

export const SHIPMENT_REASONS = Object.keys(REASON_ACTORS) as ShipmentReason[];

export function isShipmentReason(value: unknown): value is ShipmentReason {
  return typeof value === 'string' && Object.hasOwn(REASON_ACTORS, value);
}

/** Plain words, phrased for the person reading a timeline or a tracking page. */
export const REASON_WORDS: Readonly<Record<ShipmentReason, string>> = {
  address_issue: 'The address is incorrect or incomplete',
  recipient_unavailable: 'Nobody was available to receive the parcel',
  refused: 'The recipient refused the parcel',
  access_restricted: 'The carrier could not reach the delivery location',
  payment_required: 'Duties, fees or cash on delivery must be paid',
  unclaimed: 'The parcel was not collected in time',
  customs_documentation: 'Customs needs documents from the merchant',
  rejected_by_carrier: 'The carrier rejected the parcel at acceptance',
  information_required: 'The carrier is waiting for information from the merchant',
  customs_delay: 'Held up in customs',
  carrier_delay: 'Delayed by the carrier',
  weather_delay: 'Delayed by weather',
  held_at_facility: 'Held at a carrier facility',
  security_hold: 'Held for a security check',
  damaged: 'Damaged in transit',
  lost: 'Lost by the carrier',
  disposed: 'Destroyed or discarded by the carrier',
  undeliverable: 'The carrier cannot deliver the parcel',
  contact_carrier: 'The carrier asks to be contacted',
  invalid_tracking_number: 'The tracking number is not recognised by the carrier',
  other: 'An unspecified problem',
};
