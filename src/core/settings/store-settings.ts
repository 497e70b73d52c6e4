// A store's own settings that rules and dispatch read: where the shop is, when not to message,
// how often at most. Kept per store; every field has a default so a new store works at once.

import type { OwnerTeam } from '../cases/case-record.ts';
import type { RiskWeights } from '../cases/risk-score.ts';

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
  /** How messages and pages look and who they come from. */
  brand: Brand;
  /** Points each risk fact can add to a case's score (null: Herald's defaults). */
  caseRiskWeights: RiskWeights | null;
  /** When a case's SLA passes: move it to this team (null: keep the team) and alert Slack (when configured). */
  caseEscalation: { team: OwnerTeam | null; slack: boolean };
  /**
   * The store's email layout, compiled from MJML when saved (Liquid placeholders kept); null uses
   * Herald's default layout.
   */
  emailLayout: { mjml: string; html: string } | null;
  /**
   * What Herald does with a "where is my order?" ticket (docs/tickets.md): `off` only links and
   * logs it, `tag` adds an internal note and tags for the agent, `answer` replies to the customer
   * when the ticket and the order are routine (else as `tag`).
   */
  ticketAnswering: TicketAnswering;
}

export const TICKET_ANSWERING = ['off', 'tag', 'answer'] as const;
export type TicketAnswering = (typeof TICKET_ANSWERING)[number];

/** A store's branding: messages and the tracking page use it. */
export interface Brand {
  /** The shop's name as customers know it; also the sender name unless `senderName` is set. */
  name: string;
  logoUrl: string | null;
  /** CSS colour of buttons and headings. */
  primaryColor: string;
  fontFamily: string;
  /** Where customers get help (the shop's help centre or contact page). */
  helpUrl: string | null;
  senderName: string | null;
  /** A monitored address replies go to; never a no-reply address. */
  replyTo: string | null;
}

export const DEFAULT_STORE_SETTINGS: Readonly<StoreSettings> = Object.freeze({
  country: null,
  timeZone: 'UTC',
  quietHours: { startHour: 21, startMinute: 0, endHour: 8, endMinute: 0 },
  maxMessagesPerRecipientPerDay: 4,
  stallAfterBusinessHours: 48,
  fulfillmentStallAfterHours: 48,
  highValueThreshold: 500,
  brand: Object.freeze({ name: 'Our shop', logoUrl: null, primaryColor: '#1f4e79', fontFamily: 'Helvetica, Arial, sans-serif', helpUrl: null, senderName: null, replyTo: null }),
  emailLayout: null,
  caseRiskWeights: null,
  caseEscalation: Object.freeze({ team: null, slack: true }),
  ticketAnswering: 'tag',
});

/** Settings as saved may be partial (older saves, hand edits): fill the rest from the defaults. */
export function withDefaultSettings(saved: Partial<StoreSettings> | null | undefined): StoreSettings {
  return { ...DEFAULT_STORE_SETTINGS, ...(saved ?? {}), brand: { ...DEFAULT_STORE_SETTINGS.brand, ...(saved?.brand ?? {}) } };
}
