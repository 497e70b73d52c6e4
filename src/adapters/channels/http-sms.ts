// A generic SMS transport for providers Herald has no adapter for: one JSON POST per message to
// a URL the operator names. Calling and classifying the answer are provider-http.ts's, shared with
// the other transports, so all map a provider's HTTP answer to a SendOutcome the same way.

import { z } from 'zod';
import { countSmsSegments } from '../../core/channels/sms-segments.ts';
import type { ChannelTransport } from '../../core/ports/channel.ts';
import { DEFAULT_PROVIDER_TIMEOUT_MS, fetchTransport, isRecord, outcomeOfReply, parseJson, providerCaller, type ProviderCallOptions } from './provider-http.ts';

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
export type SmsTransportOptions = ProviderCallOptions;

/** How long a provider gets to answer one message before the send counts as a temporary failure. */
export const DEFAULT_SMS_TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_MS;

/** Creates the `http-sms` transport. Settings must have passed `httpSmsSettingsSchema`. */
export function createHttpSmsTransport(settings: HttpSmsSettings, options: SmsTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  return fetchTransport({ provider: 'http-sms', channel: 'sms', idempotent: settings.deduplicates }, async (message) => {
    const { segments, encoding } = countSmsSegments(message.text);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': message.notificationId,
    };
    if (settings.auth_header !== undefined && settings.auth_value !== undefined) headers[settings.auth_header] = settings.auth_value;
    const body = JSON.stringify({ id: message.notificationId, to: message.recipient, from: settings.from ?? null, text: message.text, segments, encoding });
    const reply = await call(settings.url, { headers, body });
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `http-sms provider ${reply.reason}`, retryAfterMs: null };
    const json = parseJson(reply.bodyText);
    return outcomeOfReply(reply, call.nowMs(), {
      providerMessageId: readMessageId(json),
      error: `http-sms provider at ${new URL(settings.url).origin} answered ${reply.status}: ${describeError(json, reply.bodyText)}`,
    });
  });
}

function readMessageId(json: unknown): string | null {
  if (!isRecord(json)) return null;
  for (const key of ['id', 'message_id']) {
    const value = json[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

function describeError(json: unknown, bodyText: string): string {
  if (isRecord(json)) {
    const error = json['error'];
    if (typeof error === 'string') return error;
    if (isRecord(error) && typeof error['message'] === 'string') return error['message'];
    if (typeof json['message'] === 'string') return json['message'];
  }
  const text = bodyText.trim().slice(0, 200);
  return text === '' ? 'no body' : text;
}
