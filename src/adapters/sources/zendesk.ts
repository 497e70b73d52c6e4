// Zendesk webhooks, called by a trigger with a JSON body the merchant writes from placeholders
// (docs/helpdesks.md has the recommended template). Signature: `X-Zendesk-Webhook-Signature` =
// base64(HMAC-SHA256(signing secret, `X-Zendesk-Webhook-Signature-Timestamp` + raw body)); the
// timestamp must be within the tolerance of our clock, so a captured request cannot be replayed.
// Body: { event, ticket: { id, subject, description, status, via, tags, url, created_at,
// updated_at, requester: { email, name, phone, language } }, comment?: { id, body, public,
// author_role } }.

import { asObject, requireObject, type JsonObject } from './payload-readers.ts';
import { bytesEqual, decodeBase64, hmacSha256, refuse, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { buildTicketEvent, commonTicketFields, instantOrNull, isTruthy, languageOrNull, normalizeChannel, plainText, readOrderRef, requireTicketRef, textOrNull, urlOrNull } from './ticket-events.ts';
import { readTicketBody } from './ticket-webhooks.ts';

const SOURCE = 'zendesk';
const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** How far the signed timestamp may be from our clock, either way, before the request is a replay. */
export const ZENDESK_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The event names of the recommended template; any other value is read as a new comment. */
const CREATED_EVENTS: ReadonlySet<string> = new Set(['ticket.created', 'created']);

// `{{current_user.role}}` renders End-user, Agent or Admin (and custom agent roles).
const CUSTOMER_ROLES: ReadonlySet<string> = new Set(['end-user', 'end user', 'enduser', 'customer', 'requester']);

export const zendeskAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const signature = request.headers[SIGNATURE_HEADER]?.trim();
    const timestamp = request.headers[TIMESTAMP_HEADER]?.trim();
    if (signature === undefined || signature === '') return refuse('missing X-Zendesk-Webhook-Signature header');
    if (timestamp === undefined || timestamp === '') return refuse('missing X-Zendesk-Webhook-Signature-Timestamp header');
    if (secrets.secret === '') return refuse('no Zendesk webhook signing secret is configured for this source');
    const given = decodeBase64(signature);
    if (given === null) return refuse('malformed X-Zendesk-Webhook-Signature header: expected base64');
    const signedAtMs = readTimestampMs(timestamp);
    if (signedAtMs === null) return refuse('malformed X-Zendesk-Webhook-Signature-Timestamp header: expected an ISO-8601 time');
    if (Math.abs(request.receivedAtMs - signedAtMs) > ZENDESK_SIGNATURE_TOLERANCE_MS) {
      return refuse(`stale X-Zendesk-Webhook-Signature-Timestamp: more than ${ZENDESK_SIGNATURE_TOLERANCE_MS / 60000} minutes from now (replay, or check the server clock)`);
    }
    const expected = hmacSha256(secrets.secret, timestamp, request.body);
    return bytesEqual(given, expected) ? VERIFIED : refuse("signature mismatch: check the Zendesk webhook's signing secret");
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = readTicketBody(SOURCE, request);
    const ticket = requireObject(SOURCE, body['ticket'], 'ticket');
    const ticketId = requireTicketRef(SOURCE, ticket['id'], 'ticket.id');
    const topic = textOrNull(body['event'], 100);
    const comment = asObject(body['comment']);
    const isCreation = (topic !== null && CREATED_EVENTS.has(topic)) || comment === null || textOrNull(comment['id'], 100) === null;
    const messageId = isCreation ? null : requireTicketRef(SOURCE, comment?.['id'], 'comment.id');
    const requester = asObject(ticket['requester']);
    const rawText = textOrNull(comment?.['body'], 20_000) ?? textOrNull(ticket['description'], 20_000) ?? textOrNull(ticket['latest_comment'], 20_000);
    const common = commonTicketFields(ticket, requester);
    const event = buildTicketEvent(SOURCE, {
      ...common,
      ticketId,
      messageId,
      occurredAt: occurredAt(ticket, isCreation) ?? new Date(request.receivedAtMs).toISOString(),
      orderRef: readOrderRef(body, ticket),
      subject: common.subject ?? textOrNull(ticket['title'], 500),
      text: plainText(rawText),
      channel: normalizeChannel(ticket['via']),
      language: languageOrNull(requester?.['language']) ?? languageOrNull(ticket['language']),
      url: common.url ?? urlOrNull(ticket['link']),
      fromAgent: isAgentAuthor(comment),
    });
    return { deliveryId: null, topic, events: [event] };
  },
};

/** Zendesk sends ISO-8601 (`2026-11-20T14:03:00Z`); Unix seconds are accepted too. */
function readTimestampMs(value: string): number | null {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  const iso = instantOrNull(value);
  return iso === null ? null : Date.parse(iso);
}

function occurredAt(ticket: JsonObject, isCreation: boolean): string | null {
  const created = instantOrNull(ticket['created_at']);
  return isCreation ? created : (instantOrNull(ticket['updated_at']) ?? created);
}

function isAgentAuthor(comment: JsonObject | null): boolean {
  if (comment === null) return false;
  if (comment['from_agent'] !== undefined) return isTruthy(comment['from_agent']);
  const role = textOrNull(comment['author_role'], 60)?.toLowerCase() ?? null;
  // An internal comment is an agent's, whoever the role placeholder names.
  const visibility = comment['public'];
  if (visibility === false || (typeof visibility === 'string' && ['false', '0'].includes(visibility.trim().toLowerCase()))) return true;
  return role !== null && !CUSTOMER_ROLES.has(role);
}
