// Ticket triage (job `ticket.triage`, run as an effect outside any transaction): read a new
// customer message from a help desk or an SMS channel, classify it, link it to its order, then
// answer it, or leave a note and tags for an agent, or leave it alone (docs/tickets.md, "What
// Herald does with a ticket"). The order remembers the ticket and its timeline shows the decision.
//
// At-least-once: the help desk is called before the store is written, tags first and the one call
// that is not idempotent (the reply or the note) last. A temporary failure writes nothing and the
// whole triage runs again, which repeats only tags; a retry after the write finds the ticket
// already remembered on the order and writes nothing twice.

import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import { HeraldError, PermanentFailure, RetryLater } from '../core/errors.ts';
import type { JobRecord } from '../core/jobs/job.ts';
import { MAX_ORDER_TICKETS, type OrderRecord, type OrderTicket } from '../core/order/order-record.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { HelpdeskClient, HelpdeskOutcome } from '../core/ports/helpdesk.ts';
import type { Store } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import { classifyTicket, type TicketClassification } from '../core/tickets/classify-ticket.ts';
import { extractReferences, type TicketReferences } from '../core/tickets/extract-references.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';
import { REASON_WORDS } from '../core/vocabulary/shipment-reasons.ts';
import { STATE_WORDS } from '../core/vocabulary/shipment-states.ts';
import { loadAgentContext } from './agent-context.ts';
import { composeTicketReply, isRoutineParcelState, type ReplyParcel } from './compose-ticket-reply.ts';
import { stallAnchor } from './stall-check.ts';
import type { WorkflowCatalog } from './workflow-catalog.ts';

/** What triage reads and writes with; the help desk clients come from main.ts. */
export interface TriageDeps {
  store: Store;
  clock: Clock;
  catalog: WorkflowCatalog;
  /** The help desk client for a source's `settings.reply` (minus `provider`); null for an unknown provider. May throw on bad settings. */
  helpdesks: (provider: string, settings: unknown) => HelpdeskClient | null;
}

const DAY_MS = 86_400_000;
// Another conversation about the same order within this window is a duplicate.
const DUPLICATE_WINDOW_MS = 14 * DAY_MS;
// Found by the customer's email or phone, their newest order counts when placed this recently.
const CONTACT_ORDER_WINDOW_MS = 60 * DAY_MS;
const WORKFLOW_ID = 'herald:tickets';
const TAG = { answered: 'herald-answered', wismo: 'herald-wismo', needsAgent: 'herald-needs-agent', duplicate: 'herald-duplicate' } as const;

interface TicketFacts {
  ticketId: string;
  messageId: string | null;
  subject: string | null;
  text: string;
  language: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  fromAgent: boolean;
}

type LinkedBy = 'order_ref' | 'order_number' | 'tracking_number' | 'email' | 'phone';
interface OrderLink {
  order: OrderRecord;
  by: LinkedBy;
  value: string;
}

interface Decision {
  action: 'answer' | 'note' | 'none';
  tags: string[];
  blockers: string[];
  /** Why, in words, for the run log. */
  why: string;
}

type ActOutcome = { ok: true; done: boolean; why: string } | { ok: false; temporary: boolean; why: string; retryAfterMs: number | null };

/**
 * Triage the `ticket.created` event a `ticket.triage` job names. Throws RetryLater (or a plain
 * HeraldError, for backoff) when the help desk failed temporarily and attempts are left; a
 * permanent refusal is logged on the order instead.
 */
