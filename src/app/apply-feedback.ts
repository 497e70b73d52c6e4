// Feedback events, projected in the ingest transaction: a receipt, an open or a click moves its
// notification's delivery truth forward (never back); a bounce fails the message over to the next
// channel or a case; an opt-out or opt-in changes the customer's consent at once, so the very
// next send's re-check sees it. A provider can report delivery before Herald has recorded its
// answer to the send (the callback overtakes the commit): such a receipt is applied again a few
// seconds later, and after about six minutes given up (it stays in the event log).

import { applyConsentChange, normalizeAddress, purposesOf, type ConsentRecord } from '../core/consent/consent-record.ts';
import { isConsentEvent, isMessageEvent, readConsentFeedback, readMessageFeedback } from '../core/events/feedback-attributes.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import { DELIVERY_RANK, type NotificationRecord, type NotificationStatus } from '../core/notifications/notification-record.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import type { StoreTx } from '../core/ports/store.ts';
import { failOver, type FailOverDeps } from './fail-over.ts';

export function isFeedbackEvent(event: CanonicalEvent): boolean {
  return isMessageEvent(event.type) || isConsentEvent(event.type);
}

export async function applyFeedback(deps: Partial<FailOverDeps>, tx: StoreTx, events: readonly CanonicalEvent[], nowMs: number): Promise<void> {
  for (const event of events) {
    if (isMessageEvent(event.type)) await applyReceipt(deps, tx, event, nowMs);
    else if (isConsentEvent(event.type)) await applyConsent(tx, event);
  }
}

const STATUS_OF: Record<string, NotificationStatus> = { 'message.delivered': 'delivered', 'message.opened': 'opened', 'message.clicked': 'clicked', 'message.bounced': 'bounced' };

/** Waits between the tries to find the send a receipt is about (2 s after it came, then 12 s, 72 s, 372 s); then given up. */
export const RECEIPT_RETRY_AFTER_MS = [2_000, 10_000, 60_000, 300_000] as const;

/** The `notification.receipt_retry` job: the receipt again, now that the send may be recorded. */
export async function retryReceipt(deps: Partial<FailOverDeps>, job: JobRecord, tx: StoreTx, nowMs: number): Promise<void> {
  const event = job.payload['event'] as CanonicalEvent;
  await applyReceipt(deps, tx, event, nowMs, Number(job.payload['retry'] ?? 0) + 1);
}

async function applyReceipt(deps: Partial<FailOverDeps>, tx: StoreTx, event: CanonicalEvent, nowMs: number, retry = 0): Promise<void> {
  const feedback = readMessageFeedback(event.attributes);
  const n: NotificationRecord | null = feedback.notificationId
    ? await tx.loadNotification(event.store_id, feedback.notificationId)
    : await tx.findNotificationByProviderId(event.store_id, feedback.providerMessageId!);
  // No send with this provider id yet (its answer is recorded with the id): try again shortly.
  // Herald's own opens and clicks name a notification that exists: nothing to wait for.
  if (!n && !feedback.notificationId) {
    const waitMs = RECEIPT_RETRY_AFTER_MS[retry];
    if (waitMs !== undefined) {
      await tx.scheduleJobs([{ storeId: event.store_id, kind: 'notification.receipt_retry', key: `receipt:${event.source}:${event.id}`, dueAtMs: nowMs + waitMs, payload: { event, retry } }]);
    }
    return;
  }
  if (!n) return;
  const status = event.type === 'message.bounced' && feedback.failed ? 'failed' : STATUS_OF[event.type]!;
  const rank = DELIVERY_RANK[n.status];
  // Only messages that left Herald have a delivery life; ranks only go up.
  if (rank === undefined || n.status === 'sending' || rank >= DELIVERY_RANK[status]!) return;
  const reason = feedback.reason ?? `${event.source} reported ${status}`;
  if ((status === 'bounced' || status === 'failed') && deps.catalog && deps.ids) {
    await failOver({ catalog: deps.catalog, ids: deps.ids }, tx, n, [`${n.provider ?? event.source}: ${reason}`], nowMs, status === 'bounced' ? 'bounced' : 'failed');
    return;
  }
  await tx.updateNotifications([{ ...n, status, statusReason: status === 'bounced' || status === 'failed' ? reason : null, updatedAt: event.received_at, history: [...n.history, { at: event.occurred_at, status, reason }] }]);
}

async function applyConsent(tx: StoreTx, event: CanonicalEvent): Promise<void> {
  const change = readConsentFeedback(event.attributes);
  if (!change) return;
  const address = normalizeAddress(change.address, change.channel);
  const existing = await tx.loadConsents(event.store_id, [address]);
  const records: ConsentRecord[] = [];
  for (const purpose of purposesOf(change.scope)) {
    const current = existing.find((c) => c.channel === change.channel && c.address === address && c.purpose === purpose) ?? null;
    records.push(
      applyConsentChange(
        current,
        { storeId: event.store_id, channel: change.channel, address, purpose, contact: change.contact ? normalizeAddress(change.contact) : null },
        { status: event.type === 'recipient.opted_out' ? 'revoked' : 'granted', source: change.source, at: event.occurred_at, proof: change.proof },
      ),
    );
  }
  await tx.saveConsents(records);
}
