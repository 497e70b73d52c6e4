// What the help desk sources (Gorgias, Zendesk, Freshdesk, the generic `helpdesk` shape) share:
// one `ticket.created` event per customer message, its attributes, and the readers that turn a
// merchant-templated payload (every value may be a string, an unfilled placeholder renders as "")
// into plain facts. The message text is reduced to what the customer wrote (ticket-text.ts); how
// the webhooks are verified is in ticket-webhooks.ts.

import type { JsonValue } from './exact-json.ts';
import { asEmail, asInstant, asRef, asText, eventId, type JsonObject } from './payload-readers.ts';
import { SourceParseError } from './source-errors.ts';

export { htmlToText, MAX_TICKET_TEXT_CHARS, plainText } from './ticket-text.ts';

const MAX_TAGS = 100;

/** The facts of one ticket message, as an adapter read them. */
export interface TicketDraft {
  ticketId: string;
  /** The help desk's id of the message (comment, reply); null for the ticket's creation. */
  messageId: string | null;
  /** ISO-8601 UTC. */
  occurredAt: string;
  orderRef: string | null;
  subject: string | null;
  /** Already plain text (see `plainText`). */
  text: string;
  customerEmail: string | null;
  customerPhone: string | null;
  customerName: string | null;
  channel: string | null;
  language: string | null;
  tags: string[];
  url: string | null;
  status: string | null;
  fromAgent: boolean;
}

/** The attributes every help desk `ticket.created` event carries (docs/helpdesks.md). */
export interface TicketAttributes {
  ticket_id: string;
  message_id: string | null;
  subject: string | null;
  text: string;
  customer_email: string | null;
  customer_phone: string | null;
  customer_name: string | null;
  channel: string | null;
  language: string | null;
  tags: string[];
  url: string | null;
  status: string | null;
  /** Written by an agent (or an internal note): Herald must not read intent from it. */
  from_agent: boolean;
}

/** The canonical event input; the id is `<provider>:<ticket id>:<message id or 'created'>`. */
export function buildTicketEvent(source: string, draft: TicketDraft) {
  const attributes: TicketAttributes = {
    ticket_id: draft.ticketId,
    message_id: draft.messageId,
    subject: draft.subject,
    text: draft.text,
    customer_email: draft.customerEmail,
    customer_phone: draft.customerPhone,
    customer_name: draft.customerName,
    channel: draft.channel,
    language: draft.language,
    tags: draft.tags,
    url: draft.url,
    status: draft.status,
    from_agent: draft.fromAgent,
  };
  return {
    id: eventId(source, draft.ticketId, draft.messageId ?? 'created'),
    type: 'ticket.created' as const,
    occurred_at: draft.occurredAt,
    order_ref: draft.orderRef,
    attributes,
  };
}

/** The draft fields a help desk's ticket and person are read the same way everywhere. */
export type CommonTicketFields = Pick<TicketDraft, 'subject' | 'customerEmail' | 'customerPhone' | 'customerName' | 'tags' | 'url' | 'status'>;

/**
 * The ticket's `subject`, `tags`, `url` and `status`, and the person's `email`, `phone` and
 * `name`; an adapter adds (with `??`) what its help desk names otherwise.
 */
export function commonTicketFields(ticket: JsonObject, person: JsonObject | null): CommonTicketFields {
  return {
    subject: textOrNull(ticket['subject'], 500),
    customerEmail: emailOrNull(person?.['email']),
    customerPhone: phoneOrNull(person?.['phone']),
    customerName: textOrNull(person?.['name'], 200),
    tags: readTags(ticket['tags']),
    url: urlOrNull(ticket['url']),
    status: textOrNull(ticket['status'], 60)?.toLowerCase() ?? null,
  };
}

/** A ticket or message id (string or integer); a missing one is a parse error naming the field. */
export function requireTicketRef(source: string, value: JsonValue | undefined, field: string): string {
  const ref = asRef(value);
  if (ref === null) throw new SourceParseError(source, field, 'is missing: expected an id (a string or an integer)');
  if (/^\{\{.*\}\}$/.test(ref)) throw new SourceParseError(source, field, `is the unrendered placeholder ${ref.slice(0, 80)}: check the template`);
  return ref;
}

/** Text, or null for absent, empty and unrendered (`{{...}}`) values. */
export function textOrNull(value: JsonValue | undefined, maxChars = 500): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : asText(value, maxChars);
  if (text === undefined || /^\{\{.*\}\}$/.test(text)) return null;
  return text;
}