export async function triageTicket(deps: TriageDeps, job: JobRecord, nowMs: number): Promise<void> {
  const storeId = job.storeId;
  const source = String(job.payload['source']);
  const eventId = String(job.payload['eventId']);
  const stored = await deps.store.reads.getEvent(storeId, source, eventId);
  if (stored === null) throw new PermanentFailure(`ticket event '${eventId}' of source '${source}' is not in the log of store '${storeId}'`);
  const ticket = readTicket(stored.event);
  // An agent's reply or internal note says nothing about what the customer wants.
  if (ticket.fromAgent) return;

  const classification = classifyTicket({ subject: ticket.subject, text: ticket.text, language: ticket.language });
  const references = extractReferences([ticket.subject ?? '', ticket.text].join('\n'));
  const link = await linkOrder(deps.store, storeId, stored.event.order_ref, ticket, references, nowMs);
  await deps.catalog.prepare([storeId]);
  const settings = deps.catalog.get(storeId)!.settings;
  const at = stored.event.occurred_at;
  const duplicateOf = link ? findDuplicate(link.order, source, ticket.ticketId, at) : null;
  const shipments = link ? await deps.store.reads.listShipmentsOfOrder(storeId, link.order.orderRef) : [];
  const orderBlockers = link ? await blockersOf(deps.store, link.order, shipments, nowMs) : ['no order found for this ticket'];
  const decision = decide(classification, orderBlockers, duplicateOf, settings.ticketAnswering);

  let outcome: ActOutcome = { ok: true, done: false, why: decision.why };
  if (decision.action !== 'none') {
    const text =
      decision.action === 'answer'
        ? composeTicketReply({
            language: classification.language,
            firstName: firstName(link?.order, ticket),
            orderNumber: link?.order.facts.number ?? null,
            parcels: shipments.filter((s) => s.truth.state !== 'cancelled').map(replyParcel),
            timeZone: settings.timeZone,
            shopName: settings.brand.name,
          })
        : await composeNote(deps.store, storeId, link, ticket, references, classification, decision, duplicateOf, nowMs);
    // What the reply or note says was read outside a transaction; an empty one is answered only once
    // every commit before it is durable (on SQLite the reader can see a commit a moment earlier).
    await deps.store.transact(async () => undefined);
    outcome = await act(deps, storeId, source, ticket.ticketId, decision, text);
    if (!outcome.ok && outcome.temporary && job.attempts < job.maxAttempts) {
      if (outcome.retryAfterMs !== null) throw new RetryLater(outcome.why, outcome.retryAfterMs);
      throw new HeraldError('helpdesk_unavailable', outcome.why);
    }
  }
  if (link === null) return;

  const entry: OrderTicket = { source, ticketId: ticket.ticketId, at, intent: classification.intent };
  const activity: WorkflowActivityRecord = {
    storeId,
    orderRef: link.order.orderRef,
    at: isoAt(nowMs),
    workflowId: WORKFLOW_ID,
    workflowVersion: 0,
    runKey: `ticket:${source}:${ticket.ticketId}`,
    step: 'ticket',
    outcome: !outcome.ok ? 'failed' : outcome.done ? 'done' : 'skipped',
    reason: describeTriage(ticket, source, classification, link, duplicateOf, outcome.why),
    detail: {
      source,
      event_id: eventId,
      ticket_id: ticket.ticketId,
      message_id: ticket.messageId,
      intent: classification.intent,
      confidence: Math.round(classification.confidence * 1000) / 1000,
      language: classification.language,
      routine: decision.blockers.length === 0,
      signals: classification.signals,
      blockers: decision.blockers,
      linked_by: link.by,
      duplicate_of: duplicateOf,
      ticket_answering: settings.ticketAnswering,
      action: outcome.ok && outcome.done ? decision.action : 'none',
      tags: outcome.ok && outcome.done ? decision.tags : [],
    },
  };
  // The ingest projection already counted a ticket whose event named this order itself.
  const countedAtIngest = stored.event.order_ref === link.order.orderRef;
  await deps.store.transact(async (tx) => {
    const current = (await tx.loadOrders(storeId, [link.order.orderRef])).get(link.order.orderRef);
    if (!current) return;
    const known = current.tickets ?? [];
    if (known.some((t) => t.source === entry.source && t.ticketId === entry.ticketId && t.at === entry.at)) return;
    const ticketCount = countedAtIngest ? Math.max(1, current.ticketCount ?? 0) : (current.ticketCount ?? 0) + 1;
    await tx.saveOrders([{ ...current, ticketCount, tickets: [...known, entry].slice(-MAX_ORDER_TICKETS), updatedAt: isoAt(nowMs) }]);
    await tx.appendActivity([activity]);
  });
}

