// The `notification.dispatch` job: hand one rendered notification to its channel's provider, and
// record what the provider said (DESIGN.md §7, docs/channels.md). The provider call happens
// outside any transaction; a `pending` attempt is committed just before it, so a crash between
// "sent" and "recorded" is visible afterwards: resent under the same idempotency key where the
// provider deduplicates, reported as `unconfirmed` (never resent) where it does not.

import { planDispatch, type DispatchPlan } from '../core/channels/plan-dispatch.ts';
import { normalizeAddress } from '../core/consent/consent-record.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import type { ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { NotificationAttempt, NotificationRecord } from '../core/notifications/notification-record.ts';
import type { OutgoingMessage, SendOutcome } from '../core/ports/channel.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store, StoreTx } from '../core/ports/store.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';
import type { ChannelPool } from './channel-pool.ts';
import { failOver, type FailOverDeps } from './fail-over.ts';
import type { MessageLinks } from './message-links.ts';

export interface DispatchDeps extends FailOverDeps {
  store: Store;
  clock: Clock;
  channels: ChannelPool;
  messageLinks?: MessageLinks | undefined;
  /** A number in [0, 1) for backoff jitter. */
  random: () => number;
  /** Told about sends that may have gone out without a record (operators must know). */
  warn?: (message: string, facts: Record<string, unknown>) => void;
}

/**
 * A JobEffect: `completeIn(tx)` completes the job in the transaction that records the outcome,
 * and 'completed' says it was; an early return leaves the completion to the worker.
 */
export async function dispatchNotification(deps: DispatchDeps, job: JobRecord, nowMs: number, completeIn: (tx: StoreTx) => Promise<void>): Promise<void | 'completed'> {
  const storeId = job.storeId;
  // Each outcome is recorded in one transaction that also completes the job, when it can.
  const recordAndComplete = async (work: (tx: StoreTx) => Promise<unknown>): Promise<void | 'completed'> => {
    await deps.store.transact(async (tx) => {
      await work(tx);
      await completeIn(tx);
    });
    return 'completed' as const;
  };
  const id = String(job.payload['notificationId']);
  const notification = await deps.store.reads.getNotification(storeId, id);
  if (!notification || notification.status !== 'sending' || !notification.recipient) return;
  const channel = notification.channel as ChannelName;
  const providers = await deps.channels.providersFor(storeId, channel);
  const attempts = notification.attempts ?? [];
  let plan: DispatchPlan = planDispatch(attempts, providers.map((p) => p.name), nowMs, deps.random());
  if (plan.kind === 'retry') plan = { kind: 'send', providerIndex: plan.providerIndex };
  if (plan.kind === 'exhausted') {
    const reasons = plan.reasons;
    return recordAndComplete((tx) => failOver(deps, tx, notification, reasons, nowMs));
  }
  const config = providers[plan.providerIndex] ?? providers[0]!;
  const transport = deps.channels.transport(storeId, channel, config);
  if (plan.kind === 'interrupted' && !transport.idempotent) {
    let recorded = false;
    const outcome = await recordAndComplete(async (tx) => (recorded = await recordUnconfirmed(tx, notification, config, nowMs)));
    if (recorded) deps.warn?.('a send may have gone out without a record', { notification: notification.id, store: storeId, provider: config.name });
    return outcome;
  }

  if (await optedOutSince(deps.store, notification)) {
    return recordAndComplete((tx) => suppress(tx, notification, 'the customer opted out just before the send', nowMs));
  }
  // A surge is spread over the provider's rate: this message waits for its slot, nothing is
  // refused. A job that already holds a slot (it was deferred to it) does not queue again.
  const heldSlot = typeof job.payload['slotAtMs'] === 'number' && job.payload['slotAtMs'] <= nowMs && job.payload['provider'] === config.name;
  const defer = (atMs: number, slotAtMs: number) =>
    recordAndComplete((tx) =>
      tx.scheduleJobs([{ storeId, kind: 'notification.dispatch', key: `dispatch:${id}:${attempts.length}:slot`, dueAtMs: atMs, payload: { notificationId: id, slotAtMs, provider: config.name }, maxAttempts: 20 }]),
    );
  if (!heldSlot) {
    const slotMs = await deps.channels.takeSlot(storeId, channel, config, nowMs);
    if (slotMs > nowMs) return defer(slotMs, slotMs);
  }
  // Slots promised to late-claimed jobs can bunch; the guard keeps the provider's second within its limit.
  const waitMs = await deps.channels.sendNow(storeId, channel, config, nowMs);
  if (waitMs > 0) return defer(nowMs + waitMs, nowMs);

  const pendingAt = isoAt(nowMs);
  const pending: NotificationAttempt = { at: pendingAt, provider: config.name, outcome: 'pending', reason: null };
  const resumed = plan.kind === 'interrupted';
  const claimed = await deps.store.transact(async (tx) => {
    const current = await tx.loadNotification(storeId, id);
    if (!current || current.status !== 'sending' || (current.attempts ?? []).length !== attempts.length) return null;
    // A resumed call is a new call: its `pending` attempt takes this time, so a hand-over still
    // waiting for its own answer (src/app/hand-over-notification.ts) sees that it was taken over.
    const withPending = { ...current, attempts: resumed ? [...current.attempts!.slice(0, -1), { ...current.attempts!.at(-1)!, at: pendingAt }] : [...attempts, pending], updatedAt: pendingAt };
    await tx.updateNotifications([withPending]);
    return withPending;
  });
  if (!claimed) return;

  const outcome = await transport.send(toMessage(deps, notification));
  const doneMs = deps.clock.nowMs();
  await pauseAfter(deps, notification, config, outcome, doneMs);
  return recordAndComplete((tx) => recordAnswer(deps, tx, claimed, config, providers.map((p) => p.name), outcome, doneMs));
}