export function emailOrNull(value: JsonValue | undefined): string | null {
  return asEmail(value) ?? null;
}

/** A phone number as written (digits, spaces, +, -, parentheses), or null. */
export function phoneOrNull(value: JsonValue | undefined): string | null {
  const text = textOrNull(value, 40);
  return text !== null && /^\+?[0-9 ().-]{5,39}$/.test(text) ? text : null;
}

// Zendesk's `{{ticket.requester.language}}` renders the language's name; codes are what the
// ticket classifier (src/core/tickets) takes.
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  english: 'en',
  german: 'de',
  deutsch: 'de',
  french: 'fr',
  français: 'fr',
  spanish: 'es',
  español: 'es',
  italian: 'it',
  dutch: 'nl',
  portuguese: 'pt',
  japanese: 'ja',
  korean: 'ko',
};

/** A language code (`en`, `pt-br`), from a code or a language name such as `English (United States)`; other values as given. */
export function languageOrNull(value: JsonValue | undefined): string | null {
  const text = textOrNull(value, 60);
  if (text === null) return null;
  const lower = text.toLowerCase();
  if (/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/.test(lower)) return lower.replace(/_/g, '-');
  return LANGUAGE_NAMES[lower.replace(/\s*\(.*\)$/, '')] ?? text;
}

/** An http(s) URL; Zendesk's `{{ticket.url}}` renders without the scheme, so one is added. */
export function urlOrNull(value: JsonValue | undefined): string | null {
  const text = textOrNull(value, 1000);
  if (text === null) return null;
  const withScheme = /^https?:\/\//i.test(text) ? text : /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(text) ? `https://${text}` : null;
  if (withScheme === null) return null;
  try {
    return new URL(withScheme).toString();
  } catch {
    return null;
  }
}

/** The instant as ISO UTC, or null. */
export function instantOrNull(value: JsonValue | undefined): string | null {
  return asInstant(value)?.iso ?? null;
}

/**
 * Tags as a list: an array of strings or of `{ name }` objects (Gorgias), or one string separated
 * by commas (Freshdesk) or spaces (Zendesk's `{{ticket.tags}}`). Trimmed, unique, in order.
 */
export function readTags(value: JsonValue | undefined): string[] {
  const raw: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const name = typeof item === 'object' && item !== null && !Array.isArray(item) ? item['name'] : item;
      if (typeof name === 'string') raw.push(name);
    }
  } else if (typeof value === 'string' && !/^\{\{.*\}\}$/.test(value.trim())) {
    raw.push(...value.split(value.includes(',') ? ',' : /\s+/));
  }
  const tags = raw.map((tag) => tag.trim().slice(0, 100).trim()).filter((tag) => tag !== '');
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

/** true, "true", "True" (Gorgias renders Python booleans), "1", "yes"; anything else is false. */
export function isTruthy(value: JsonValue | undefined): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  return typeof value === 'string' && ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}

/** An explicit order id or number field, when the payload (or its ticket) has one. */
export function readOrderRef(...objects: (JsonObject | null)[]): string | null {
  for (const object of objects) {
    if (object === null) continue;
    for (const key of ['order_ref', 'order_number', 'order_id']) {
      const value = object[key];
      if (typeof value === 'string' && /^\{\{.*\}\}$/.test(value.trim())) continue;
      const ref = asRef(value);
      if (ref !== null) return ref;
    }
  }
  return null;
}

// The help desks' words for where a message came from, to Herald's short channel names.
const CHANNELS: Readonly<Record<string, string>> = {
  mail: 'email',
  email: 'email',
  'outbound email': 'email',
  'web form': 'web',
  web: 'web',
  portal: 'web',
  'help-center': 'web',
  'contact-form': 'web',
  'feedback widget': 'web',
  'web widget': 'chat',
  chat: 'chat',
  messaging: 'chat',
  'native messaging': 'chat',
  text: 'sms',
  sms: 'sms',
  voice: 'phone',
  phone: 'phone',
  whatsapp: 'whatsapp',
  'whatsapp-message': 'whatsapp',
  facebook: 'facebook',
  'facebook-messenger': 'facebook',
  instagram: 'instagram',
  'instagram-direct-message': 'instagram',
  api: 'api',
  'internal-note': 'internal-note',
};

export function normalizeChannel(value: JsonValue | undefined): string | null {
  const text = textOrNull(value, 60)?.toLowerCase() ?? null;
  if (text === null) return null;
  return CHANNELS[text] ?? text.replace(/\s+/g, '-');
}
