// Freshdesk automation rules with the "Trigger webhook" action. Freshdesk signs nothing; the
// merchant authenticates the call one of two ways, both compared in constant time:
// - a custom header `X-Herald-Token: <secret>`;
// - "Requires authentication": Basic auth whose password is the secret (username and password),
//   or whose username is the secret (Freshdesk's "API key" mode sends `<key>:X`).
// Body: the rule's "Advanced" JSON content from placeholders (docs/helpdesks.md): { event, ticket:
// { id, subject, description, latest_comment, status, source, tags, url, created_at, updated_at,
// requester: { email, name, phone, language } }, comment?: { id, body, from_agent } }; or the
// "Simple" content, `{ freshdesk_webhook: { ticket_id, ticket_subject, ... } }`.

import { createHash } from 'node:crypto';
import type { JsonValue } from './exact-json.ts';
import { asObject, requireObject, type JsonObject } from './payload-readers.ts';
import { refuse, textEqual, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, VerifyResult } from './source-adapter.ts';
import { buildTicketEvent, commonTicketFields, instantOrNull, isTruthy, languageOrNull, normalizeChannel, phoneOrNull, plainText, readOrderRef, requireTicketRef, textOrNull } from './ticket-events.ts';
import { heraldToken, readTicketBody, verifyCredentials, type Credential } from './ticket-webhooks.ts';

const SOURCE = 'freshdesk';

const CREATED_EVENTS: ReadonlySet<string> = new Set(['ticket.created', 'created']);

export const freshdeskAdapter: SourceAdapter = {
  name: SOURCE,

  verify: (request, secrets) =>
    verifyCredentials(request, secrets, [heraldToken('token mismatch: check the X-Herald-Token header of the Freshdesk webhook action'), BASIC_AUTH], {
      missing: 'missing X-Herald-Token and Authorization headers: add one to the Freshdesk webhook action',
      unconfigured: 'no Freshdesk webhook secret is configured for this source',
    }),

  parse(request: SourceRequest): ParsedWebhook {
    const body = readTicketBody(SOURCE, request);
    const simple = asObject(body['freshdesk_webhook']);
    const ticket = simple === null ? requireObject(SOURCE, body['ticket'], 'ticket') : fromSimple(simple);
    const ticketId = requireTicketRef(SOURCE, ticket['id'], simple === null ? 'ticket.id' : 'freshdesk_webhook.ticket_id');
    const topic = textOrNull(body['event'], 100);
    const comment = asObject(body['comment']);
    const commentText = textOrNull(comment?.['body'], 20_000) ?? textOrNull(ticket['latest_comment'], 20_000);
    const isCreation = (topic !== null && CREATED_EVENTS.has(topic)) || (topic === null && commentText === null);
    const description = textOrNull(ticket['description'], 20_000);
    const rawText = isCreation ? (description ?? commentText) : (commentText ?? description);
    const updatedAt = instantOrNull(ticket['updated_at']);
    const requester = asObject(ticket['requester']);
    const common = commonTicketFields(ticket, requester);
    const event = buildTicketEvent(SOURCE, {
      ...common,
      ticketId,
      messageId: isCreation ? null : commentId(comment, updatedAt, rawText),
      occurredAt: (isCreation ? instantOrNull(ticket['created_at']) : updatedAt) ?? instantOrNull(ticket['created_at']) ?? new Date(request.receivedAtMs).toISOString(),
      orderRef: readOrderRef(body, ticket),
      text: plainText(null, rawText === null ? null : leadingAuthorRemoved(rawText)),
      customerPhone: common.customerPhone ?? phoneOrNull(requester?.['mobile']),
      channel: normalizeChannel(ticket['source']),
      language: languageOrNull(requester?.['language']),
      fromAgent: isTruthy(comment?.['from_agent']) || isTruthy(body['from_agent']),
    });
    return { deliveryId: null, topic, events: [event] };
  },
};

/** "Requires authentication": Basic credentials whose password, or username (API key mode), is the secret. */
const BASIC_AUTH: Credential = {
  header: 'authorization',
  check(value: string, secret: string): VerifyResult {
    const credentials = basicCredentials(value);
    if (credentials === null) return refuse('malformed Authorization header: expected Basic credentials');
    // Both comparisons always run, so the time taken does not say which one matched.
    const passwordMatches = textEqual(credentials.password, secret);
    const keyMatches = textEqual(credentials.username, secret);
    return passwordMatches || keyMatches ? VERIFIED : refuse('credentials mismatch: check the username/password or API key of the Freshdesk webhook action');
  },
};

function basicCredentials(header: string): { username: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header);
  if (match === null) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// The "Simple" content's flat keys, onto the shape of the recommended template.
function fromSimple(simple: JsonObject): JsonObject {
  const pick = (key: string): JsonValue => simple[key] ?? null;
  return {
    id: pick('ticket_id'),
    subject: pick('ticket_subject'),
    description: pick('ticket_description'),
    latest_comment: pick('ticket_latest_public_comment'),
    status: pick('ticket_status'),
    source: pick('ticket_source'),
    tags: pick('ticket_tags'),
    url: pick('ticket_url'),
    created_at: pick('ticket_created_at'),
    updated_at: pick('ticket_updated_at'),
    order_number: pick('ticket_order_number'),
    requester: {
      email: pick('ticket_contact_email') ?? pick('ticket_requester_email'),
      name: pick('ticket_contact_name') ?? pick('ticket_requester_name'),
      phone: pick('ticket_contact_phone') ?? pick('ticket_requester_phone'),
    },
  };
}

/**
 * Freshdesk has no placeholder for a reply's id: the template's `comment.id` when there is one,
 * else a digest of the update time and the text, stable across Freshdesk's retries.
 */
function commentId(comment: JsonObject | null, updatedAt: string | null, text: string | null): string {
  const given = textOrNull(comment?.['id'], 100);
  if (given !== null) return given;
  return `c${createHash('sha256').update(`${updatedAt ?? ''}\u0000${text ?? ''}`).digest('hex').slice(0, 16)}`;
}

// `{{ticket.latest_public_comment}}` can open with "<b>Name</b> wrote:" before the comment.
function leadingAuthorRemoved(text: string): string {
  return text.replace(/^\s*(?:<[^>]+>)*[^<\n]{1,200}?(?:<\/[^>]+>)*\s+wrote:\s*(?:<br\s*\/?>|\n)?/i, '');
}
