// The send step's hand-over (docs/channels.md "Hand-over"): a message the send step has just
// decided goes to its first provider as soon as its transaction is durable, in this process,
// instead of through a `notification.dispatch` job that a worker claims and reads back. The send
// step's transaction records the `pending` attempt itself, with a recovery job due a lease later:
// after a crash before the answer is recorded, that job finds the `pending` attempt and does what
// dispatch-notification.ts does for an interrupted send (the same idempotency key where the
// provider deduplicates, `unconfirmed` where it does not). The answer is recorded as the
// dispatcher records it, and the recovery job is dropped in the same transaction.

import type { ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { NotificationAttempt, NotificationRecord } from '../core/notifications/notification-record.ts';
import { planDispatch } from '../core/channels/plan-dispatch.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';
import { recordAnswer, toMessage, type DispatchDeps } from './dispatch-notification.ts';

export interface HandOverDeps extends DispatchDeps {
  /** The recovery job is due this long after the hand-over (the job lease: a crashed worker's jobs wait as long). */
  leaseMs: number;
  /** False when this process has enough sends in flight: the message then waits in the queue. */
  admit: () => boolean;
  /** Keeps a send in flight, so that shutting down waits for its answer to be recorded. */
  track: (send: Promise<void>) => void;
}

/**
 * Records `sending` (attempts as the send step made them: none yet) in `tx` as handed over and
 * arranges its provider call after the commit. False when it must go through the dispatch queue
 * instead (nothing is written then).
 */
export async function handOverNotification(deps: HandOverDeps, tx: StoreTx, sending: NotificationRecord, providers: readonly ChannelProviderConfig[], nowMs: number): Promise<boolean> {
  if ((sending.attempts ?? []).length > 0 || providers.length === 0 || !deps.admit()) return false;
  const plan = planDispatch([], providers.map((p) => p.name), nowMs, deps.random());
  if (plan.kind !== 'send') return false;
  const { storeId, id } = sending;
  const channel = sending.channel as ChannelName;
  const config = providers[plan.providerIndex] ?? providers[0]!;
  // The provider's rate holds here as in the dispatcher: a message past it waits for its slot.
  const slotMs = deps.channels.takeSlot(storeId, channel, config, nowMs);
  const waitMs = slotMs > nowMs ? 0 : deps.channels.sendNow(storeId, channel, config, nowMs);
  if (slotMs > nowMs || waitMs > 0) {
    const atMs = slotMs > nowMs ? slotMs : nowMs + waitMs;
    await tx.updateNotifications([sending]);
    await tx.scheduleJobs([{ storeId, kind: 'notification.dispatch', key: `dispatch:${id}:0:slot`, dueAtMs: atMs, payload: { notificationId: id, slotAtMs: slotMs > nowMs ? slotMs : nowMs, provider: config.name }, maxAttempts: 20 }]);
    return true;
  }
  const pending: NotificationAttempt = { at: isoAt(nowMs), provider: config.name, outcome: 'pending', reason: null };
  const handed: NotificationRecord = { ...sending, attempts: [pending] };
  const recoveryKey = `dispatch:${id}:0`;
  await tx.updateNotifications([handed]);
  await tx.scheduleJobs([{ storeId, kind: 'notification.dispatch', key: recoveryKey, dueAtMs: nowMs + deps.leaseMs, payload: { notificationId: id }, maxAttempts: 20 }]);
  const names = providers.map((p) => p.name);
  tx.afterCommit(() => deps.track(send(deps, handed, config, names, recoveryKey)));
  return true;
}

async function send(deps: HandOverDeps, handed: NotificationRecord, config: ChannelProviderConfig, names: string[], recoveryKey: string): Promise<void> {
  const channel = handed.channel as ChannelName;
  try {
    const outcome = await deps.channels.transport(handed.storeId, channel, config).send(toMessage(deps, handed));
    const doneMs = deps.clock.nowMs();
    if (outcome.kind === 'temporary' && outcome.retryAfterMs !== null) deps.channels.pause(handed.storeId, channel, config, doneMs, doneMs + outcome.retryAfterMs);
    await deps.store.transact(async (tx) => {
      await recordAnswer(deps, tx, handed, config, names, outcome, doneMs);
      // Answered: the recovery job has nothing left to do (a worker that claimed it finds the answer).
      await tx.cancelPendingJobs(handed.storeId, [recoveryKey]);
    });
  } catch (error) {
    // The recovery job stays: it takes the send up again once it is due.
    deps.warn?.('a handed-over send failed before its answer was recorded; its recovery job will take it up', {
      notification: handed.id,
      store: handed.storeId,
      provider: config.name,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
