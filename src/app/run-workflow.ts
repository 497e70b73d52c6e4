// The `workflow.run` job: start or continue one run. At its start the run checks its workflow's
// conditions against the order as it is now; then it walks the pinned version's program until a
// wait (scheduled as the next job of the run) or the end. Every decision lands in the run log.

import type { JobRecord, JobSpec } from '../core/jobs/job.ts';
import { chooseChannel } from '../core/notifications/choose-channel.ts';
import { loadReachability } from './load-reachability.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { StoreTx } from '../core/ports/store.ts';
import { advanceRun, type RunEffect } from '../core/workflows/advance-run.ts';
import { isOrderMilestone, supersedes } from '../core/workflows/milestones.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';
import { loadRuleContext, type LoadedContext } from './load-rule-context.ts';
import { describeTrigger, notMatchedReason, type RunPayload } from './plan-runs.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';
import { openCaseWithRisk } from './open-case.ts';


export interface RunDeps {
  catalog: WorkflowCatalog;
  ids: IdSource;
}

export async function runWorkflowJob(deps: RunDeps, job: JobRecord, tx: StoreTx, nowMs: number): Promise<void> {
  const run = job.payload as RunPayload;
  const storeId = job.storeId;
  const now = isoAt(nowMs);
  const log: WorkflowActivityRecord[] = [];
  const note = (step: string, outcome: WorkflowActivityRecord['outcome'], reason: string | null, detail: Record<string, unknown> | null = null) =>
    log.push({ storeId, orderRef: run.orderRef, at: now, workflowId: run.workflowId, workflowVersion: run.version, runKey: run.runKey, step, outcome, reason, detail });

  await deps.catalog.prepare([storeId]);
  const rules = deps.catalog.get(storeId)!;
  const workflow = await deps.catalog.version(storeId, run.workflowId, run.version);
  if (!workflow) {
    note('trigger', 'failed', `version ${run.version} of workflow '${run.workflowId}' is missing or no longer valid`);
    await tx.appendActivity(log);
    return;
  }
  const loaded = await loadRuleContext(tx, storeId, run.orderRef, run.trackingNumber, rules, run.trigger, nowMs);
  if (!loaded) {
    // Events about a parcel can arrive before its order: nothing to act on yet, and nothing to log against.
    return;
  }
  if (run.pc === 0) {
    if (workflow.conditions && !workflow.conditions(loaded.context)) {
      note('conditions', 'not_matched', notMatchedReason(run));
      await tx.appendActivity(log);
      return;
    }
    note('trigger', 'started', describeTrigger(run), { trigger: run.trigger });
  }
  const advance = advanceRun(workflow, run.pc, loaded.context, nowMs, loaded.timeZone);
  const jobs: JobSpec[] = [];
  for (const effect of advance.effects) await apply(deps, tx, effect, run, storeId, loaded, nowMs, note, jobs);
  if (advance.next) {
    jobs.push({ storeId, kind: 'workflow.run', key: `${run.runKey}@${advance.next.pc}`, dueAtMs: advance.next.dueAtMs, payload: { ...run, pc: advance.next.pc } });
  } else if (!advance.effects.some((e) => e.kind === 'log' && e.outcome === 'stopped')) {
    note('end', 'done', 'the run is complete');
  }
  if (jobs.length > 0) await tx.scheduleJobs(jobs);
  await tx.appendActivity(log);
}

type Note = (step: string, outcome: WorkflowActivityRecord['outcome'], reason: string | null, detail?: Record<string, unknown> | null) => void;

