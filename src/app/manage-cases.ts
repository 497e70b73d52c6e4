// The review queue's use cases: list and show cases with their evidence, assign, comment,
// resolve with an outcome, approve or reject drafted messages, and the SLA timer that escalates
// a case nobody answered in time (to another team and the team's Slack channel). Each action is
// one transaction that reads the case, applies a pure action and saves it with its audit entry.

import { assignCase, commentOnCase, escalateCase, resolveCase } from '../core/cases/case-actions.ts';
import type { CaseRecord } from '../core/cases/case-record.ts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { CaseFilter, Store, StoreTx } from '../core/ports/store.ts';
import { withDefaultSettings } from '../core/settings/store-settings.ts';
import type { ChannelPool } from './channel-pool.ts';
import { notificationView, truthInWords } from './read-views.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';

export interface CaseDeps {
  store: Store;
  clock: Clock;
}

async function act(deps: CaseDeps, storeId: string, caseId: string, change: (record: CaseRecord, tx: StoreTx, nowMs: number) => Promise<CaseRecord>): Promise<CaseRecord> {
  return deps.store.transact(async (tx) => {
    const record = await tx.loadCase(storeId, caseId);
    if (!record) throw new NotFoundError(`no case '${caseId}' in store '${storeId}'`, { case: caseId });
    const next = await change(record, tx, deps.clock.nowMs());
    await tx.saveCase(next);
    return next;
  });
}

export function assign(deps: CaseDeps, storeId: string, caseId: string, input: { assignee: string | null; team?: string }, actor: string): Promise<CaseRecord> {
  return act(deps, storeId, caseId, async (record, _tx, nowMs) => assignCase(record, input, actor, isoAt(nowMs)));
}

export function comment(deps: CaseDeps, storeId: string, caseId: string, text: string, actor: string): Promise<CaseRecord> {
  return act(deps, storeId, caseId, async (record, _tx, nowMs) => commentOnCase(record, text, actor, isoAt(nowMs)));
}

/** Resolve with an outcome; the parcels' states at this moment are kept as the evidence it was decided on. */
export function resolve(deps: CaseDeps, storeId: string, caseId: string, input: { outcome: string; note?: string | null }, actor: string): Promise<CaseRecord> {
  return act(deps, storeId, caseId, async (record, tx, nowMs) => {
    const shipments = await tx.loadShipmentsOfOrders(storeId, [record.orderRef]);
    const resolved = resolveCase(record, input, shipments.map((s) => ({ trackingNumber: s.trackingNumber, state: s.truth.state, reason: s.truth.reason })), actor, isoAt(nowMs));
    // Drafts nobody approved go nowhere once their case is closed.
    for (const id of record.drafts ?? []) await rejectDraftRecord(tx, storeId, id, `the case was resolved (${input.outcome}) before the draft was approved`, actor, nowMs);
    return { ...resolved, drafts: [] };
  });
}

/** An agent approves a drafted message, as it is or edited; it then goes through the usual re-check and send. */
export function approveDraft(deps: CaseDeps, storeId: string, caseId: string, notificationId: string, edit: { subject?: string | null; body?: string }, actor: string): Promise<CaseRecord> {
  return act(deps, storeId, caseId, async (record, tx, nowMs) => {
    const draft = await draftOf(tx, record, notificationId);
    const now = isoAt(nowMs);
    const edited = edit.body !== undefined || edit.subject !== undefined;
    if (edit.body !== undefined && edit.body.trim() === '') throw new ValidationError('the edited text is empty', [{ field: 'body', reason: 'must not be empty' }]);
    const approved: NotificationRecord = {
      ...draft,
      subject: edit.subject === undefined ? draft.subject : edit.subject,
      body: edit.body ?? draft.body,
      html: edited ? null : draft.html,
      status: 'queued',
      updatedAt: now,
      history: [...draft.history, { at: now, status: 'queued', reason: `approved by ${actor}${edited ? ' (edited)' : ''}` }],
    };
    await tx.updateNotifications([approved]);
    await tx.scheduleJobs([{ storeId, kind: 'notification.send', key: `send:${draft.id}:approved`, dueAtMs: nowMs, payload: { notificationId: draft.id, approved: true, edited } }]);
    const left = (record.drafts ?? []).filter((id) => id !== notificationId);
    let next: CaseRecord = { ...record, drafts: left, updatedAt: now, history: [...(record.history ?? []), { at: now, actor, action: 'draft_approved', detail: `${draft.milestone} on ${draft.channel}${edited ? ', edited' : ''}` }] };
    if (record.reason === 'approval_needed' && left.length === 0) next = resolveCase(next, { outcome: 'customer_informed', note: 'the drafted message was approved' }, [], actor, now);
    return next;
  });
}

