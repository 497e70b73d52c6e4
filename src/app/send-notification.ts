// The `notification.send` job: re-check the order just before the message goes (cancelled,
// refunded, the parcel already past this milestone, the workflow's conditions no longer true),
// honour consent, the per-recipient frequency cap and quiet hours in the recipient's local time,
// then render the Liquid templates and hand the message over. Every outcome is recorded with why.

import { quietHoursEnd } from '../core/calendar/local-time.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import { chooseChannel } from '../core/notifications/choose-channel.ts';
import type { NotificationRecord, NotificationStatus } from '../core/notifications/notification-record.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { TemplateRenderer } from '../core/ports/templates.ts';
import type { CompiledWorkflow, Instruction } from '../core/workflows/compile-workflow.ts';
import { isPassedMilestone, MILESTONE_RANK } from '../core/workflows/milestones.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';
import { STATE_WORDS } from '../core/vocabulary/shipment-states.ts';
import { loadRuleContext, type LoadedContext } from './load-rule-context.ts';
import { loadReachability } from './load-reachability.ts';
import type { ChannelPool } from './channel-pool.ts';
import type { MessageLinks } from './message-links.ts';
import { OUTBOX_PROVIDER, type ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { StoreSettings } from '../core/settings/store-settings.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';
import { insertOpenPixel, rewriteLinks } from '../core/channels/tracked-links.ts';
import type { RunPayload } from './plan-runs.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';

const DAY_MS = 86_400_000;

export interface SendDeps {
  catalog: WorkflowCatalog;
  templates: TemplateRenderer;
  /** Links templates may use (`links.tracking`: the order's tracking page); absent ones render empty. */
  links?: (notification: NotificationRecord, order: OrderRecord) => Record<string, string>;
  /** Configured providers; without it every channel delivers to the outbox. */
  channels?: ChannelPool | undefined;
  /** Signed pixel, click and unsubscribe links for email; without them emails carry none. */
  messageLinks?: MessageLinks | undefined;
  /** Herald's default email layout, compiled (Liquid placeholders kept); used when a store has none. */
  defaultEmailLayout?: string | undefined;
  /**
   * Hands the message straight to its provider after this transaction (src/app/hand-over-notification.ts),
   * writing it itself; false leaves it to the dispatch queue. Without it, every message is queued.
   */
  handOver?: ((tx: StoreTx, sending: NotificationRecord, providers: readonly ChannelProviderConfig[], nowMs: number) => Promise<boolean>) | undefined;
}

type Verdict = { status: NotificationStatus; reason: string } | { holdUntilMs: number; reason: string } | null;

export async function sendNotificationJob(deps: SendDeps, job: JobRecord, tx: StoreTx, nowMs: number): Promise<void> {
  const storeId = job.storeId;
  const notification = await tx.loadNotification(storeId, String(job.payload['notificationId']));
  // A draft is rendered for an agent to read and stays a draft; once approved it is queued again.
  const drafting = notification?.status === 'draft';
  if (!notification || (notification.status !== 'queued' && !drafting)) return;
  const edited = job.payload['edited'] === true;
  await deps.catalog.prepare([storeId]);
  const rules = deps.catalog.get(storeId)!;
  const workflow = await deps.catalog.version(storeId, notification.workflowId, notification.workflowVersion);
  const run = (job.payload['run'] as RunPayload['trigger'] | undefined) ?? null;
  const loaded = await loadRuleContext(tx, storeId, notification.orderRef, notification.trackingNumber, rules, run ?? { kind: 'event', value: notification.milestone }, nowMs);
  const step = workflow?.program[notification.stepIndex];
  const now = isoAt(nowMs);

  let verdict: Verdict;
  if (!workflow || !loaded || step?.op !== 'notify') verdict = { status: 'failed', reason: 'the workflow version or its order is gone' };
  else verdict = await recheck(tx, notification, workflow, step, loaded, rules.settings, nowMs, typeof job.payload['startedAtMs'] === 'number' ? job.payload['startedAtMs'] : null);

  if (drafting && verdict && 'holdUntilMs' in verdict) verdict = null;
  if (verdict && 'holdUntilMs' in verdict) {
    await tx.updateNotifications([{ ...notification, dueAt: isoAt(verdict.holdUntilMs), updatedAt: now, history: [...notification.history, { at: now, status: 'queued', reason: verdict.reason }] }]);
    await tx.scheduleJobs([{ storeId, kind: 'notification.send', key: `send:${notification.id}`, dueAtMs: verdict.holdUntilMs, payload: job.payload }]);
    await tx.appendActivity([activity(notification, now, 'waiting', verdict.reason)]);
    return;
  }
  if (verdict) {
    await finish(tx, notification, verdict.status, verdict.reason, now);
    return;
  }
  const notify = step as Extract<Instruction, { op: 'notify' }>;
  let rendered: Rendered;
  try {
    // An agent's edit is the text: it is not rendered again.
    rendered = edited ? { subject: notification.subject, body: notification.body ?? '', html: null, template: notification.template ?? null } : render(deps, notify, notification, loaded!);
    if (notification.channel === 'email') rendered.html = composeEmail(deps, notification, rendered, rules.settings);
  } catch (error) {
    await finish(tx, notification, 'failed', `template error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, now);
    return;
  }
  if (drafting) {
    await tx.updateNotifications([{ ...notification, ...rendered, updatedAt: now, history: [...notification.history, { at: now, status: 'draft', reason: 'rendered: waiting for an agent to approve, edit or reject it' }] }]);
    return;
  }
  const providers = deps.channels ? await deps.channels.providersFor(storeId, notification.channel as ChannelName) : [OUTBOX_PROVIDER];
  if (providers.length === 1 && providers[0]!.provider === 'outbox') {
    // The store's outbox is the delivery: nothing leaves Herald, so no provider call to make.
    const sent: NotificationRecord = {
      ...notification,
      ...rendered,
      status: 'sent',
      statusReason: null,
      sentAt: now,
      updatedAt: now,
      provider: 'outbox',
      providerMessageId: null,
      history: [...notification.history, { at: now, status: 'sent', reason: `kept in the outbox (no ${notification.channel} provider configured)` }],
    };
    await tx.updateNotifications([sent]);
    await tx.appendActivity([activity(notification, now, 'done', `${notification.milestone} sent on ${notification.channel} to ${notification.recipient} (kept in the outbox)`)]);
    return;
  }
  const sending: NotificationRecord = { ...notification, ...rendered, status: 'sending', statusReason: null, updatedAt: now, attempts: notification.attempts ?? [], history: [...notification.history, { at: now, status: 'sending', reason: `handed to the ${notification.channel} dispatcher` }] };
  if (deps.handOver && (await deps.handOver(tx, sending, providers, nowMs))) return;
  await tx.updateNotifications([sending]);
  await tx.scheduleJobs([{ storeId, kind: 'notification.dispatch', key: `dispatch:${notification.id}:0`, dueAtMs: nowMs, payload: { notificationId: notification.id }, maxAttempts: 20 }]);
}

/** An email's HTML: the store's layout around the message, links signed, the open pixel in. */
function composeEmail(deps: SendDeps, notification: NotificationRecord, rendered: { body: string; html: string | null }, settings: StoreSettings): string {
  const content = rendered.html ?? textToHtml(rendered.body);
  const layout = settings.emailLayout?.html ?? deps.defaultEmailLayout;
  const links = deps.messageLinks;
  const unsubscribe = links && notification.purpose === 'marketing' ? links.unsubscribeUrl(notification.storeId, notification.id) : null;
  let html = layout ? deps.templates.render(layout, { content, brand: brandData(settings), unsubscribe_url: unsubscribe }) : content;
  if (links) {
    html = rewriteLinks(html, (url, index) => links.clickUrl(notification.storeId, notification.id, index, url), { skip: unsubscribe ? [unsubscribe] : [] });
    html = insertOpenPixel(html, links.pixelUrl(notification.storeId, notification.id));
  }
  return html;
}

function brandData(settings: StoreSettings): Record<string, unknown> {
  const b = settings.brand;
  return { name: b.name, logo_url: b.logoUrl, primary_color: b.primaryColor, font_family: b.fontFamily, help_url: b.helpUrl, sender_name: b.senderName ?? b.name, reply_to: b.replyTo };
}

function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>').replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`)
    .join('\n');
}

async function recheck(tx: StoreTx, notification: NotificationRecord, workflow: CompiledWorkflow, step: Extract<Instruction, { op: 'notify' }>, loaded: LoadedContext, settings: { quietHours: { startHour: number; startMinute: number; endHour: number; endMinute: number } | null; maxMessagesPerRecipientPerDay: number }, nowMs: number, startedAtMs: number | null): Promise<Verdict> {
  const { order } = loaded;
  if (order.cancelledAt !== null) return { status: 'skipped', reason: 'the order was cancelled' };
  if (order.refundedAt !== null && notification.milestone !== 'returned_to_sender') return { status: 'skipped', reason: 'the order was refunded' };
  const parcel = notification.trackingNumber ? loaded.shipments.find((s) => s.trackingNumber === notification.trackingNumber) : undefined;
  if (parcel && isPassedMilestone(notification.milestone, parcel.truth.state)) {
    return { status: 'skipped', reason: `the parcel is already further along: ${STATE_WORDS[parcel.truth.state].toLowerCase()}` };
  }
  if (parcel && MILESTONE_RANK[notification.milestone] === undefined) {
    const stale = staleTrigger(notification, workflow, parcel.truth);
    if (stale) return { status: 'skipped', reason: stale };
  }
  // Conditions are about the order as it stands, judged at the moment the run started: a
  // time-relative one ("at least 3 days to the ETA") must not fail just because the run waited.
  if (workflow.conditions && !workflow.conditions(loaded.contextAt(startedAtMs ?? nowMs))) return { status: 'skipped', reason: 'the workflow\'s conditions no longer hold for this order' };
  const still = chooseChannel([notification.channel as ChannelName], await loadReachability(tx, order), step.purpose);
  if (!still.ok) return { status: 'suppressed', reason: still.reason };
  // Quiet hours and the cap protect customers; alerts to the merchant's teams (Slack, webhooks) are exempt.
  if (!notification.critical && notification.channel !== 'slack' && notification.channel !== 'webhook') {
    const recent = await tx.countSentToRecipient(notification.storeId, still.recipient, isoAt(nowMs - DAY_MS));
    if (recent >= settings.maxMessagesPerRecipientPerDay) {
      return { status: 'suppressed', reason: `frequency cap: ${recent} messages to this recipient in the last 24 hours (at most ${settings.maxMessagesPerRecipientPerDay})` };
    }
    if (settings.quietHours) {
      const endMs = quietHoursEnd(nowMs, settings.quietHours, notification.timeZone ?? 'UTC');
      if (endMs !== null) return { holdUntilMs: endMs, reason: `quiet hours in ${notification.timeZone}: held until ${isoAt(endMs)}` };
    }
  }
  return null;
}

/** A message about a state or reason the parcel has left (a stalled parcel that moved again) is stale. */
function staleTrigger(notification: NotificationRecord, workflow: CompiledWorkflow, truth: { state: string; reason: string | null; lastScanAt: string | null; stateSince: string | null }): string | null {
  const t = workflow.trigger;
  if (t.state !== undefined && !(typeof t.state === 'string' ? [t.state] : t.state).includes(truth.state as never)) return `the parcel is no longer ${typeof t.state === 'string' ? t.state : t.state.join(' or ')}: now ${truth.state}`;
  if (t.reason !== undefined && truth.reason === null) return 'the parcel no longer needs attention';
  if (t.signal === 'stalled' && truth.lastScanAt !== null && truth.lastScanAt > notification.createdAt) return 'the parcel moved again: a new carrier scan arrived';
  return null;
}

type Rendered = { subject: string | null; body: string; html: string | null; template: NotificationRecord['template'] };

function render(deps: SendDeps, step: Extract<Instruction, { op: 'notify' }>, notification: NotificationRecord, loaded: LoadedContext): Rendered {
  const language = notification.locale?.slice(0, 2).toLowerCase() ?? '';
  const message = step.translations[language] ?? step.message;
  const data = { ...loaded.context, links: deps.links?.(notification, loaded.order) ?? {}, milestone: notification.milestone };
  const shortChannel = notification.channel === 'sms' || notification.channel === 'whatsapp' || notification.channel === 'telegram';
  const text = shortChannel && message.short ? message.short : message.text;
  const wa = notification.channel === 'whatsapp' ? message.whatsapp_template : undefined;
  return {
    subject: message.subject === undefined || shortChannel ? null : deps.templates.render(message.subject, data).trim(),
    body: deps.templates.render(text, data).trim(),
    html: message.html === undefined || shortChannel ? null : deps.templates.render(message.html, data),
    template: wa ? { name: wa.name, language: wa.language, parameters: wa.parameters.map((p) => deps.templates.render(p, data).trim()) } : null,
  };
}

async function finish(tx: StoreTx, notification: NotificationRecord, status: NotificationStatus, reason: string, now: string): Promise<void> {
  await tx.updateNotifications([{ ...notification, status, statusReason: reason, updatedAt: now, history: [...notification.history, { at: now, status, reason }] }]);
  await tx.appendActivity([activity(notification, now, status === 'failed' ? 'failed' : 'skipped', `${notification.milestone} on ${notification.channel} ${status}: ${reason}`)]);
}

function activity(n: NotificationRecord, at: string, outcome: WorkflowActivityRecord['outcome'], reason: string): WorkflowActivityRecord {
  return { storeId: n.storeId, orderRef: n.orderRef, at, workflowId: n.workflowId, workflowVersion: n.workflowVersion, runKey: n.runKey, step: `send ${n.milestone}`, outcome, reason, detail: { notification: n.id } };
}
