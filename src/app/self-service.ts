// What a customer does from the tracking page about a parcel: confirm or correct the address,
// leave delivery instructions, report a problem, ask for a refund or a reship. Each becomes a
// `customer.*` event (source `tracking_page`) ingested like any other, and where a person must
// act, a case opened by the customer. Every form carries an HMAC of the page token and the
// action made with an install-wide secret, so another site cannot post on the customer's behalf
// (no cookies needed). Fields are checked one by one; every problem names its field.

import { ownEvent } from '../core/events/own-event.ts';
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { CasePriority } from '../core/cases/case-record.ts';
import type { EventType } from '../core/events/event-types.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { Store } from '../core/ports/store.ts';
import type { StoreSettings } from '../core/settings/store-settings.ts';
import type { IngestGateway } from './ingest-gateway.ts';
import { openCaseWithRisk } from './open-case.ts';
import type { SelfServiceAction, TrackingView } from './tracking-page.ts';

export interface SelfServiceDeps {
  store: Store;
  ingest: IngestGateway;
  clock: Clock;
  ids: IdSource;
}

/** Why a field was refused; the page puts it in words next to the field. */
export type FieldProblem = 'required' | 'too_long' | 'too_short' | 'invalid_choice';

export type ActionResult =
  | { ok: true; action: SelfServiceAction; eventId: string; caseId: string | null }
  | { ok: false; reason: 'invalid'; errors: Record<string, { problem: FieldProblem; limit?: number }>; values: Record<string, string> }
  | { ok: false; reason: 'forbidden' };

interface FieldRule {
  required?: boolean | ((values: Record<string, string>) => boolean);
  min?: number;
  max: number;
  choices?: readonly string[];
}

/** Every form's fields with their limits (the page shows the same limits as `maxlength`). */
export const ACTION_FIELDS: Readonly<Record<SelfServiceAction, Readonly<Record<string, FieldRule>>>> = {
  address: {
    choice: { required: true, max: 10, choices: ['confirm', 'correct'] },
    line1: { required: (v) => v['choice'] === 'correct', max: 120 },
    line2: { max: 120 },
    postal_code: { required: (v) => v['choice'] === 'correct', max: 20 },
    city: { required: (v) => v['choice'] === 'correct', max: 80 },
  },
  instructions: { instructions: { required: true, min: 3, max: 500 } },
  problem: { kind: { required: true, max: 20, choices: ['not_arrived', 'damaged'] }, details: { max: 1000 } },
  refund: { note: { max: 1000 } },
  reship: { note: { max: 1000 } },
};

const EVENT_OF: Readonly<Record<SelfServiceAction, EventType>> = {
  address: 'customer.address_corrected',
  instructions: 'customer.delivery_instructions',
  problem: 'customer.problem_reported',
  refund: 'customer.refund_requested',
  reship: 'customer.reship_requested',
};

/** The case a person must work, by action; delivery instructions need none. */
const CASE_OF: Readonly<Partial<Record<SelfServiceAction, { reason: string; priority: CasePriority }>>> = {
  address: { reason: 'address_correction', priority: 'normal' },
  problem: { reason: 'problem_reported', priority: 'high' },
  refund: { reason: 'refund_requested', priority: 'normal' },
  reship: { reason: 'reship_requested', priority: 'normal' },
};

const SECRET_NAME = 'tracking_page_actions';

export interface SelfService {
  /** The form token of an action on a page. */
  formToken(pageToken: string, action: SelfServiceAction): Promise<string>;
  submit(view: TrackingView, action: SelfServiceAction, form: Record<string, string>): Promise<ActionResult>;
}

