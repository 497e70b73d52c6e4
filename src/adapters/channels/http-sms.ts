// A generic SMS transport for providers Herald has no adapter for: one JSON POST per message to
// a URL the operator names. The call-and-classify helpers below are shared with the Twilio
// adapter, so both map a provider's HTTP answer to a SendOutcome the same way.

import { z } from 'zod';
import { countSmsSegments } from '../../core/channels/sms-segments.ts';
import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../../core/ports/channel.ts';
import type { Clock } from '../../core/ports/clock.ts';

/** Settings of the `http-sms` provider, as written under a store's channel configuration. */
export const httpSmsSettingsSchema = z
  .strictObject({
    /** Where each message is POSTed as JSON. */
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://sms.example.com/v1/messages' }),
    /** Name of the header that carries the credential, e.g. `Authorization` or `X-Api-Key`. */
    auth_header: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name such as Authorization').optional(),
    /** The credential itself, e.g. `Bearer sk_live_...`. A secret. */
    auth_value: z.string().min(1, 'must not be empty').optional(),
    /** Sender number or id passed through to the provider; null in the payload when unset. */
    from: z.string().min(1, 'must not be empty').optional(),
    /**
     * True only when the provider is known to drop a second POST with the same Idempotency-Key.
     * It makes the transport idempotent, so the dispatcher may resend after a crash.
     */
    deduplicates: z.boolean().default(false),
  })
  .refine((settings) => (settings.auth_header === undefined) === (settings.auth_value === undefined), {
    message: 'auth_header and auth_value go together: set both or neither',
    path: ['auth_value'],
  });

export type HttpSmsSettings = z.infer<typeof httpSmsSettingsSchema>;

/** Knobs for tests and unusual networks; production uses the defaults. */
export interface SmsTransportOptions {
  /** The fetch to call; the global one by default. */
  fetch?: typeof fetch;
  /** How long one call may take, connect to last byte. */
  timeoutMs?: number;
  /** Reads now, for Retry-After given as an HTTP date. */
  clock?: Clock;
}

/** How long a provider gets to answer one message before the send counts as a temporary failure. */
export const DEFAULT_SMS_TIMEOUT_MS = 10_000;

/** Creates the `http-sms` transport. Settings must have passed `httpSmsSettingsSchema`. */
export function createHttpSmsTransport(settings: HttpSmsSettings, options: SmsTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  return {
    provider: 'http-sms',
    channel: 'sms',
    idempotent: settings.deduplicates,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const { segments, encoding } = countSmsSegments(message.text);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': message.notificationId,
      };
      if (settings.auth_header !== undefined && settings.auth_value !== undefined) headers[settings.auth_header] = settings.auth_value;
      const body = JSON.stringify({ id: message.notificationId, to: message.recipient, from: settings.from ?? null, text: message.text, segments, encoding });
      const reply = await call(settings.url, headers, body);
      if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `http-sms provider ${reply.reason}`, retryAfterMs: null };
      const json = parseJson(reply.bodyText);
      return outcomeOfReply(reply, call.nowMs(), {
        providerMessageId: readMessageId(json),
        error: `http-sms provider at ${new URL(settings.url).origin} answered ${reply.status}: ${describeError(json, reply.bodyText)}`,
      });
    },
    close: async () => {},
  };
}

/** A provider's HTTP answer, read to the end, or why there was none. */
export type ProviderReply =
  | { kind: 'answered'; status: number; headers: Headers; bodyText: string }
  | { kind: 'unreachable'; reason: string };

/** POSTs to a provider with a deadline; every network failure becomes `unreachable`, never a throw. */
export interface ProviderCaller {
  (url: string, headers: Record<string, string>, body: string): Promise<ProviderReply>;
  nowMs(): number;
}

/** Binds fetch, deadline and clock once per transport. */
export function providerCaller(options: SmsTransportOptions): ProviderCaller {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const call = async (url: string, headers: Record<string, string>, body: string): Promise<ProviderReply> => {
    try {
      // A redirect on a send API means a wrong URL; following it would repeat the POST elsewhere.
      const response = await fetchFn(url, { method: 'POST', headers: { 'user-agent': 'Herald', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const bodyText = await response.text();
      return { kind: 'answered', status: response.status, headers: response.headers, bodyText };
    } catch (error) {
      return { kind: 'unreachable', reason: describeNetworkError(error, url, timeoutMs) };
    }
  };
  return Object.assign(call, { nowMs: () => clock.nowMs() });
}

/**
 * Maps an HTTP status to a SendOutcome: 2xx sent; 429 (after Retry-After), 408 and 5xx temporary;
 * any other status permanent, since resending the same request will get the same refusal.
 */
export function outcomeOfReply(
  reply: Extract<ProviderReply, { kind: 'answered' }>,
  nowMs: number,
  words: { providerMessageId: string | null; error: string },
): SendOutcome {
  const { status } = reply;
  if (status >= 200 && status < 300) return { kind: 'sent', providerMessageId: words.providerMessageId };
  if (status === 429) return { kind: 'temporary', reason: words.error, retryAfterMs: parseRetryAfterMs(reply.headers.get('retry-after'), nowMs) };
  if (status === 408 || status >= 500) return { kind: 'temporary', reason: words.error, retryAfterMs: null };
  return { kind: 'permanent', reason: words.error };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; null when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  // Only an HTTP date (it opens with a day name): Date.parse alone would also take "7 days".
  if (!/^[A-Za-z]{3,9},? /.test(value)) return null;
  // asctime dates carry no zone but are UTC by definition; Date.parse would read them as local.
  const at = Date.parse(/^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} [\d:]{8} \d{4}$/.test(value) ? `${value} GMT` : value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The body as JSON, or null when it is not JSON (proxies answer with HTML). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function readMessageId(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const record = json as Record<string, unknown>;
  for (const key of ['id', 'message_id']) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

function describeError(json: unknown, bodyText: string): string {
  if (typeof json === 'object' && json !== null) {
    const record = json as Record<string, unknown>;
    const error = record['error'];
    if (typeof error === 'string') return error;
    if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>)['message'] === 'string') {
      return (error as Record<string, string>)['message']!;
    }
    if (typeof record['message'] === 'string') return record['message'];
  }
  const text = bodyText.trim().slice(0, 200);
  return text === '' ? 'no body' : text;
}

function describeNetworkError(error: unknown, url: string, timeoutMs: number): string {
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // Keep the URL as given; the schema should have refused it already.
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `at ${origin} did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = error instanceof Error ? error.message : String(error);
  return `at ${origin} unreachable: ${cause ?? message}`;
}
