// What Meta sends back about WhatsApp messages: the GET handshake that subscribes a callback URL
// (hub.mode=subscribe, hub.verify_token, hub.challenge), the `X-Hub-Signature-256` header on every
// POST (hex HMAC-SHA256 of the raw body with the app secret), and the `messages` field payloads:
// entry[].changes[].value.statuses for receipts and .messages for what customers write.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveryReceipt, InboundMessage, ReceiptStatus } from '../../core/ports/channel.ts';
import { isRecord } from './provider-http.ts';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Meta's statuses we track; `deleted`, `warning` and others are not receipts of ours. */
const STATUSES: ReadonlyMap<string, ReceiptStatus> = new Map([
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'opened'],
  ['failed', 'failed'],
]);

/**
 * True when `header` (the `X-Hub-Signature-256` value, `sha256=<hex>`) is the HMAC-SHA256 of the
 * exact bytes received, keyed with the Meta app secret. Verify before parsing: re-serialised JSON
 * does not reproduce Meta's bytes (it escapes non-ASCII as \uXXXX).
 */
export function verifyWhatsAppSignature(appSecret: string, rawBody: Uint8Array | string, header: string | null | undefined): boolean {
  if (appSecret === '' || typeof header !== 'string') return false;
  const match = SIGNATURE.exec(header.trim());
  if (match === null) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(given, expected);
}

/** The query of Meta's subscribe handshake, read from `hub.mode`, `hub.verify_token`, `hub.challenge`. */
export interface WhatsAppChallengeQuery {
  mode: string | null | undefined;
  token: string | null | undefined;
  challenge: string | null | undefined;
}

/**
 * The text to answer Meta's GET handshake with (HTTP 200, the challenge as the plain body), or null
 * when the request is not a subscribe call with our verify token (answer 403).
 */
export function answerWhatsAppChallenge(query: WhatsAppChallengeQuery, verifyToken: string): string | null {
  if (query.mode !== 'subscribe' || typeof query.token !== 'string' || typeof query.challenge !== 'string') return null;
  if (verifyToken === '' || query.challenge === '' || !sameText(query.token, verifyToken)) return null;
  return query.challenge;
}

/** What one webhook POST said: receipts for messages we sent, and messages customers sent us. */
export interface ParsedWhatsAppWebhook {
  receipts: DeliveryReceipt[];
  inbound: InboundMessage[];
}

/**
 * Reads a verified `messages` webhook (the parsed JSON body). Unknown objects, fields, statuses and
 * message types are skipped, not refused: Meta adds them without notice and answers anything but
 * 200 with retries for days. Senders come back as E.164 (`+` and the wa_id digits).
 */
export function parseWhatsAppWebhook(body: unknown): ParsedWhatsAppWebhook {
  const parsed: ParsedWhatsAppWebhook = { receipts: [], inbound: [] };
  if (!isRecord(body) || body['object'] !== 'whatsapp_business_account') return parsed;
  for (const entry of records(body['entry'])) {
    for (const change of records(entry['changes'])) {
      if (change['field'] !== undefined && change['field'] !== 'messages') continue;
      const value = change['value'];
      if (!isRecord(value)) continue;
      for (const status of records(value['statuses'])) {
        const receipt = receiptOf(status);
        if (receipt !== null) parsed.receipts.push(receipt);
      }
      for (const message of records(value['messages'])) {
        const inbound = inboundOf(message);
        if (inbound !== null) parsed.inbound.push(inbound);
      }
    }
  }
  return parsed;
}

function receiptOf(status: Record<string, unknown>): DeliveryReceipt | null {
  const id = status['id'];
  const mapped = typeof status['status'] === 'string' ? STATUSES.get(status['status']) : undefined;
  if (typeof id !== 'string' || id === '' || mapped === undefined) return null;
  return { providerMessageId: id, status: mapped, at: instantOf(status['timestamp']), reason: mapped === 'failed' ? failureOf(status['errors']) : null };
}

function failureOf(errors: unknown): string {
  const [first] = records(errors);
  if (first === undefined) return 'failed without an error from WhatsApp';
  const data = first['error_data'];
  const words = [first['title'] ?? first['message'], isRecord(data) ? data['details'] : undefined].filter((w): w is string => typeof w === 'string' && w !== '');
  const unique = words.filter((word, index) => words.indexOf(word) === index);
  return `${typeof first['code'] === 'number' ? first['code'] : 'unknown code'}: ${unique.join(': ') || 'no details'}`;
}

function inboundOf(message: Record<string, unknown>): InboundMessage | null {
  const from = message['from'];
  if (typeof from !== 'string' || !/^\d{6,20}$/.test(from)) return null;
  const text = textOf(message);
  if (text === null) return null;
  const id = message['id'];
  return { channel: 'whatsapp', from: `+${from}`, text, providerMessageId: typeof id === 'string' && id !== '' ? id : null };
}

/** Typed text, and the label of a template quick-reply button (how "Stop updates" buttons answer). */
function textOf(message: Record<string, unknown>): string | null {
  const part = message['type'] === 'text' ? message['text'] : message['type'] === 'button' ? message['button'] : undefined;
  if (!isRecord(part)) return null;
  const text = message['type'] === 'text' ? part['body'] : part['text'];
  return typeof text === 'string' && text !== '' ? text : null;
}

/** Meta's timestamps are Unix seconds as strings. */
function instantOf(value: unknown): string | null {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isSafeInteger(seconds) && seconds > 0 ? new Date(seconds * 1_000).toISOString() : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
