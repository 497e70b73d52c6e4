// Gorgias HTTP integrations (Gorgias' webhooks), triggered on "Ticket created" and "Ticket message
// created". Gorgias signs nothing: the merchant adds a header `X-Herald-Token: <secret>` to the
// integration, compared in constant time. The body is the integration's template, rendered from
// `{{event.*}}`, `{{ticket.*}}` and `{{message.*}}` variables (every value arrives as a string):
// { event: "ticket-created" | "ticket-message-created", ticket: { id, subject, channel, status,
// language, tags, created_datetime, url, customer: { email, name, phone } }, message: { id,
// channel, from_agent, public, body_text, stripped_text, body_html, created_datetime } }.
// Full API objects (a Ticket with `messages[]`, `tags[{name}]`) are read as well.

import type { JsonValue } from './exact-json.ts';
import { asArray, asObject, requireObject, type JsonObject } from './payload-readers.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest } from './source-adapter.ts';
import { buildTicketEvent, commonTicketFields, emailOrNull, instantOrNull, isTruthy, languageOrNull, normalizeChannel, plainText, readOrderRef, requireTicketRef, textOrNull } from './ticket-events.ts';
import { heraldToken, readTicketBody, verifyCredentials } from './ticket-webhooks.ts';

export { HERALD_TOKEN_HEADER } from './ticket-webhooks.ts';

const SOURCE = 'gorgias';

const TICKET_CREATED = 'ticket-created';
const MESSAGE_CREATED = 'ticket-message-created';

export const gorgiasAdapter: SourceAdapter = {
  name: SOURCE,

  verify: (request, secrets) =>
    verifyCredentials(request, secrets, [heraldToken('token mismatch: check the X-Herald-Token header of the Gorgias HTTP integration')], {
      missing: 'missing X-Herald-Token header: add it to the Gorgias HTTP integration with the source secret',
      unconfigured: 'no Gorgias token is configured for this source',
    }),

  parse(request: SourceRequest): ParsedWebhook {
    const body = readTicketBody(SOURCE, request);
    const topic = eventType(body['event']);
    // Triggers Herald does not read (ticket-updated, status changes) are acknowledged.
    if (topic !== null && topic !== TICKET_CREATED && topic !== MESSAGE_CREATED) return { deliveryId: null, topic, events: [] };
    const ticket = requireObject(SOURCE, body['ticket'], 'ticket');
    const ticketId = requireTicketRef(SOURCE, ticket['id'], 'ticket.id');
    const isCreation = topic === TICKET_CREATED || (topic === null && asObject(body['message']) === null);
    const message = isCreation ? (asObject(body['message']) ?? firstMessage(ticket)) : requireObject(SOURCE, body['message'], 'message');
    const messageId = isCreation ? null : requireTicketRef(SOURCE, message?.['id'], 'message.id');
    const customer = asObject(ticket['customer']);
    const sender = asObject(message?.['sender']);
    const channel = normalizeChannel(message?.['channel']) ?? normalizeChannel(ticket['channel']);
    const common = commonTicketFields(ticket, customer);
    const event = buildTicketEvent(SOURCE, {
      ...common,
      ticketId,
      messageId,
      occurredAt:
        instantOrNull(isCreation ? ticket['created_datetime'] : message?.['created_datetime']) ??
        instantOrNull(message?.['created_datetime']) ??
        instantOrNull(ticket['created_datetime']) ??
        new Date(request.receivedAtMs).toISOString(),
      orderRef: readOrderRef(body, ticket),
      subject: common.subject ?? textOrNull(message?.['subject'], 500),
      text: messageText(message),
      customerEmail: common.customerEmail ?? (isTruthy(message?.['from_agent']) ? null : emailOrNull(sender?.['email'])),
      customerName: common.customerName ?? joinName(customer),
      channel,
      language: languageOrNull(ticket['language']),
      // Internal notes are agents talking to each other.
      fromAgent: isTruthy(message?.['from_agent']) || channel === 'internal-note' || (message?.['public'] !== undefined && isFalse(message['public'])),
    });
    return { deliveryId: messageId, topic: topic ?? (isCreation ? TICKET_CREATED : MESSAGE_CREATED), events: [event] };
  },
};

/** `"ticket-created"`, or the `{ type }` of `{{event.*}}` variables. */
function eventType(value: JsonValue | undefined): string | null {
  const object = asObject(value);
  return textOrNull(object === null ? value : object['type'], 100);
}

function firstMessage(ticket: JsonObject): JsonObject | null {
  return asObject(asArray(ticket['messages'])[0]);
}

/** Gorgias' own reply-free `stripped_text` first, then the text body, then the HTML. */
function messageText(message: JsonObject | null): string {
  if (message === null) return '';
  const text = textOrNull(message['stripped_text'], 20_000) ?? textOrNull(message['body_text'], 20_000);
  return plainText(text, textOrNull(message['stripped_html'], 50_000) ?? textOrNull(message['body_html'], 50_000));
}

function joinName(person: JsonObject | null): string | null {
  const parts = [textOrNull(person?.['firstname'], 100), textOrNull(person?.['lastname'], 100)].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

function isFalse(value: JsonValue): boolean {
  return value === false || (typeof value === 'string' && ['false', '0'].includes(value.trim().toLowerCase()));
}
