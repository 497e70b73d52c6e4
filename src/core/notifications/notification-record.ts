// A notification: one message to one recipient on one channel, with its whole history
// (DESIGN.md §2, §7). The store keeps one per (store, order, milestone key, channel), ever.

export const NOTIFICATION_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'suppressed',
  'superseded',
  'skipped',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Statuses after which nothing will be sent for this notification. */
export const FINISHED_UNSENT: ReadonlySet<NotificationStatus> = new Set(['suppressed', 'superseded', 'skipped', 'failed']);
export const SENT_STATUSES: ReadonlySet<NotificationStatus> = new Set(['sent', 'delivered', 'opened', 'clicked', 'bounced']);

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
}
