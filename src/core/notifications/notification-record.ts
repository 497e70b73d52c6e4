// A notification: one message to one recipient on one channel, with its whole history
// (DESIGN.md §2, §7). The store keeps one per (store, order, milestone key, channel), ever.

export const NOTIFICATION_STATUSES = [
  'queued',
  /** Rendered and waiting for an agent's approval in a case; nothing is sent until then. */
  'draft',
  /** Rendered and handed to the dispatcher: a provider call is under way or will be retried. */
  'sending',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'suppressed',
  'superseded',
  'skipped',
  /**
   * Herald stopped between handing the message to a provider that cannot deduplicate and
   * recording its answer: it may have gone out. Not resent, so never twice; reported instead.
   */
  'unconfirmed',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Statuses after which nothing will be sent for this notification. */
export const FINISHED_UNSENT: ReadonlySet<NotificationStatus> = new Set(['suppressed', 'superseded', 'skipped', 'failed']);
export const SENT_STATUSES: ReadonlySet<NotificationStatus> = new Set(['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unconfirmed']);

/**
 * Delivery truth only moves forward: a late "delivered" receipt never undoes an "opened". Bounced
 * and failed end a message's life whatever came before, except that an open or click proves it
 * arrived.
 */
export const DELIVERY_RANK: Readonly<Partial<Record<NotificationStatus, number>>> = { sending: 0, unconfirmed: 1, sent: 1, delivered: 2, bounced: 3, failed: 3, opened: 4, clicked: 5 };

/** One try at handing the message to one provider. */
export interface NotificationAttempt {
  at: string;
  provider: string;
  /** `pending` is written just before the call: a crash leaves it behind as evidence. */
  outcome: 'pending' | 'sent' | 'temporary' | 'permanent' | 'unconfirmed';
  reason: string | null;
  /** How long the provider asked us to wait (429 Retry-After), when it did. */
  retryAfterMs?: number | null | undefined;
}

export interface NotificationHistoryEntry {
  at: string;
  status: NotificationStatus;
  reason: string | null;
}

export interface NotificationRecord {
  id: string;
  storeId: string;
  orderRef: string;
  /** The milestone (`shipped`, `out_for_delivery`, ...). */
  milestone: string;
  /** `<milestone>` for order milestones, `<milestone>:<tracking number>` for a parcel's. */
  milestoneKey: string;
  /** Tracking number of the parcel the message is about, when it is about one. */
  trackingNumber: string | null;
  channel: string;
  /** Email address, phone number or chat id; null when the customer has none for this channel. */
  recipient: string | null;
  status: NotificationStatus;
  /** Why it was suppressed, skipped, superseded or failed, in words. */
  statusReason: string | null;
  /** Critical messages bypass quiet hours and the frequency cap. */
  critical: boolean;
  /** Transactional (order updates) or marketing (review requests): consent rules differ. */
  purpose: 'transactional' | 'marketing';
  workflowId: string;
  workflowVersion: number;
  runKey: string;
  /** Index of the notify step in the compiled workflow, to find its message template. */
  stepIndex: number;
  locale: string | null;
  timeZone: string | null;
  /** Rendered when sent. */
  subject: string | null;
  body: string | null;
  html: string | null;
  /** When it is (or was) due to go: later than creation when held by quiet hours. */
  dueAt: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  history: NotificationHistoryEntry[];
  /** Provider that accepted it (`smtp`, `twilio`, `outbox`, ...), once one did. */
  provider?: string | null | undefined;
  /** The provider's own id, which its delivery receipts name. */
  providerMessageId?: string | null | undefined;
  /** Every provider call, oldest first: retries, failovers and their answers. */
  attempts?: NotificationAttempt[] | undefined;
  /** A WhatsApp template with its rendered parameters, when the message uses one. */
  template?: { name: string; language: string; parameters: string[] } | null | undefined;
  /** Another notification this one was a fallback for (the email that bounced). */
  fallbackOf?: string | null | undefined;
}