async function apply(deps: RunDeps, tx: StoreTx, effect: RunEffect, run: RunPayload, storeId: string, loaded: LoadedContext, nowMs: number, note: Note, jobs: JobSpec[]): Promise<void> {
  const now = isoAt(nowMs);
  switch (effect.kind) {
    case 'log':
      note(effect.label, effect.outcome, effect.reason);
      return;
    case 'notify': {
      const record = await createNotification(deps, tx, effect, run, storeId, loaded, now);
      if (record === null) {
        note(effect.step.label, 'skipped', `a ${effect.step.milestone} message for this order was already created once: never twice`);
      } else if (record.status === 'suppressed') {
        note(effect.step.label, 'skipped', `${record.milestone} not sent: ${record.statusReason}`, { notification: record.id });
      } else if (record.status === 'draft') {
        // Rendered now (the send job keeps it a draft), sent only once an agent approves it.
        const result = await openCaseWithRisk(
          tx,
          {
            id: deps.ids.newId('case'),
            storeId,
            orderRef: run.orderRef,
            reason: 'approval_needed',
            summary: `A drafted ${record.milestone.replace(/_/g, ' ')} message on ${record.channel} waits for approval before it goes to the customer.`,
            team: 'support',
            priority: 'normal',
            slaHours: null,
            openedBy: `workflow:${run.workflowId}`,
            evidence: [{ at: now, kind: 'notification', ref: record.id, summary: `draft of ${record.milestone} (${describeTrigger(run)})` }],
            drafts: [record.id],
          },
          deps.catalog.get(storeId)!.settings,
          nowMs,
        );
        note(effect.step.label, 'waiting', `${record.milestone} drafted for ${record.channel}: waiting for approval in case ${result.case.id}`, { notification: record.id, case: result.case.id });
        jobs.push({ storeId, kind: 'notification.send', key: `send:${record.id}`, dueAtMs: nowMs, payload: { notificationId: record.id, run: run.trigger, startedAtMs: run.startedAtMs } });
      } else {
        note(effect.step.label, 'done', `${record.milestone} queued for ${record.channel}`, { notification: record.id });
        jobs.push({ storeId, kind: 'notification.send', key: `send:${record.id}`, dueAtMs: nowMs, payload: { notificationId: record.id, run: run.trigger, startedAtMs: run.startedAtMs } });
      }
      return;
    }
    case 'open_case': {
      const step = effect.step;
      const result = await openCaseWithRisk(
        tx,
        {
          id: deps.ids.newId('case'),
          storeId,
          orderRef: run.orderRef,
          reason: step.reason,
          summary: step.summary ?? `${describeTrigger(run)} (order ${String(loaded.context['order'] && (loaded.context['order'] as { number?: unknown }).number)})`,
          team: step.team,
          priority: step.priority,
          slaHours: step.slaHours,
          openedBy: `workflow:${run.workflowId}`,
          evidence: [{ at: now, kind: 'workflow', ref: run.runKey, summary: describeTrigger(run) }],
        },
        deps.catalog.get(storeId)!.settings,
        nowMs,
      );
      const k = result.case;
      note(step.label, 'done', result.opened ? `case opened for ${k.team} (${k.priority}, risk ${k.risk?.score ?? 0}): ${step.reason}` : `added evidence to the open ${step.reason} case`, { case: k.id });
      return;
    }
    case 'webhook':
      jobs.push({ storeId, kind: 'webhook.call', key: `hook:${run.runKey}:${effect.pc}`, dueAtMs: nowMs, payload: { url: effect.step.url, headers: effect.step.headers, runKey: run.runKey, workflowId: run.workflowId, orderRef: run.orderRef, order: loaded.context['order'], shipment: loaded.context['shipment'], trigger: run.trigger } });
      note(effect.step.label, 'done', `webhook call to ${new URL(effect.step.url).host} queued`);
      return;
    case 'tag': {
      const order = loaded.order;
      const tags = new Set(order.heraldTags ?? []);
      for (const tag of effect.step.add) tags.add(tag);
      for (const tag of effect.step.remove) tags.delete(tag);
      order.heraldTags = [...tags];
      order.updatedAt = now;
      await tx.saveOrders([order]);
      note(effect.step.label, 'done', `tags: ${[...tags].join(', ') || 'none'}`);
      return;
    }
  }
}

async function createNotification(deps: RunDeps, tx: StoreTx, effect: Extract<RunEffect, { kind: 'notify' }>, run: RunPayload, storeId: string, loaded: LoadedContext, now: string): Promise<NotificationRecord | null> {
  const step = effect.step;
  const customer = loaded.order.facts.customer ?? {};
  const choice = chooseChannel(step.channels, await loadReachability(tx, loaded.order), step.purpose);
  const parcelScoped = run.trackingNumber !== null && run.trigger.kind !== 'event' && !isOrderMilestone(step.milestone);
  const milestoneKey = parcelScoped ? `${step.milestone}:${run.trackingNumber}` : step.milestone;
  const record: NotificationRecord = {
    id: deps.ids.newId('ntf'),
    storeId,
    orderRef: run.orderRef,
    milestone: step.milestone,
    milestoneKey,
    trackingNumber: parcelScoped ? run.trackingNumber : null,
    channel: choice.channel,
    recipient: choice.ok ? choice.recipient : null,
    status: choice.ok ? (step.approval ? 'draft' : 'queued') : 'suppressed',
    statusReason: choice.ok ? null : choice.reason,
    critical: step.critical,
    purpose: step.purpose,
    workflowId: run.workflowId,
    workflowVersion: run.version,
    runKey: run.runKey,
    stepIndex: effect.pc,
    locale: customer.locale ?? null,
    timeZone: loaded.timeZone,
    subject: null,
    body: null,
    html: null,
    dueAt: now,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    history: [{ at: now, status: choice.ok ? (step.approval ? 'draft' : 'queued') : 'suppressed', reason: choice.ok ? (choice.passedOver ? `instead of ${choice.passedOver}` : null) : choice.reason }],
  };
  const [isNew] = await tx.insertNotifications([record]);
  if (!isNew) return null;
  // A later milestone makes pending messages of earlier ones pointless (delivered cancels out for delivery).
  const stale = loaded.notifications.filter(
    (n) => n.status === 'queued' && n.id !== record.id && supersedes(step.milestone, n.milestone) && (n.trackingNumber === null || record.trackingNumber === null || n.trackingNumber === record.trackingNumber),
  );
  if (stale.length > 0) {
    const reason = `superseded by ${step.milestone}`;
    await tx.updateNotifications(stale.map((n) => ({ ...n, status: 'superseded', statusReason: reason, updatedAt: now, history: [...n.history, { at: now, status: 'superseded', reason }] })));
  }
  return record;
}