export function rejectDraft(deps: CaseDeps, storeId: string, caseId: string, notificationId: string, reason: string, actor: string): Promise<CaseRecord> {
  return act(deps, storeId, caseId, async (record, tx, nowMs) => {
    await draftOf(tx, record, notificationId);
    await rejectDraftRecord(tx, storeId, notificationId, reason || 'rejected', actor, nowMs);
    const now = isoAt(nowMs);
    const left = (record.drafts ?? []).filter((id) => id !== notificationId);
    return { ...record, drafts: left, updatedAt: now, history: [...(record.history ?? []), { at: now, actor, action: 'draft_rejected', detail: reason || null }] };
  });
}

async function draftOf(tx: StoreTx, record: CaseRecord, notificationId: string): Promise<NotificationRecord> {
  if (record.status !== 'open') throw new ConflictError(`case ${record.id} is resolved; its drafts are closed`);
  const draft = (record.drafts ?? []).includes(notificationId) ? await tx.loadNotification(record.storeId, notificationId) : null;
  if (!draft) throw new NotFoundError(`case ${record.id} has no draft '${notificationId}'`, { case: record.id, notification: notificationId });
  if (draft.status !== 'draft') throw new ConflictError(`the message ${notificationId} is ${draft.status}, not a draft waiting for approval`);
  return draft;
}

async function rejectDraftRecord(tx: StoreTx, storeId: string, notificationId: string, reason: string, actor: string, nowMs: number): Promise<void> {
  const draft = await tx.loadNotification(storeId, notificationId);
  if (!draft || draft.status !== 'draft') return;
  const now = isoAt(nowMs);
  const why = `rejected by ${actor}: ${reason}`;
  await tx.updateNotifications([{ ...draft, status: 'skipped', statusReason: why, updatedAt: now, history: [...draft.history, { at: now, status: 'skipped', reason: why }] }]);
}

/**
 * The `case.sla_check` job. Check-at-fire: nothing happens for a resolved case or one whose SLA
 * moved later (a new timer is set for it). A breach escalates: one priority up, the store's
 * escalation team, an alert to Slack when a Slack provider is configured, and the next check.
 */
export async function checkCaseSla(deps: { catalog: WorkflowCatalog; channels?: ChannelPool | undefined; newId: () => string }, job: JobRecord, tx: StoreTx, nowMs: number): Promise<void> {
  const record = await tx.loadCase(job.storeId, String(job.payload['caseId']));
  if (!record || record.status !== 'open' || record.slaDueAt === null) return;
  const dueMs = Date.parse(record.slaDueAt);
  if (dueMs > nowMs) {
    await tx.scheduleJobs([{ storeId: record.storeId, kind: 'case.sla_check', key: `sla:${record.id}`, dueAtMs: dueMs, payload: { caseId: record.id } }]);
    return;
  }
  await deps.catalog.prepare([record.storeId]);
  const settings = deps.catalog.get(record.storeId)?.settings ?? withDefaultSettings(null);
  const escalated = escalateCase(record, { team: settings.caseEscalation.team ?? undefined }, nowMs);
  await tx.saveCase(escalated);
  // Three escalations are enough to reach everyone; after that the case waits at urgent.
  if ((escalated.escalations ?? 0) < 3) await tx.scheduleJobs([{ storeId: record.storeId, kind: 'case.sla_check', key: `sla:${record.id}`, dueAtMs: Date.parse(escalated.slaDueAt!), payload: { caseId: record.id } }]);
  if (settings.caseEscalation.slack && deps.channels) {
    const providers = await deps.channels.providersFor(record.storeId, 'slack');
    if (providers[0]?.provider !== 'outbox') await queueAlert(tx, deps.newId(), escalated, nowMs);
  }
}

