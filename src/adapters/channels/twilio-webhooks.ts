// What Twilio POSTs back to us: status callbacks for messages we sent and inbound messages from
// customers, both form-encoded and signed with X-Twilio-Signature. Verify first, then parse.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveryReceipt, InboundMessage, ReceiptStatus } from '../../core/ports/channel.ts';

/**
 * Checks X-Twilio-Signature: base64 HMAC-SHA1, keyed with the Auth Token, over the full URL Twilio
 * called (scheme, host, path, query) followed by every POST parameter's name and value, sorted by
 * name. Pass every parameter received, not only the ones read: Twilio adds new ones without notice.
 *
 * Twilio has signed some URLs with the default port (`:443`) and some without, so, like its own
 * helper libraries, both forms are tried. False for a missing or malformed header.
 */
export function verifyTwilioSignature(authToken: string, url: string, params: Record<string, string>, signatureHeader: string | undefined): boolean {
  if (signatureHeader === undefined || signatureHeader.trim() === '') return false;
  const received = Buffer.from(signatureHeader.trim());
  const payload = Object.keys(params)
    .sort()
    .map((name) => name + params[name]!)
    .join('');
  return urlForms(url).some((form) => {
    const expected = Buffer.from(createHmac('sha1', authToken).update(form + payload).digest('base64'));
    return expected.length === received.length && timingSafeEqual(expected, received);
  });
}

/** Twilio's delivery statuses that say something the dispatcher acts on. */
const STATUS_MAP: Readonly<Record<string, ReceiptStatus>> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
  // WhatsApp and RCS through the same Messaging Service report reads.
  read: 'opened',
};

/**
 * Reads a message status callback. Null for statuses that are only progress inside Twilio
 * (queued, accepted, scheduled, sending) and for bodies that are not a status callback. Twilio
 * sends no event time (RawDlrDoneDate is the carrier's, without a zone), so `at` is null.
 */
export function parseTwilioStatusCallback(params: Record<string, string>): DeliveryReceipt | null {
  const sid = (params['MessageSid'] ?? params['SmsSid'])?.trim();
  const twilioStatus = (params['MessageStatus'] ?? params['SmsStatus'])?.trim().toLowerCase();
  if (sid === undefined || sid === '' || twilioStatus === undefined || !Object.hasOwn(STATUS_MAP, twilioStatus)) return null;
  const status = STATUS_MAP[twilioStatus]!;
  const errorCode = params['ErrorCode']?.trim();
  const reason =
    status !== 'failed'
      ? null
      : errorCode !== undefined && errorCode !== '' && errorCode !== '0'
        ? `${twilioStatus}: Twilio error ${errorCode} (https://www.twilio.com/docs/api/errors/${encodeURIComponent(errorCode)})`
        : twilioStatus;
  return { providerMessageId: sid, status, at: null, reason };
}

/**
 * Reads an inbound message webhook (From, To, Body, MessageSid). Null when the body is not one:
 * a status callback posted to the wrong URL, or a channel address this transport cannot answer.
 * `whatsapp:`-prefixed senders come back on the whatsapp channel, others on sms.
 */
export function parseTwilioInbound(params: Record<string, string>): InboundMessage | null {
  const sid = (params['MessageSid'] ?? params['SmsSid'])?.trim();
  const from = params['From']?.trim();
  const text = params['Body'];
  // An inbound message carries SmsStatus=received and no MessageStatus; a status callback the reverse.
  const status = params['MessageStatus'] ?? params['SmsStatus'];
  if (sid === undefined || sid === '' || from === undefined || from === '' || text === undefined) return null;
  if (status !== undefined && status !== 'received') return null;
  if (from.startsWith('whatsapp:')) {
    const number = from.slice('whatsapp:'.length);
    return number === '' ? null : { channel: 'whatsapp', from: number, text, providerMessageId: sid };
  }
  // Other channel addresses (messenger:, rcs:) name senders we cannot reply to by SMS.
  if (/^[a-z]+:/i.test(from)) return null;
  return { channel: 'sms', from, text, providerMessageId: sid };
}

function urlForms(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : null;
  if (defaultPort === null || (parsed.port !== '' && parsed.port !== defaultPort)) return [url];
  // Rebuild around the authority only, so the path and query keep Twilio's exact bytes.
  const rest = url.slice(url.indexOf('//') + 2);
  const slash = rest.search(/[/?#]/);
  const tail = slash < 0 ? '' : rest.slice(slash);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const host = authority.replace(/:\d+$/, '');
  const scheme = url.slice(0, url.indexOf('//') + 2);
  return [...new Set([url, `${scheme}${host}${tail}`, `${scheme}${host}:${defaultPort}${tail}`])];
}
