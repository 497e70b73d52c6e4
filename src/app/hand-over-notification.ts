// The send step's hand-over (docs/channels.md "Hand-over"): a message the send step has just
// decided goes to its first provider as soon as its transaction is durable, in this process,
// instead of through a `notification.dispatch` job that a worker claims and reads back. The send
// step's transaction records the `pending` attempt itself, with a recovery job due a lease later:
// after a crash before the answer is recorded, that job finds the `pending` attempt and does what
// dispatch-notification.ts does for an interrupted send (the same idempotency key where the
// provider deduplicates, `unconfirmed` where it does not). The answer is recorded as the
// dispatcher records it, and the recovery job is dropped in the same transaction; an answer that
// comes after the recovery job recorded the message `unconfirmed` still settles it as sent. Nothing that
// lives outside the store (a rate-limit slot) is taken in the transaction, which may still roll
// back: a provider without room now is left to the dispatcher, and the slot is taken after the
// commit, the message requeued for a later slot when another send took this one meanwhile.
// A failure before the provider is called (the rate-limit store unreachable, the requeue's
// transaction refused) gives the message back to the dispatch queue, due now: left to the recovery
// job, a provider that cannot deduplicate would see a `pending` attempt it never received and
// record a message that was never sent `unconfirmed`.

import type { ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { SendOutcome } from '../core/ports/channel.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import { planDispatch } from '../core/channels/plan-dispatch.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';
import { pauseAfter, recordAnswer, toMessage, type DispatchDeps } from './dispatch-notification.ts';

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
  const names = providers.map((p) => p.name);
  const plan = planDispatch([], names, nowMs, deps.random());
  if (plan.kind !== 'send') return false;
  const channel = sending.channel as ChannelName;
  const config = providers[plan.providerIndex] ?? providers[0]!;
  // Past its rate, the dispatcher gives the message its slot.
  if (!deps.channels.hasRoomNow(sending.storeId, channel, config, nowMs)) return false;
  let call: () => Promise<SendOutcome>;
  try {
    // Before the `pending` attempt: a provider this build cannot make is the dispatcher's to report.
    const transport = deps.channels.transport(sending.storeId, channel, config);
    const message = toMessage(deps, sending);
    call = () => transport.send(message);
  } catch {
    return false;
  }
  const handed: NotificationRecord = { ...sending, attempts: [{ at: isoAt(nowMs), provider: config.name, outcome: 'pending', reason: null }] };
  const recoveryKey = `dispatch:${sending.id}:0`;
  await tx.updateNotifications([handed]);
  await tx.scheduleJobs([{ storeId: sending.storeId, kind: 'notification.dispatch', key: recoveryKey, dueAtMs: nowMs + deps.leaseMs, payload: { notificationId: sending.id }, maxAttempts: 20 }]);
  tx.afterCommit(() => deps.track(send(deps, { handed, config, names, recoveryKey, call })));
  return true;
}

interface HandedOver {
  handed: NotificationRecord;
  config: ChannelProviderConfig;
  names: string[];
  recoveryKey: string;
  call: () => Promise<SendOutcome>;
}

/** Waits between tries to give back a message whose provider call never started. */
const GIVE_BACK_RETRY_MS = [50, 500, 2_000];