function readTicket(event: CanonicalEvent): TicketFacts {
  const a = event.attributes ?? {};
  const text = (key: string): string | null => (typeof a[key] === 'string' && a[key] !== '' ? a[key] : null);
  // Inbound SMS carries only channel, from and text: the message is its own ticket.
  return {
    ticketId: text('ticket_id') ?? event.id,
    messageId: text('message_id'),
    subject: text('subject'),
    text: text('text') ?? '',
    language: text('language'),
    email: text('customer_email'),
    phone: text('customer_phone') ?? text('from'),
    name: text('customer_name'),
    fromAgent: a['from_agent'] === true,
  };
}

async function linkOrder(store: Store, storeId: string, orderRef: string | null, ticket: TicketFacts, refs: TicketReferences, nowMs: number): Promise<OrderLink | null> {
  if (orderRef !== null) {
    const order = await findOrder(store, storeId, orderRef, 'ref');
    if (order) return { order, by: 'order_ref', value: orderRef };
  }
  for (const number of refs.orderNumbers) {
    const order = await findOrder(store, storeId, number, 'number');
    if (order) return { order, by: 'order_number', value: number };
  }
  for (const trackingNumber of refs.trackingNumbers) {
    const shipment = await store.reads.getShipment(storeId, trackingNumber);
    const order = shipment?.orderRef ? await store.reads.getOrder(storeId, shipment.orderRef) : null;
    if (order) return { order, by: 'tracking_number', value: trackingNumber };
  }
  const contacts: { by: 'email' | 'phone'; value: string }[] = [
    ...unique([ticket.email?.toLowerCase() ?? null, ...refs.emails]).map((value) => ({ by: 'email' as const, value })),
    ...unique([ticket.phone, ...refs.phones]).map((value) => ({ by: 'phone' as const, value })),
  ];
  for (const contact of contacts) {
    const [newest] = await store.reads.findOrdersByContact(storeId, { [contact.by]: contact.value }, 1);
    if (newest && nowMs - Date.parse(newest.placedAt ?? newest.createdAt) <= CONTACT_ORDER_WINDOW_MS) return { order: newest, ...contact };
  }
  return null;
}

/**
 * An order by its storefront id or by the number the customer sees, in the preferred order. An
 * order only a ticket ever named (no facts, never placed) is not one the shop knows.
 */
async function findOrder(store: Store, storeId: string, value: string, prefer: 'ref' | 'number'): Promise<OrderRecord | null> {
  const byRef = async () => {
    const order = await store.reads.getOrder(storeId, value);
    return order && (order.placedAt !== null || Object.keys(order.facts).length > 0) ? order : null;
  };
  const byNumber = async () => (await store.reads.findOrdersByNumber(storeId, value, 1))[0] ?? null;
  return prefer === 'ref' ? ((await byRef()) ?? byNumber()) : ((await byNumber()) ?? byRef());
}

/** The earlier ticket of another conversation about this order within the window, if any. */
function findDuplicate(order: OrderRecord, source: string, ticketId: string, at: string): OrderTicket | null {
  const atMs = Date.parse(at);
  const earlier = (order.tickets ?? []).filter((t) => (t.source !== source || t.ticketId !== ticketId) && Date.parse(t.at) <= atMs && atMs - Date.parse(t.at) <= DUPLICATE_WINDOW_MS);
  return earlier[earlier.length - 1] ?? null;
}

