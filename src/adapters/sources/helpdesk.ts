// The generic help desk source: any help desk (or glue code) that can POST Herald's own ticket
// shape. Authentication: `X-Herald-Signature` = hex HMAC-SHA256(secret, raw body), optionally
// prefixed `sha256=`; or, for tools that cannot sign, `X-Herald-Token: <secret>`. Body:
// { id, message_id?, subject, text, html?, customer: { email, phone, name }, tags, url,
// language?, channel?, status?, from_agent?, order_ref?, created_at }.

import { decodeJsonBody, requireInstant, requireObject } from './payload-readers.ts';
import { bytesEqual, decodeHex, hmacSha256, refuse, textEqual, VERIFIED } from './signatures.ts';
import { SourceParseError } from './source-errors.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import {
  buildTicketEvent,
  emailOrNull,
  isTruthy,
  languageOrNull,
  normalizeChannel,
  phoneOrNull,
  plainText,
  readOrderRef,
  readTags,
  requireTicketRef,
  textOrNull,
  urlOrNull,
} from './ticket-events.ts';

const SOURCE = 'helpdesk';
const SIGNATURE_HEADER = 'x-herald-signature';
const TOKEN_HEADER = 'x-herald-token';

export const helpdeskAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const signature = request.headers[SIGNATURE_HEADER]?.trim();
    const token = request.headers[TOKEN_HEADER]?.trim();
    const hasSignature = signature !== undefined && signature !== '';
    if (!hasSignature && (token === undefined || token === '')) return refuse('missing X-Herald-Signature (or X-Herald-Token) header');
    if (secrets.secret === '') return refuse('no help desk secret is configured for this source');
    if (hasSignature) {
      const given = decodeHex(signature.replace(/^sha256=/i, ''));
      if (given === null) return refuse('malformed X-Herald-Signature header: expected hex HMAC-SHA256, optionally prefixed sha256=');
      return bytesEqual(given, hmacSha256(secrets.secret, request.body)) ? VERIFIED : refuse('signature mismatch: check the help desk source secret');
    }
    return textEqual(token ?? '', secrets.secret) ? VERIFIED : refuse('token mismatch: check the X-Herald-Token header against the help desk source secret');
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    const ticketId = requireTicketRef(SOURCE, body['id'], 'id');
    const text = body['text'];
    if (typeof text !== 'string' && textOrNull(body['html'], 10) === null) throw new SourceParseError(SOURCE, 'text', 'is missing: expected the message as text (or html)');
    const createdAt = requireInstant(SOURCE, body['created_at'], 'created_at');
    const customer = body['customer'] === undefined || body['customer'] === null ? null : requireObject(SOURCE, body['customer'], 'customer');
    const messageId = body['message_id'] === undefined || body['message_id'] === null ? null : requireTicketRef(SOURCE, body['message_id'], 'message_id');
    const event = buildTicketEvent(SOURCE, {
      ticketId,
      messageId,
      occurredAt: createdAt.iso,
      orderRef: readOrderRef(body),
      subject: textOrNull(body['subject'], 500),
      text: plainText(typeof text === 'string' ? text : null, textOrNull(body['html'], 50_000)),
      customerEmail: emailOrNull(customer?.['email']),
      customerPhone: phoneOrNull(customer?.['phone']),
      customerName: textOrNull(customer?.['name'], 200),
      channel: normalizeChannel(body['channel']),
      language: languageOrNull(body['language']),
      tags: readTags(body['tags']),
      url: urlOrNull(body['url']),
      status: textOrNull(body['status'], 60)?.toLowerCase() ?? null,
      fromAgent: isTruthy(body['from_agent']),
    });
    return { deliveryId: messageId, topic: textOrNull(body['event'], 100), events: [event] };
  },
};
