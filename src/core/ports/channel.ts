// The channel port: how a rendered notification leaves Herald, and how a provider's word about it
// comes back (DESIGN.md §1 dispatch -> channels, §7). A transport speaks one provider's protocol
// and nothing else: consent, quiet hours, caps, rate limits, retries and failover are decided by
// the dispatcher before and after `send`, never inside an adapter.

import type { ChannelProviderConfig } from '../notifications/channel-config.ts';
import type { ChannelName } from '../workflows/workflow-schema.ts';

/** One message, rendered and addressed, ready for a provider. */
export interface OutgoingMessage {
  /** Our notification id: the provider's idempotency key where the provider accepts one. */
  notificationId: string;
  storeId: string;
  channel: ChannelName;
  /** Email address, E.164 phone number, chat id or URL, as the channel needs. */
  recipient: string;
  /** Email subject; null on channels without one. */
  subject: string | null;
  /** Plain text: the email's text part, the SMS or chat body. Always present. */
  text: string;
  /** Email HTML part (layout applied, links signed, open pixel in); null elsewhere. */
  html: string | null;
  /** Transactional (order updates) or marketing (review requests). */
  purpose: 'transactional' | 'marketing';
  /** One-click unsubscribe URL (RFC 8058) for marketing email; null for transactional messages. */
  unsubscribeUrl: string | null;
  /**
   * A pre-approved provider template (WhatsApp outside the 24-hour window): its name, language
   * and positional parameters. Null when the text is sent as is.
   */
  template: { name: string; language: string; parameters: string[] } | null;
  /** Facts receivers of webhooks and Slack alerts want beside the text (order ref, milestone). */
  metadata: Readonly<Record<string, string>>;
}

/** What a provider said to one `send`. */
export type SendOutcome =
  /** Accepted by the provider. Its own message id ties later receipts to this notification. */
  | { kind: 'sent'; providerMessageId: string | null }
  /** Worth trying again (5xx, timeout, 429): after `retryAfterMs` when the provider said so. */
  | { kind: 'temporary'; reason: string; retryAfterMs: number | null }
  /** Trying again will not help (invalid number, refused credentials, 4xx): fail over. */
  | { kind: 'permanent'; reason: string };

/** One provider on one channel. Adapters in src/adapters/channels implement it. */
export interface ChannelTransport {
  /** Provider name as configured: `smtp`, `twilio`, `http-sms`, `whatsapp-cloud`, `telegram`, `webhook`, `slack`, `outbox`. */
  readonly provider: string;
  readonly channel: ChannelName;
  /**
   * True when the provider deduplicates on our notification id, so a resend after a crash between
   * "sent" and "recorded" cannot reach the customer twice. When false such a crash is reported,
   * not retried.
   */
  readonly idempotent: boolean;
  /** Never throws for a provider's answer: every answer becomes a SendOutcome. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Releases sockets and pools. */
  close(): Promise<void>;
}

/** Delivery statuses a provider receipt (or our pixel and links) can report. */
export const RECEIPT_STATUSES = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** A provider's word about a message it accepted earlier, parsed from its callback. */
export interface DeliveryReceipt {
  /** The provider's message id, as returned in SendOutcome `sent`. */
  providerMessageId: string;
  status: ReceiptStatus;
  /** When the provider says it happened (ISO 8601), when it says. */
  at: string | null;
  /** The provider's error code and words for bounces and failures. */
  reason: string | null;
}

/** A message a customer sent to us (an SMS reply, a WhatsApp or Telegram message). */
export interface InboundMessage {
  channel: ChannelName;
  /** Phone number (E.164) or chat id. */
  from: string;
  text: string;
  /** The provider's id of the inbound message. */
  providerMessageId: string | null;
}

/** The channel adapters an install has, by provider name (wired in src/main.ts). */
export interface ChannelProviders {
  /** Provider names that can deliver this channel. */
  available(channel: ChannelName): readonly string[];
  /** Check one provider's settings; every problem names the field and why. */
  validate(channel: ChannelName, provider: string, settings: unknown): { ok: true; settings: Record<string, unknown> } | { ok: false; problems: { path: string; reason: string }[] };
  /** Settings that are credentials: shown redacted, never logged. */
  secretFields(provider: string): readonly string[];
  create(channel: ChannelName, config: ChannelProviderConfig): ChannelTransport;
}

/** A provider's call to us (a status callback, an inbound message, a subscribe handshake). */
export interface CallbackRequest {
  method: string;
  /** The URL as the provider called it (public base URL + path + query): signatures cover it. */
  url: string;
  headers: Readonly<Record<string, string>>;
  rawBody: Uint8Array;
}

export type CallbackResult =
  /** Not authentic or not readable: answered with `status`, nothing ingested. */
  | { kind: 'rejected'; status: 400 | 401 | 403 | 404 | 405; reason: string }
  /** A subscribe handshake (WhatsApp's hub.challenge): answer `body` as is. */
  | { kind: 'challenge'; body: string }
  | {
      kind: 'feedback';
      receipts: DeliveryReceipt[];
      inbound: InboundMessage[];
      /** Chats that opened the bot with a deep-link token (Telegram `/start <token>`). */
      links: { chat: string; token: string }[];
    };

/** Reads providers' callbacks: verify the signature with the provider config's secret, then parse. */
export interface ChannelCallbacks {
  handle(provider: string, settings: Readonly<Record<string, unknown>>, request: CallbackRequest): CallbackResult;
  /** The provider's form of "reply with this text" (TwiML for Twilio); null text = no reply. */
  reply(provider: string, text: string | null): { contentType: string; body: string };
}