/** Why the order's status should not be answered automatically; empty when it is routine. */
async function blockersOf(store: Store, order: OrderRecord, shipments: readonly ShipmentRecord[], nowMs: number): Promise<string[]> {
  const blockers: string[] = [];
  if (order.cancelledAt) blockers.push('the order is cancelled');
  if (order.refundedAt) blockers.push('the order is refunded');
  const [cases, events] = await Promise.all([
    store.reads.listOrderCases(order.storeId, order.orderRef),
    store.reads.listOrderEvents(order.storeId, order.orderRef, 1_000),
  ]);
  for (const k of cases) if (k.status === 'open') blockers.push(`open case: ${k.summary}`);
  const live = shipments.filter((s) => s.truth.state !== 'cancelled');
  for (const shipment of live) {
    const { truth } = shipment;
    const parcel = `parcel ${shipment.trackingNumber}`;
    if (truth.reason !== null) blockers.push(`${parcel}: ${REASON_WORDS[truth.reason]}`);
    else if (!isRoutineParcelState(truth.state)) blockers.push(`${parcel}: ${STATE_WORDS[truth.state]}`);
    // "Expected on Monday" must not be told after Monday.
    if (truth.state !== 'delivered' && truth.estimatedDeliveryAt !== null && Date.parse(truth.estimatedDeliveryAt) < nowMs) blockers.push(`${parcel}: expected by ${truth.estimatedDeliveryAt}, not delivered yet`);
    // A stall signal about the parcel's last movement means no scan has come since.
    const anchor = stallAnchor(shipment);
    const stalled = events.some((e) => e.event.type === 'shipment.stalled' && e.event.attributes?.['tracking_number'] === shipment.trackingNumber && e.event.attributes['last_scan_at'] === anchor);
    if (stalled && truth.state !== 'delivered') blockers.push(`${parcel}: no carrier scan since ${anchor}, looks stalled`);
  }
  const promiseEndMs = order.promiseDate === null ? null : Date.parse(order.promiseDate) + (/^\d{4}-\d{2}-\d{2}$/.test(order.promiseDate) ? DAY_MS : 0);
  const undelivered = live.length === 0 || live.some((s) => s.truth.state !== 'delivered');
  if (promiseEndMs !== null && promiseEndMs < nowMs && undelivered) blockers.push(`past its promise date (${order.promiseDate})`);
  return blockers;
}

function decide(classification: TicketClassification, orderBlockers: readonly string[], duplicateOf: OrderTicket | null, mode: 'off' | 'tag' | 'answer'): Decision {
  const confidence = classification.confidence.toFixed(2);
  if (classification.intent !== 'wismo') {
    const about = classification.blockers.length > 0 ? ` (${classification.blockers.join(', ')})` : '';
    return { action: 'none', tags: [], blockers: [...classification.blockers], why: `not a "where is my order?" ticket${about}, confidence ${confidence}: left alone` };
  }
  const blockers = [...classification.blockers, ...orderBlockers];
  if (!classification.routine && classification.blockers.length === 0) blockers.unshift(`not sure enough to answer (confidence ${confidence})`);
  const extra = duplicateOf ? [TAG.duplicate] : [];
  if (mode === 'off') return { action: 'none', tags: [], blockers, why: 'ticket answering is off for this store: only linked' };
  if (mode === 'answer' && blockers.length === 0) return { action: 'answer', tags: [TAG.answered, ...extra], blockers, why: 'answered the customer with the status' };
  const tags = [TAG.wismo, ...(blockers.length > 0 ? [TAG.needsAgent] : []), ...extra];
  const why = blockers.length > 0 ? `needs an agent: ${blockers.join('; ')}` : 'routine; answering is set to tag, so an agent answers';
  return { action: 'note', tags, blockers, why: `internal note, ${why}` };
}

async function act(deps: TriageDeps, storeId: string, source: string, ticketId: string, decision: Decision, text: string): Promise<ActOutcome> {
  const config = await deps.store.admin.getSourceConfig(storeId, source);
  const reply = config?.settings?.['reply'];
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) {
    return { ok: true, done: false, why: `${decision.why}; no help desk to write back to (no settings.reply on source '${source}'), so only linked` };
  }
  const { provider, ...settings } = reply as Record<string, unknown>;
  let client: HelpdeskClient | null;
  try {
    client = deps.helpdesks(String(provider), settings);
  } catch (error) {
    const problem = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 500) : String(error);
    return { ok: false, temporary: false, retryAfterMs: null, why: `${decision.why}; not done: settings.reply of source '${source}' is invalid (${problem})` };
  }
  if (client === null) return { ok: false, temporary: false, retryAfterMs: null, why: `${decision.why}; not done: settings.reply of source '${source}' names no known help desk ('${String(provider)}')` };
  const helpdesk = client;
  const calls: [string, () => Promise<HelpdeskOutcome>][] = [];
  if (decision.tags.length > 0) calls.push(['tag', () => helpdesk.tag(ticketId, decision.tags)]);
  calls.push(decision.action === 'answer' ? ['reply', () => helpdesk.reply(ticketId, text, { public: true })] : ['note', () => helpdesk.note(ticketId, text)]);
  for (const [name, call] of calls) {
    const result = await call();
    if (!result.ok) {
      const kind = result.temporary ? 'temporarily failed' : 'was refused';
      return { ok: false, temporary: result.temporary, retryAfterMs: result.retryAfterMs, why: `${decision.why}; not done: the ${helpdesk.provider} ${name} ${kind}: ${result.reason}` };
    }
  }
  const tags = decision.tags.length > 0 ? `, tagged ${decision.tags.join(', ')}` : '';
  return { ok: true, done: true, why: `${decision.why} (in ${helpdesk.provider}${tags})` };
}

