// A store's own settings that rules and dispatch read: where the shop is, when not to message,
// how often at most. Kept per store; every field has a default so a new store works at once.

export interface QuietHours {
  startHour: number;
  startMinute: number;
  endHour: number;
  endMinute: number;
}

export interface StoreSettings {
  /** ISO country the shop ships from: tells international orders from domestic ones. */
  country: string | null;
  /** The shop's own time zone, used when a recipient's cannot be told. */
  timeZone: string;
  /** No non-critical message in the recipient's local quiet hours; held until they end. */
  quietHours: QuietHours | null;
  /** At most this many non-critical messages to one recipient per rolling 24 hours. */
  maxMessagesPerRecipientPerDay: number;
  /** Business hours (carrier calendar) without a scan before a parcel is `stalled`. */
  stallAfterBusinessHours: number;
  /** Hours after payment without a shipment before `fulfillment_stalled`. */
  fulfillmentStallAfterHours: number;
  /** Order value at or above which an order counts as high value (in the order's currency). */
  highValueThreshold: number;
}

export const DEFAULT_STORE_SETTINGS: Readonly<StoreSettings> = Object.freeze({
  country: null,
  timeZone: 'UTC',
  quietHours: { startHour: 21, startMinute: 0, endHour: 8, endMinute: 0 },
  maxMessagesPerRecipientPerDay: 4,
  stallAfterBusinessHours: 48,
  fulfillmentStallAfterHours: 48,
  highValueThreshold: 500,
});

/** Settings as saved may be partial (older saves, hand edits): fill the rest from the defaults. */
export function withDefaultSettings(saved: Partial<StoreSettings> | null | undefined): StoreSettings {
  return { ...DEFAULT_STORE_SETTINGS, ...(saved ?? {}) };
}
