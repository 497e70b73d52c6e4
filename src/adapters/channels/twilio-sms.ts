// The Twilio SMS transport: one form-encoded POST to the Messages resource per notification
// (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic AccountSid:AuthToken).
// Twilio's callbacks and inbound messages are read in twilio-webhooks.ts.

import { z } from 'zod';
import type { ChannelTransport } from '../../core/ports/channel.ts';
import type { SmsTransportOptions } from './http-sms.ts';
import { fetchTransport, isRecord, outcomeOfReply, parseJson, providerCaller } from './provider-http.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

/** Settings of the `twilio` provider, as written under a store's channel configuration. */
export const twilioSettingsSchema = z
  .strictObject({
    /** The Account SID from the Twilio console. */
    account_sid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID: AC followed by 32 hex digits'),
    /** The account's Auth Token: the Basic-auth password and the key Twilio signs webhooks with. A secret. */
    auth_token: z.string().min(1, 'must be the Auth Token from the Twilio console'),
    /** Sending number in E.164; or leave it out and name a Messaging Service. */
    from: z.string().regex(E164, 'must be an E.164 phone number such as +14155550100').optional(),
    /** A Messaging Service that picks the sender from its pool (MG followed by 32 hex digits). */
    messaging_service_sid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID: MG followed by 32 hex digits').optional(),
    /** API origin; change it only for a Twilio-compatible provider or a test double. */
    base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.twilio.com' }).default('https://api.twilio.com'),
    /** Where Twilio should POST delivery status callbacks; none requested when unset. */
    status_callback_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL Twilio can reach' }).optional(),
  })
  .refine((settings) => settings.from !== undefined || settings.messaging_service_sid !== undefined, {
    message: 'set from (an E.164 number) or messaging_service_sid: Twilio needs a sender',
    path: ['from'],
  });

export type TwilioSettings = z.infer<typeof twilioSettingsSchema>;

// Twilio error codes that an operator can act on, with what to do.
const HINTS: Readonly<Record<number, string>> = {
  20003: 'check account_sid and auth_token',
  21211: 'the recipient number is invalid; correct the customer phone number',
  21610: 'the recipient replied STOP; they must reply START before Twilio delivers again',
  21614: 'the recipient number cannot receive SMS (not a mobile number)',
};

/**
 * Creates the Twilio transport. Settings must have passed `twilioSettingsSchema`. Not idempotent:
 * the Messages resource documents no idempotency key, so a resend after a crash could reach the
 * customer twice; the dispatcher reports such a crash instead of resending.
 */
export function createTwilioTransport(settings: TwilioSettings, options: SmsTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  const base = settings.base_url.replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(settings.account_sid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.account_sid}:${settings.auth_token}`).toString('base64')}`;
  return fetchTransport({ provider: 'twilio', channel: 'sms', idempotent: false }, async (message) => {
    const form = new URLSearchParams({ To: message.recipient, Body: message.text });
    if (settings.from !== undefined) form.set('From', settings.from);
    if (settings.messaging_service_sid !== undefined) form.set('MessagingServiceSid', settings.messaging_service_sid);
    if (settings.status_callback_url !== undefined) form.set('StatusCallback', settings.status_callback_url);
    const headers = { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const reply = await call(url, { headers, body: form.toString() });
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `twilio ${reply.reason}`, retryAfterMs: null };
    const json = parseJson(reply.bodyText);
    return outcomeOfReply(reply, call.nowMs(), { providerMessageId: readSid(json), error: describeTwilioError(reply.status, json, reply.bodyText) });
  });
}

function readSid(json: unknown): string | null {
  const sid = isRecord(json) ? json['sid'] : undefined;
  return typeof sid === 'string' && sid !== '' ? sid : null;
}

/** Twilio's error JSON is `{ code, message, more_info, status }`; other bodies come from proxies. */
function describeTwilioError(status: number, json: unknown, bodyText: string): string {
  const record = isRecord(json) ? json : {};
  const code = typeof record['code'] === 'number' ? record['code'] : null;
  const words = typeof record['message'] === 'string' ? record['message'] : bodyText.trim().slice(0, 200) || 'no body';
  const hint = code !== null ? HINTS[code] : status === 401 || status === 403 ? HINTS[20003] : undefined;
  const moreInfo = typeof record['more_info'] === 'string' ? ` (${record['more_info']})` : '';
  return `twilio answered ${status}${code !== null ? ` with error ${code}` : ''}: ${words}${moreInfo}${hint !== undefined ? `: ${hint}` : ''}`;
}
