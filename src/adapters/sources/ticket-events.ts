// What the help desk sources (Gorgias, Zendesk, Freshdesk, the generic `helpdesk` shape) share:
// one `ticket.created` event per customer message, its attributes, and the readers that turn a
// merchant-templated payload (every value may be a string, an unfilled placeholder renders as "")
// into plain facts. The message text is reduced to what the customer wrote: no HTML, no quoted
// earlier mail, no signature, so intent classification sees the new words only.

import type { JsonValue } from './exact-json.ts';
import { asEmail, asInstant, asRef, asText, eventId, type JsonObject } from './payload-readers.ts';
import { SourceParseError } from './source-errors.ts';

/** The customer's text is cut here: enough for intent, bounded for storage. */
export const MAX_TICKET_TEXT_CHARS = 4_000;
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

/**
 * The customer's new words as plain text: HTML to text, then quoted replies ("On ... wrote:",
 * "-----Original Message-----", "> " lines) and signatures ("-- ", "Sent from my ...") cut off.
 * Heuristic by nature; when the cut would leave nothing, the uncut text is kept.
 */
export function plainText(text: string | null, html: string | null = null): string {
  const source = text ?? (html === null ? '' : htmlToText(html));
  const normalized = source.replace(/\r\n?/g, '\n').replaceAll('\u0000', '').replace(/[ \t]+\n/g, '\n');
  const stripped = stripQuotesAndSignature(normalized).trim();
  const result = (stripped === '' ? normalized.trim() : stripped).replace(/\n{3,}/g, '\n\n');
  return result.slice(0, MAX_TICKET_TEXT_CHARS).trim();
}

/** Tags out, block ends to newlines, the usual entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<blockquote[^>]*>[\s\S]*?<\/blockquote>/gi, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  ).replace(/[ \t\u00a0]+/g, ' ');
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// A line that starts what the customer did not write this time.
const CUT_LINES: readonly RegExp[] = [
  /^On .{1,300} wrote:\s*$/i, // Gmail, Apple Mail
  /^Le .{1,300} a écrit ?:\s*$/i,
  /^Am .{1,300} schrieb .{0,200}:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header
  /^From: .+$/, // Outlook's quoted header
  /^-- ?$/, // the signature delimiter
  /^Sent from my .{1,60}$/i,
  /^Get Outlook for .{1,40}$/i,
  /^#{2,} ?Please type your reply above this line ?#{2,}$/i, // help desk reply markers
];

function stripQuotesAndSignature(text: string): string {
  const lines = text.split('\n');
  // Zendesk's `{{ticket.description}}` opens with a rule and a "Name, date" line.
  if (lines.length > 2 && /^-{10,}\s*$/.test(lines[0]!.trim())) lines.splice(0, lines[1]!.trim() === '' ? 3 : 2);
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (CUT_LINES.some((pattern) => pattern.test(trimmed))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}
