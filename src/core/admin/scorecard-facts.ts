// The raw aggregates behind the dashboard's scorecard (src/app/scorecard.ts), as one store read
// returns them for a time range. The app turns them into rates, medians and days.

/** Counts over `[fromIso, toIso)` for one store. */
export interface ScorecardFacts {
  /** Orders placed in the range (first seen, when the storefront never said it was placed). */
  orders: number;
  /** Notifications created in the range, per channel, status and status reason. */
  messages: { channel: string; status: string; reason: string | null; count: number }[];
  /** Parcels that had an exception or a reason scanned in the range, per carrier and reason. */
  exceptions: { carrier: string | null; reason: string | null; parcels: number }[];
  /** Parcels with an event in the range, by their state now. */
  shipmentStates: { state: string; parcels: number }[];
  /** Customer tickets linked to orders by triage, with their intent, per UTC minute (`YYYY-MM-DDTHH:MM`). */
  tickets: { minute: string; intent: string; count: number }[];
  /** Cases opened or resolved in the range, or still open: their times only. */
  cases: { status: string; openedAt: string; resolvedAt: string | null }[];
}