/**
 * After a 429 with Retry-After, no send to that provider until it has passed. A pause that fails
 * (the rate-limit store unreachable) is reported and the answer still recorded: left unrecorded,
 * the message's `pending` attempt would be found by its recovery, which for a provider that
 * cannot deduplicate records `unconfirmed` a message the provider has refused, and never sends it.
 * The message's own retry waits for the Retry-After anyway (planDispatch).
 */
export async function pauseAfter(deps: DispatchDeps, n: NotificationRecord, config: ChannelProviderConfig, outcome: SendOutcome, doneMs: number): Promise<void> {
  if (outcome.kind !== 'temporary' || outcome.retryAfterMs === null) return;
  try {
    await deps.channels.pause(n.storeId, n.channel as ChannelName, config, doneMs, doneMs + outcome.retryAfterMs);
  } catch (error) {
    deps.warn?.('a provider asked to wait (Retry-After) and its pause could not be stored; its other messages may be sent before then', { notification: n.id, store: n.storeId, provider: config.name, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Records a provider's answer to the last (`pending`) attempt of `n`: sent, or what comes next. */
export async function recordAnswer(deps: DispatchDeps, tx: StoreTx, n: NotificationRecord, config: ChannelProviderConfig, names: string[], outcome: SendOutcome, nowMs: number): Promise<void> {
  const now = isoAt(nowMs);
  const attempts = [...(n.attempts ?? [])];
  const answer: NotificationAttempt = {
    at: now,
    provider: config.name,
    outcome: outcome.kind,
    reason: outcome.kind === 'sent' ? null : outcome.reason,
    retryAfterMs: outcome.kind === 'temporary' ? outcome.retryAfterMs : null,
  };
  attempts[attempts.length - 1] = answer;
  if (outcome.kind === 'sent') {
    await tx.updateNotifications([{ ...n, attempts, status: 'sent', statusReason: null, provider: config.name, providerMessageId: outcome.providerMessageId, sentAt: now, updatedAt: now, history: [...n.history, { at: now, status: 'sent', reason: `accepted by ${config.name}` }] }]);
    await tx.appendActivity([activity(n, now, 'done', `${n.milestone} sent on ${n.channel} to ${n.recipient} by ${config.name}`)]);
    return;
  }
  const updated = { ...n, attempts, updatedAt: now };
  const plan = planDispatch(attempts, names, nowMs, deps.random());
  if (plan.kind === 'exhausted') {
    await failOver(deps, tx, updated, plan.reasons, nowMs);
    return;
  }
  const atMs = plan.kind === 'retry' ? plan.atMs : nowMs;
  const next = plan.kind === 'send' ? names[plan.providerIndex] : config.name;
  const why = plan.kind === 'retry' ? `${config.name}: ${outcome.reason}; retry ${plan.tries} at ${isoAt(atMs)}` : `${config.name}: ${outcome.reason}; trying ${next}`;
  await tx.updateNotifications([{ ...updated, history: [...n.history, { at: now, status: 'sending', reason: why }] }]);
  await tx.appendActivity([activity(n, now, 'waiting', why)]);
  await tx.scheduleJobs([{ storeId: n.storeId, kind: 'notification.dispatch', key: `dispatch:${n.id}:${attempts.length}`, dueAtMs: atMs, payload: { notificationId: n.id }, maxAttempts: 20 }]);
}

/** True when it recorded the send as unconfirmed (operators must be told). */
async function recordUnconfirmed(tx: StoreTx, n: NotificationRecord, config: ChannelProviderConfig, nowMs: number): Promise<boolean> {
  const now = isoAt(nowMs);
  const reason = `Herald stopped after handing this message to ${config.name} and before recording its answer; ${config.name} cannot deduplicate, so it was not sent again. It may or may not have arrived.`;
  // Re-read in the transaction: another worker may have recorded an answer meanwhile.
  const current = await tx.loadNotification(n.storeId, n.id);
  const attempts = [...(current?.attempts ?? [])];
  const last = attempts[attempts.length - 1];
  if (!current || current.status !== 'sending' || last?.outcome !== 'pending') return false;
  attempts[attempts.length - 1] = { ...last, outcome: 'unconfirmed', reason };
  await tx.updateNotifications([{ ...current, attempts, status: 'unconfirmed', statusReason: reason, provider: config.name, sentAt: last.at, updatedAt: now, history: [...current.history, { at: now, status: 'unconfirmed', reason }] }]);
  await tx.appendActivity([activity(current, now, 'failed', `${current.milestone} on ${current.channel}: ${reason}`)]);
  return true;
}

async function optedOutSince(store: Store, n: NotificationRecord): Promise<boolean> {
  const address = normalizeAddress(n.recipient!, n.channel);
  const records = await store.reads.listConsents(n.storeId, { addresses: [address], limit: 20 });
  return records.some((c) => c.channel === n.channel && c.address === address && c.purpose === n.purpose && c.status === 'revoked');
}

async function suppress(tx: StoreTx, n: NotificationRecord, reason: string, nowMs: number): Promise<void> {
  const now = isoAt(nowMs);
  await tx.updateNotifications([{ ...n, status: 'suppressed', statusReason: reason, updatedAt: now, history: [...n.history, { at: now, status: 'suppressed', reason }] }]);
  await tx.appendActivity([activity(n, now, 'skipped', `${n.milestone} on ${n.channel} suppressed: ${reason}`)]);
}

export function toMessage(deps: Pick<DispatchDeps, 'messageLinks'>, n: NotificationRecord): OutgoingMessage {
  const unsubscribe = deps.messageLinks && n.channel === 'email' && n.purpose === 'marketing' ? deps.messageLinks.unsubscribeUrl(n.storeId, n.id) : null;
  return {
    notificationId: n.id,
    storeId: n.storeId,
    channel: n.channel as ChannelName,
    recipient: n.recipient!,
    subject: n.subject,
    text: n.body ?? '',
    html: n.html,
    purpose: n.purpose,
    unsubscribeUrl: unsubscribe,
    template: n.template ?? null,
    metadata: { order_ref: n.orderRef, milestone: n.milestone, ...(n.trackingNumber ? { tracking_number: n.trackingNumber } : {}) },
  };
}

export function activity(n: NotificationRecord, at: string, outcome: 'done' | 'waiting' | 'failed' | 'skipped', reason: string) {
  return { storeId: n.storeId, orderRef: n.orderRef, at, workflowId: n.workflowId, workflowVersion: n.workflowVersion, runKey: n.runKey, step: `send ${n.milestone}`, outcome, reason, detail: { notification: n.id } };
}
