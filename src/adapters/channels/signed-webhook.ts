// The webhook channel: a notification POSTed as JSON to a merchant's or customer's own endpoint
// (docs/webhook-signatures.md). Every delivery is signed Stripe-style,
// `Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, so a
// receiver can prove it came from Herald and refuse replays of old deliveries, and carries
// `Herald-Delivery-Id: <notification id>` so a receiver can drop a delivery it already has.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChannelTransport } from '../../core/ports/channel.ts';
import { fetchTransport, outcomeOfReply, providerCaller } from './provider-http.ts';

const secret = (field: string) =>
  z.string({ error: `${field} is required: a random string of at least 16 characters shared with the receiver` }).min(16, `${field} must be at least 16 characters`);

/** Settings of one receiving endpoint. */
export const webhookSettingsSchema = z.object({
  /** Where every notification is POSTed (the message's recipient travels in the body). */
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  /** Signing secret shared with the receiver. */
  secret: secret('secret'),
  /**
   * The secret being replaced, during a rotation: deliveries then carry one v1= signature per
   * secret, so the receiver keeps working whichever of the two it holds. Remove it once switched.
   */
  previous_secret: secret('previous_secret').optional(),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** Injected dependencies: the clock that dates signatures and `sent_at`, and fetch. */
export interface WebhookTransportOptions {
  nowMs: () => number;
  fetch?: typeof fetch;
  /** Per request; a timeout is a temporary failure. */
  timeoutMs?: number;
}

/** How far a signature's timestamp may be from the receiver's clock before it counts as a replay. */
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 300_000;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * A transport for one endpoint. Idempotent: every delivery of a notification, first or repeated,
 * carries the same `Herald-Delivery-Id` (the notification id), and receivers are told to
 * deduplicate on it, so a resend after a crash cannot act twice.
 */
export function createWebhookTransport(settings: WebhookSettings, options: WebhookTransportOptions): ChannelTransport {
  const call = providerCaller(options);
  const secrets = settings.previous_secret === undefined ? [settings.secret] : [settings.secret, settings.previous_secret];
  // Receivers' URLs may carry credentials in the path or query; reasons name only the origin.
  const where = new URL(settings.url).origin;

  return fetchTransport({ provider: 'webhook', channel: 'webhook', idempotent: true }, async (message) => {
    const nowMs = options.nowMs();
    const body = JSON.stringify({
      id: message.notificationId,
      type: 'notification',
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject,
      text: message.text,
      metadata: message.metadata,
      sent_at: new Date(nowMs).toISOString(),
    });
    const headers = { 'content-type': 'application/json', 'herald-delivery-id': message.notificationId, 'herald-signature': signWebhookBody(secrets, body, nowMs) };
    // Only the status matters; the receiver's body is neither read nor kept.
    const reply = await call(settings.url, { headers, body, redirect: 'follow', readBody: false });
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `webhook ${where} unreachable: ${reply.detail}`, retryAfterMs: null };
    return outcomeOfReply(reply, nowMs, {
      providerMessageId: null,
      rateLimited: `webhook ${where} answered 429`,
      unavailable: `webhook ${where} answered ${reply.status}`,
      error: `webhook ${where} refused the delivery with ${reply.status}: check the receiver's URL and its signature check`,
    });
  });
}

/**
 * The `Herald-Signature` value for `body` signed at `nowMs`: `t=<unix seconds>,v1=<hex>`, with one
 * v1= per secret when given several (a rotation).
 */
export function signWebhookBody(secret: string | readonly string[], body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1_000);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  return [`t=${t}`, ...secrets.map((key) => `v1=${createHmac('sha256', key).update(`${t}.`).update(body).digest('hex')}`)].join(',');
}

/** Whether a delivery is authentic, and if not, why. */
export type WebhookSignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a `Herald-Signature` header over the raw body as received. Passes when any v1= value
 * matches any of `secret` (rotation on either side) and the timestamp is within `toleranceMs` of
 * `nowMs`; unknown schemes (v0=, v2=) are ignored so that new ones can be added.
 */
export function verifyWebhookSignature(
  secret: string | readonly string[],
  header: string | null | undefined,
  rawBody: Uint8Array | string,
  nowMs: number,
  toleranceMs: number = DEFAULT_SIGNATURE_TOLERANCE_MS,
): WebhookSignatureCheck {
  if (typeof header !== 'string' || header.trim() === '') return { ok: false, reason: 'missing Herald-Signature header' };
  const parsed = parseSignatureHeader(header);
  if (parsed === null) return { ok: false, reason: 'malformed Herald-Signature header: expected t=<unix seconds>,v1=<hex>' };
  if (Math.abs(nowMs - parsed.t * 1_000) > toleranceMs) {
    return { ok: false, reason: `stale timestamp: signed at ${new Date(parsed.t * 1_000).toISOString()}, more than ${toleranceMs / 1_000} s from now (a replay, or a clock off)` };
  }
  const keys = (typeof secret === 'string' ? [secret] : secret).filter((key) => key !== '');
  const expected = keys.map((key) => createHmac('sha256', key).update(`${parsed.t}.`).update(rawBody).digest());
  const matches = parsed.v1.some((given) => expected.some((digest) => timingSafeEqual(given, digest)));
  return matches ? { ok: true } : { ok: false, reason: 'signature mismatch: check the webhook secret' };
}

function parseSignatureHeader(header: string): { t: number; v1: Buffer[] } | null {
  let t: number | null = null;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) return null;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 't') {
      if (t !== null || !/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return null;
      v1.push(Buffer.from(value, 'hex'));
    }
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}
