// WhatsApp through Meta's Cloud API (Graph API): one POST per message to
// {base_url}/{api_version}/{phone_number_id}/messages. Free text is only allowed within 24 hours of
// the customer's last message; outside it Meta answers 131047 and only an approved template goes
// through, so the dispatcher sets `message.template` for those sends. Graph errors carry a numeric
// `code` that says more than the HTTP status, so the outcome is decided on the code first.

import { z } from 'zod';
import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../../core/ports/channel.ts';
import { fetchTransport, isRecord, parseJson, providerCaller, retryAfterOf, type AnsweredReply, type ProviderCallOptions } from './provider-http.ts';

/** Settings of one WhatsApp Business phone number. */
export const whatsappSettingsSchema = z.object({
  /** The "Phone number ID" from WhatsApp Manager (not the phone number itself). */
  phone_number_id: z
    .string({ error: 'phone_number_id is required: the Phone number ID from WhatsApp Manager > API Setup' })
    .regex(/^\d{5,30}$/, 'phone_number_id must be the numeric Phone number ID from WhatsApp Manager, not the phone number'),
  /** A system-user access token with the whatsapp_business_messaging permission. */
  access_token: z
    .string({ error: 'access_token is required: a system-user token with whatsapp_business_messaging' })
    .min(20, 'access_token is too short to be a Meta access token'),
  /** Graph API origin; only changed for tests or a proxy. */
  base_url: z.url({ protocol: /^https?$/, error: 'base_url must be an http(s) URL' }).default('https://graph.facebook.com'),
  /** Graph API version in the path; Meta retires versions about two years after release. */
  api_version: z.string().regex(/^v\d+\.\d+$/, 'api_version must look like v21.0').default('v21.0'),
  /** The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256). */
  app_secret: z.string({ error: 'app_secret is required: the App secret from App settings > Basic' }).min(1, 'app_secret must not be empty'),
  /** Our own string, echoed by Meta in the GET handshake when the webhook is subscribed. */
  verify_token: z.string({ error: 'verify_token is required: any string you also enter in the webhook setup' }).min(8, 'verify_token must be at least 8 characters'),
});
export type WhatsAppSettings = z.infer<typeof whatsappSettingsSchema>;

/** Injected dependencies; all default to the real thing (the clock dates Retry-After). */
export type WhatsAppTransportOptions = ProviderCallOptions;

/** Graph error codes that mean "slow down and try again" (Graph and WhatsApp throughput limits). */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 80007, 130429, 131048, 131056]);
/** Graph error codes Meta documents as transient service errors. */
const SERVICE_ERROR_CODES: ReadonlySet<number> = new Set([1, 2, 131000, 131016]);
/** What to do next for the permanent codes operators meet most. */
const PERMANENT_HINTS: ReadonlyMap<number, string> = new Map([
  [131047, 're-engagement: more than 24 hours since the customer last wrote; only an approved template can be sent'],
  [131026, 'undeliverable: the number is not on WhatsApp, blocked the business or runs an old app'],
  [131030, 'the recipient is not in the allowed list of this test number'],
  [100, 'invalid parameter: check the template name, language and parameter count'],
  [190, 'access token expired or revoked: issue a new system-user token and update access_token'],
  [132001, 'template does not exist in this language: check the template name and language'],
]);

/**
 * A transport for one WhatsApp Business number. Not idempotent: the Cloud API takes no
 * idempotency key, so a resend after a lost answer can reach the customer twice.
 */
export function createWhatsAppTransport(settings: WhatsAppSettings, options: WhatsAppTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  const endpoint = `${settings.base_url.replace(/\/+$/, '')}/${settings.api_version}/${settings.phone_number_id}/messages`;

  return fetchTransport({ provider: 'whatsapp-cloud', channel: 'whatsapp', idempotent: false }, async (message) => {
    const headers = { authorization: `Bearer ${settings.access_token}`, 'content-type': 'application/json' };
    const reply = await call(endpoint, { headers, body: JSON.stringify(messageBody(message)), redirect: 'follow' });
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `WhatsApp Cloud API unreachable: ${reply.detail}`, retryAfterMs: null };
    return outcomeOf(reply, call.nowMs());
  });
}

function messageBody(message: OutgoingMessage): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.recipient };
  const template = message.template;
  if (template === null) return { ...base, type: 'text', text: { body: message.text, preview_url: false } };
  // A template without variables must not carry an empty parameter list: Meta counts it as a mismatch.
  const components = template.parameters.length === 0 ? undefined : [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }];
  return { ...base, type: 'template', template: { name: template.name, language: { code: template.language }, ...(components ? { components } : {}) } };
}

function outcomeOf(reply: AnsweredReply, nowMs: number): SendOutcome {
  const { status } = reply;
  const body = parseJson(reply.bodyText);
  if (status >= 200 && status < 300) {
    const id = messageIdOf(body);
    // A 2xx without a message id is not the Graph API (a proxy or a wrong base_url): retrying will not help.
    if (id === null) return { kind: 'permanent', reason: `WhatsApp Cloud API answered ${status} without messages[0].id: check base_url` };
    return { kind: 'sent', providerMessageId: id };
  }
  const error = graphErrorOf(body);
  const retryAfterMs = retryAfterOf(reply, nowMs);
  if (error === null) {
    if (status === 429 || status >= 500) return { kind: 'temporary', reason: `WhatsApp Cloud API answered ${status}`, retryAfterMs };
    return { kind: 'permanent', reason: `WhatsApp Cloud API answered ${status} without a Graph error body: check base_url and api_version` };
  }
  const described = describeGraphError(error);
  if (RATE_LIMIT_CODES.has(error.code) || status === 429) return { kind: 'temporary', reason: `WhatsApp rate limit: ${described}`, retryAfterMs };
  if (SERVICE_ERROR_CODES.has(error.code) || status >= 500) return { kind: 'temporary', reason: `WhatsApp service error: ${described}`, retryAfterMs };
  return { kind: 'permanent', reason: `WhatsApp refused the message: ${described}` };
}

interface GraphError {
  code: number;
  message: string;
  details: string | null;
  traceId: string | null;
}

function graphErrorOf(body: unknown): GraphError | null {
  const error = isRecord(body) ? body['error'] : undefined;
  if (!isRecord(error) || typeof error['code'] !== 'number') return null;
  const data = error['error_data'];
  return {
    code: error['code'],
    message: typeof error['message'] === 'string' ? error['message'] : 'no message',
    details: isRecord(data) && typeof data['details'] === 'string' ? data['details'] : null,
    traceId: typeof error['fbtrace_id'] === 'string' ? error['fbtrace_id'] : null,
  };
}

function describeGraphError(error: GraphError): string {
  const hint = PERMANENT_HINTS.get(error.code);
  const parts = [`code ${error.code}`, hint, error.message, error.details].filter((part): part is string => typeof part === 'string' && part !== '');
  return `${parts.join(': ')}${error.traceId === null ? '' : ` (fbtrace_id ${error.traceId})`}`;
}

function messageIdOf(body: unknown): string | null {
  const messages = isRecord(body) ? body['messages'] : undefined;
  const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
  return isRecord(first) && typeof first['id'] === 'string' && first['id'] !== '' ? first['id'] : null;
}
