// The generic help desk source: any help desk (or glue code) that can POST Herald's own ticket
// shape. Authentication: `X-Herald-Signature` = hex HMAC-SHA256(secret, raw body), optionally
// prefixed `sha256=`; or, for tools that cannot sign, `X-Herald-Token: <secret>`. Body:
// { id, message_id?, subject, text, html?, customer: { email, phone, name }, tags, url,
// language?, channel?, status?, from_agent?, order_ref?, created_at }.

import { requireInstant, requireObject } from './payload-readers.ts';
import { bytesEqual, decodeHex, hmacSha256, refuse, VERIFIED } from './signatures.ts';
import { SourceParseError } from './source-errors.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest } from './source-adapter.ts';
import { buildTicketEvent, commonTicketFields, isTruthy, languageOrNull, normalizeChannel, plainText, readOrderRef, requireTicketRef, textOrNull } from './ticket-events.ts';
import { heraldToken, readTicketBody, verifyCredentials, type Credential } from './ticket-webhooks.ts';

const SOURCE = 'helpdesk';

/** `X-Herald-Signature`: hex HMAC-SHA256 of the raw body, optionally prefixed `sha256=`. */
const SIGNATURE: Credential = {
  header: 'x-herald-signature',
  check(value, secret, request) {
    const given = decodeHex(value.replace(/^sha256=/i, ''));
    if (given === null) return refuse('malformed X-Herald-Signature header: expected hex HMAC-SHA256, optionally prefixed sha256=');
    return bytesEqual(given, hmacSha256(secret, request.body)) ? VERIFIED : refuse('signature mismatch: check the help desk source secret');
  },
};

export const helpdeskAdapter: SourceAdapter = {
  name: SOURCE,

  verify: (request, secrets) =>
    verifyCredentials(request, secrets, [SIGNATURE, heraldToken('token mismatch: check the X-Herald-Token header against the help desk source secret')], {
      missing: 'missing X-Herald-Signature (or X-Herald-Token) header',
      unconfigured: 'no help desk secret is configured for this source',
    }),

  parse(request: SourceRequest): ParsedWebhook {
    const body = readTicketBody(SOURCE, request);
    const ticketId = requireTicketRef(SOURCE, body['id'], 'id');
    const text = body['text'];
    if (typeof text !== 'string' && textOrNull(body['html'], 10) === null) throw new SourceParseError(SOURCE, 'text', 'is missing: expected the message as text (or html)');
    const createdAt = requireInstant(SOURCE, body['created_at'], 'created_at');
    const customer = body['customer'] === undefined || body['customer'] === null ? null : requireObject(SOURCE, body['customer'], 'customer');
    const messageId = body['message_id'] === undefined || body['message_id'] === null ? null : requireTicketRef(SOURCE, body['message_id'], 'message_id');
    const event = buildTicketEvent(SOURCE, {
      ...commonTicketFields(body, customer),
      ticketId,
      messageId,
      occurredAt: createdAt.iso,
      orderRef: readOrderRef(body),
      text: plainText(typeof text === 'string' ? text : null, textOrNull(body['html'], 50_000)),
      channel: normalizeChannel(body['channel']),
      language: languageOrNull(body['language']),
      fromAgent: isTruthy(body['from_agent']),
    });
    return { deliveryId: messageId, topic: textOrNull(body['event'], 100), events: [event] };
  },
};