async function queueAlert(tx: StoreTx, id: string, record: CaseRecord, nowMs: number): Promise<void> {
  const now = isoAt(nowMs);
  const n = record.escalations ?? 1;
  const alert: NotificationRecord = {
    id,
    storeId: record.storeId,
    orderRef: record.orderRef,
    milestone: 'case_escalated',
    milestoneKey: `case_escalated:${record.id}:${n}`,
    trackingNumber: null,
    channel: 'slack',
    recipient: 'slack',
    status: 'sending',
    statusReason: null,
    critical: true,
    purpose: 'transactional',
    workflowId: 'herald:case-sla',
    workflowVersion: 0,
    runKey: `case:${record.id}`,
    stepIndex: -1,
    locale: null,
    timeZone: null,
    subject: `Case waiting too long: ${record.reason.replace(/_/g, ' ')} on order ${record.orderRef}`,
    body: `${record.summary}\nPriority ${record.priority} (escalation ${n}), team ${record.team}${record.assignee ? `, assigned to ${record.assignee}` : ', unassigned'}. Answer by ${record.slaDueAt}.`,
    html: null,
    dueAt: now,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    history: [{ at: now, status: 'sending', reason: `SLA breach of case ${record.id}` }],
    attempts: [],
  };
  const [isNew] = await tx.insertNotifications([alert]);
  if (isNew) await tx.scheduleJobs([{ storeId: record.storeId, kind: 'notification.dispatch', key: `dispatch:${id}:0`, dueAtMs: nowMs, payload: { notificationId: id }, maxAttempts: 20 }]);
}

export async function listCaseViews(store: Store, storeId: string, filter: CaseFilter) {
  return (await store.reads.listCases(storeId, filter)).map(caseSummary);
}

/** One case with its evidence: the order's parcels in words and the messages behind it. */
export async function getCaseView(store: Store, storeId: string, caseId: string) {
  const record = await store.reads.getCase(storeId, caseId);
  if (!record) throw new NotFoundError(`no case '${caseId}' in store '${storeId}'`, { case: caseId });
  const [shipments, notifications] = await Promise.all([store.reads.listShipmentsOfOrder(storeId, record.orderRef), store.reads.listOrderNotifications(storeId, record.orderRef)]);
  return {
    ...caseSummary(record),
    evidence: record.evidence,
    history: record.history ?? [],
    resolution: record.resolution ?? null,
    shipments: shipments.map((s) => ({ tracking_number: s.trackingNumber, carrier: s.carrier, ...truthInWords(s.truth), last_scan_at: s.truth.lastScanAt, estimated_delivery_at: s.truth.estimatedDeliveryAt })),
    messages: notifications.map(notificationView),
    draft_messages: notifications.filter((n) => (record.drafts ?? []).includes(n.id)).map(notificationView),
  };
}

function caseSummary(k: CaseRecord) {
  return {
    id: k.id,
    order_ref: k.orderRef,
    reason: k.reason,
    summary: k.summary,
    team: k.team,
    assignee: k.assignee,
    priority: k.priority,
    risk: k.risk ?? null,
    status: k.status,
    opened_at: k.openedAt,
    opened_by: k.openedBy,
    sla_due_at: k.slaDueAt,
    escalations: k.escalations ?? 0,
    outcome: k.outcome,
    resolved_at: k.resolvedAt,
    drafts: k.drafts ?? [],
  };
}