export function createSelfService(deps: SelfServiceDeps): SelfService {
  // The secret as a key object, made once: preparing a key from a string costs more than the HMAC.
  let secret: Promise<KeyObject> | null = null;
  const secretOnce = () => {
    secret ??= deps.store.admin.installSecret(SECRET_NAME, deps.ids.secretToken(32), isoAt(deps.clock.nowMs())).then((value) => createSecretKey(Buffer.from(value, 'utf8')));
    secret.catch(() => (secret = null));
    return secret;
  };
  const formToken = async (pageToken: string, action: SelfServiceAction) =>
    createHmac('sha256', await secretOnce()).update(`${pageToken}\u0000${action}`).digest('base64url').slice(0, 32);

  return {
    formToken,
    async submit(view, action, form) {
      const expected = Buffer.from(await formToken(view.token, action));
      const given = Buffer.from(form['form_token'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forbidden' };
      const parcel = view.parcels.find((p) => p.trackingNumber === form['parcel']);
      if (!parcel || !parcel.actions.includes(action)) return { ok: false, reason: 'forbidden' };
      const checked = checkFields(action, form);
      if (!checked.ok) return checked;
      return record(deps, view, action, parcel.trackingNumber, checked.values);
    },
  };
}

/** Trimmed values of the action's fields, or every problem by field. */
export function checkFields(action: SelfServiceAction, form: Record<string, string>): { ok: true; values: Record<string, string> } | Extract<ActionResult, { reason: 'invalid' }> {
  const rules = ACTION_FIELDS[action];
  const values: Record<string, string> = {};
  for (const name of Object.keys(rules)) values[name] = (form[name] ?? '').trim();
  const errors: Record<string, { problem: FieldProblem; limit?: number }> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = values[name]!;
    const required = typeof rule.required === 'function' ? rule.required(values) : rule.required === true;
    if (value === '') {
      if (required) errors[name] = { problem: 'required' };
    } else if (value.length > rule.max) errors[name] = { problem: 'too_long', limit: rule.max };
    else if (rule.min !== undefined && value.length < rule.min) errors[name] = { problem: 'too_short', limit: rule.min };
    else if (rule.choices && !rule.choices.includes(value)) errors[name] = { problem: 'invalid_choice' };
  }
  return Object.keys(errors).length > 0 ? { ok: false, reason: 'invalid', errors, values } : { ok: true, values };
}

async function record(deps: SelfServiceDeps, view: TrackingView, action: SelfServiceAction, trackingNumber: string, values: Record<string, string>): Promise<ActionResult> {
  const nowMs = deps.clock.nowMs();
  const at = isoAt(nowMs);
  const eventId = deps.ids.newId('tp');
  const attributes = attributesOf(action, trackingNumber, values);
  const event = ownEvent({ storeId: view.storeId, source: 'tracking_page', type: EVENT_OF[action], id: eventId, at, orderRef: view.orderRef, attributes });
  await deps.ingest.ingest([{ event, trackingNumber: null, unmapped: null }], null);
  const kind = CASE_OF[action];
  if (!kind) return { ok: true, action, eventId, caseId: null };
  const summary = caseSummary(action, trackingNumber, values);
  const settings: StoreSettings = view.settings;
  const opened = await deps.store.transact((tx) =>
    openCaseWithRisk(
      tx,
      {
        id: deps.ids.newId('case'),
        storeId: view.storeId,
        orderRef: view.orderRef,
        reason: kind.reason,
        summary,
        team: 'support',
        priority: kind.priority,
        slaHours: null,
        openedBy: 'customer',
        evidence: [{ at, kind: 'event', ref: `tracking_page:${eventId}`, summary }],
      },
      settings,
      nowMs,
    ),
  );
  return { ok: true, action, eventId, caseId: opened.case.id };
}

function attributesOf(action: SelfServiceAction, trackingNumber: string, v: Record<string, string>): Record<string, unknown> {
  const base = { tracking_number: trackingNumber };
  switch (action) {
    case 'address':
      return v['choice'] === 'confirm'
        ? { ...base, confirmed: true }
        : { ...base, confirmed: false, address: { line1: v['line1'], ...(v['line2'] ? { line2: v['line2'] } : {}), postal_code: v['postal_code'], city: v['city'] } };
    case 'instructions':
      return { ...base, instructions: v['instructions'] };
    case 'problem':
      return { ...base, problem: v['kind'], ...(v['details'] ? { details: v['details'] } : {}) };
    case 'refund':
    case 'reship':
      return { ...base, ...(v['note'] ? { note: v['note'] } : {}) };
  }
}

/** The case's summary, for the agent (English, like the rest of the queue). */
function caseSummary(action: SelfServiceAction, trackingNumber: string, v: Record<string, string>): string {
  const note = (text: string | undefined) => (text ? `: "${text.slice(0, 200)}"` : '');
  switch (action) {
    case 'address':
      return v['choice'] === 'confirm'
        ? `The customer confirmed the delivery address of parcel ${trackingNumber} on the tracking page: tell the carrier`
        : `The customer corrected the delivery address of parcel ${trackingNumber} on the tracking page: pass the new address (in the event) to the carrier`;
    case 'problem':
      return `The customer reports parcel ${trackingNumber} ${v['kind'] === 'damaged' ? 'arrived damaged' : 'has not arrived'}${note(v['details'])}`;
    case 'refund':
      return `The customer asks for a refund for parcel ${trackingNumber}${note(v['note'])}`;
    case 'reship':
      return `The customer asks for parcel ${trackingNumber} to be sent again${note(v['note'])}`;
    case 'instructions':
      return `The customer left delivery instructions for parcel ${trackingNumber}`;
  }
}