async function send(deps: HandOverDeps, h: HandedOver): Promise<void> {
  const { handed, config } = h;
  const channel = handed.channel as ChannelName;
  let called = false;
  try {
    const atMs = deps.clock.nowMs();
    const slotMs = await deps.channels.takeSlot(handed.storeId, channel, config, atMs);
    const waitMs = slotMs > atMs ? 0 : await deps.channels.sendNow(handed.storeId, channel, config, atMs);
    if (slotMs > atMs || waitMs > 0) {
      await requeue(deps, h, slotMs > atMs ? slotMs : atMs + waitMs, slotMs > atMs ? slotMs : atMs);
      return;
    }
    called = true;
    const outcome = await h.call();
    const doneMs = deps.clock.nowMs();
    await pauseAfter(deps, handed, config, outcome, doneMs);
    const recorded = await deps.store.transact(async (tx) => {
      const current = await tx.loadNotification(handed.storeId, handed.id);
      if (stillHanded(current, handed)) {
        await recordAnswer(deps, tx, handed, config, h.names, outcome, doneMs);
        // Answered: the recovery job has nothing left to do.
        await tx.cancelPendingJobs(handed.storeId, [h.recoveryKey]);
        return 'recorded';
      }
      // The call outlasted a lease and its recovery job, unable to resend to a provider that does
      // not deduplicate, recorded the message `unconfirmed`. A `sent` answer settles what it could
      // not (with the provider's id, for its receipts). A failure does not: a timeout or a reset
      // may still have reached the provider, so the message stays unconfirmed, never sent twice.
      if (current !== null && outcome.kind === 'sent' && unconfirmedByRecovery(current, handed)) {
        await recordAnswer(deps, tx, { ...current, status: 'sending', statusReason: null }, config, h.names, outcome, doneMs);
        return 'settled';
      }
      // Otherwise the recovery job resent under the same key (or an operator acted): its record stands.
      return 'taken';
    });
    if (recorded === 'settled') deps.warn?.('a handed-over send was answered after its recovery job had recorded it unconfirmed; the answer was recorded', { notification: handed.id, store: handed.storeId, provider: config.name, outcome: outcome.kind });
    if (recorded === 'taken') deps.warn?.('a handed-over send was answered after its recovery job took it over; that answer was not recorded', { notification: handed.id, store: handed.storeId, provider: config.name, outcome: outcome.kind });
  } catch (error) {
    const facts = { notification: handed.id, store: handed.storeId, provider: config.name, error: error instanceof Error ? error.message : String(error) };
    if (!called && (await giveBackUncalled(deps, h))) {
      deps.warn?.('a handed-over send failed before its provider was called; the message went back to the dispatch queue', facts);
      return;
    }
    // The recovery job stays: it takes the send up again once it is due.
    deps.warn?.(called ? 'a handed-over send failed before its answer was recorded; its recovery job will take it up' : 'a handed-over send failed before its provider was called and could not be given back; its recovery job will take it up', facts);
  }
}

/** Another send took the provider's room since the commit: the message waits for its slot as the dispatcher's would. */
async function requeue(deps: HandOverDeps, h: HandedOver, dueAtMs: number, slotAtMs: number): Promise<void> {
  await giveBack(deps, h, { key: `dispatch:${h.handed.id}:0:slot`, dueAtMs, payload: { notificationId: h.handed.id, slotAtMs, provider: h.config.name } });
}

/**
 * The provider was never called: the message goes back to the queue as the send step would have
 * queued it, due now, under the recovery job's own key (which the new schedule supersedes). Tried
 * a few times, for a store that refused one transaction; false when every try failed.
 */
async function giveBackUncalled(deps: HandOverDeps, h: HandedOver): Promise<boolean> {
  for (const waitMs of GIVE_BACK_RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      await giveBack(deps, h, { key: h.recoveryKey, dueAtMs: deps.clock.nowMs(), payload: { notificationId: h.handed.id } });
      return true;
    } catch {
      // The next try, or the recovery job.
    }
  }
  return false;
}

/** Takes back the hand-over's `pending` attempt and schedules `job` instead, while the notification is still as it left it. */
async function giveBack(deps: HandOverDeps, h: HandedOver, job: { key: string; dueAtMs: number; payload: Record<string, unknown> }): Promise<void> {
  const { handed } = h;
  await deps.store.transact(async (tx) => {
    if (!stillHanded(await tx.loadNotification(handed.storeId, handed.id), handed)) return;
    await tx.updateNotifications([{ ...handed, attempts: [] }]);
    await tx.scheduleJobs([{ storeId: handed.storeId, kind: 'notification.dispatch', ...job, maxAttempts: 20 }]);
    if (job.key !== h.recoveryKey) await tx.cancelPendingJobs(handed.storeId, [h.recoveryKey]);
  });
}

/** The recovery job recorded the hand-over's own attempt `unconfirmed`, and nothing happened since. */
function unconfirmedByRecovery(current: NotificationRecord, handed: NotificationRecord): boolean {
  const attempts = current.attempts ?? [];
  const mine = handed.attempts![0]!;
  return current.status === 'unconfirmed' && attempts.length === 1 && attempts[0]!.outcome === 'unconfirmed' && attempts[0]!.at === mine.at && attempts[0]!.provider === mine.provider;
}

/** The notification is as the hand-over left it: sending, its one attempt the hand-over's `pending`. */
function stillHanded(current: NotificationRecord | null, handed: NotificationRecord): boolean {
  const attempts = current?.attempts ?? [];
  const mine = handed.attempts![0]!;
  return current?.status === 'sending' && attempts.length === 1 && attempts[0]!.outcome === 'pending' && attempts[0]!.at === mine.at && attempts[0]!.provider === mine.provider;
}
