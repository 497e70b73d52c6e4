// When every provider of a channel gave up on a message (or it bounced), the customer must still
// hear from us: try the next channel of the workflow step's list that reaches them, as a new
// notification with its own consent check; when none is left, open a case so a person acts
// (DESIGN.md §7: "then to a case with an owner"). Nothing fails silently.

import { withDefaultSettings } from '../core/settings/store-settings.ts';
import { openCaseWithRisk } from './open-case.ts';
import { reach } from '../core/notifications/choose-channel.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';
import { loadReachability } from './load-reachability.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';

export interface FailOverDeps {
  catalog: WorkflowCatalog;
  ids: IdSource;
}

export async function failOver(deps: FailOverDeps, tx: StoreTx, n: NotificationRecord, reasons: readonly string[], nowMs: number, status: 'failed' | 'bounced' = 'failed'): Promise<void> {
  const now = isoAt(nowMs);
  const why = reasons.length > 0 ? reasons.join('; ') : 'no provider accepted it';
  const failedReason = status === 'bounced' ? `bounced: ${why}` : `every ${n.channel} provider gave up: ${why}`;
  await tx.updateNotifications([{ ...n, status, statusReason: failedReason, updatedAt: now, history: [...n.history, { at: now, status, reason: failedReason }] }]);

  const next = await nextChannel(deps, tx, n);
  if (next) {
    const record: NotificationRecord = {
      ...n,
      id: deps.ids.newId('ntf'),
      channel: next.channel,
      recipient: next.recipient,
      status: 'queued',
      statusReason: null,
      subject: null,
      body: null,
      html: null,
      dueAt: now,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      provider: null,
      providerMessageId: null,
      attempts: [],
      fallbackOf: n.id,
      history: [{ at: now, status: 'queued', reason: `fallback for the ${n.channel} message: ${failedReason}` }],
    };
    const [isNew] = await tx.insertNotifications([record]);
    if (isNew) {
      await tx.scheduleJobs([{ storeId: n.storeId, kind: 'notification.send', key: `send:${record.id}`, dueAtMs: nowMs, payload: { notificationId: record.id } }]);
      await tx.appendActivity([entry(n, now, 'waiting', `${n.milestone} on ${n.channel} ${status}; falling back to ${next.channel}`)]);
      return;
    }
  }
  await deps.catalog.prepare([n.storeId]);
  const result = await openCaseWithRisk(
    tx,
    {
      id: deps.ids.newId('case'),
      storeId: n.storeId,
      orderRef: n.orderRef,
      reason: 'message_undeliverable',
      summary: `The ${n.milestone.replace(/_/g, ' ')} message could not be delivered on any channel the customer can be reached on (${n.channel}: ${failedReason}). Contact the customer another way.`,
      team: 'support',
      priority: n.critical ? 'high' : 'normal',
      slaHours: null,
      openedBy: 'dispatch',
      evidence: [{ at: now, kind: 'notification', ref: n.id, summary: failedReason }],
    },
    deps.catalog.get(n.storeId)?.settings ?? withDefaultSettings(null),
    nowMs,
  );
  await tx.appendActivity([entry(n, now, 'failed', `${n.milestone} on ${n.channel} ${status} and no other channel reaches the customer: ${result.opened ? 'case opened for support' : 'added to the open case'}`)]);
}

async function nextChannel(deps: FailOverDeps, tx: StoreTx, n: NotificationRecord): Promise<{ channel: ChannelName; recipient: string } | null> {
  const workflow = await deps.catalog.version(n.storeId, n.workflowId, n.workflowVersion);
  const step = workflow?.program[n.stepIndex];
  if (!step || step.op !== 'notify') return null;
  const after = step.channels.slice(step.channels.indexOf(n.channel as ChannelName) + 1);
  if (after.length === 0) return null;
  const order = (await tx.loadOrders(n.storeId, [n.orderRef])).get(n.orderRef);
  if (!order) return null;
  const who = await loadReachability(tx, order);
  for (const channel of after) {
    const verdict = reach(channel, who, n.purpose);
    if (verdict.ok) return { channel, recipient: verdict.recipient };
  }
  return null;
}

function entry(n: NotificationRecord, at: string, outcome: 'waiting' | 'failed', reason: string) {
  return { storeId: n.storeId, orderRef: n.orderRef, at, workflowId: n.workflowId, workflowVersion: n.workflowVersion, runKey: n.runKey, step: `send ${n.milestone}`, outcome, reason, detail: { notification: n.id } };
}