/** The internal note for agents: Herald's reading of the ticket and the order in words. */
async function composeNote(
  store: Store,
  storeId: string,
  link: OrderLink | null,
  ticket: TicketFacts,
  refs: TicketReferences,
  classification: TicketClassification,
  decision: Decision,
  duplicateOf: OrderTicket | null,
  nowMs: number,
): Promise<string> {
  const lines = [`Herald: a "where is my order?" ticket (confidence ${classification.confidence.toFixed(2)}).`];
  if (decision.blockers.length > 0) lines.push(`Needs an agent: ${decision.blockers.join('; ')}.`);
  else lines.push('Routine: the order is on track; Herald is set to tag, not to answer.');
  if (duplicateOf) lines.push(`Duplicate conversation: ticket ${duplicateOf.ticketId} (${duplicateOf.source}, ${duplicateOf.at.slice(0, 10)}) is about the same order.`);
  if (link) {
    lines.push(`Linked by ${link.by.replace('_', ' ')} ${link.value}.`);
    const context = await loadAgentContext(store, storeId, { field: 'order', value: link.order.orderRef }, { nowMs });
    lines.push('', context.summary);
  } else {
    const searched = [...refs.orderNumbers.map((n) => `order ${n}`), ...refs.trackingNumbers, ...unique([ticket.email, ...refs.emails]), ...unique([ticket.phone, ...refs.phones])];
    lines.push(`No order found${searched.length > 0 ? ` for ${searched.join(', ')}` : ': the ticket names no order, parcel or contact Herald knows'}.`);
  }
  lines.push('', `Why: ${classification.signals.join('; ') || 'no cue'}.`);
  return lines.join('\n');
}

function describeTriage(ticket: TicketFacts, source: string, c: TicketClassification, link: OrderLink, duplicateOf: OrderTicket | null, why: string): string {
  const kind = c.intent === 'wismo' ? 'WISMO ticket' : 'ticket';
  const language = c.language ? `, ${c.language}` : '';
  const duplicate = duplicateOf ? `; duplicate conversation: ticket ${duplicateOf.ticketId} (${duplicateOf.source}) from ${duplicateOf.at.slice(0, 10)} is about the same order` : '';
  return `${kind} ${ticket.ticketId} (${source}${language}), linked by ${link.by.replace('_', ' ')} ${link.value}: ${why}${duplicate}`;
}

function replyParcel(shipment: ShipmentRecord): ReplyParcel {
  const { truth } = shipment;
  return { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, state: truth.state, since: truth.stateSince, estimatedDeliveryAt: truth.estimatedDeliveryAt, lastLocation: truth.lastLocation };
}

/** The first name only: from the order, else the first word the help desk gave. */
function firstName(order: OrderRecord | undefined, ticket: TicketFacts): string | null {
  const fromOrder = order?.facts.customer?.first_name?.trim();
  if (fromOrder) return fromOrder;
  const word = ticket.name?.trim().split(/\s+/)[0] ?? '';
  return /^[\p{L}][\p{L}'-]{0,40}$/u.test(word) ? word : null;
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null && v !== ''))];
}

// The customer's answer, in their language. Only what the customer may see: the order number they
// know, each parcel's carrier, tracking number, state, ETA and last scan town, and their first
// name. Only parcels in these states are ever answered; any other state needs an agent.
