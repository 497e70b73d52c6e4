// What the help desk clients share: one JSON call with a deadline and credentials, and the mapping
// of an API's answer to a HelpdeskOutcome (2xx ok; 429 with Retry-After, 408, 409 and 5xx
// temporary; other 4xx permanent; no answer temporary). Never throws.

import { z } from 'zod';
import { DEFAULT_PROVIDER_TIMEOUT_MS, isRecord, parseJson, providerCaller, retryAfterOf, type ProviderCallOptions } from '../channels/provider-http.ts';
import type { HelpdeskClient, HelpdeskOutcome } from '../../core/ports/helpdesk.ts';

/** Knobs for tests and unusual networks; production uses the defaults. */
export type HelpdeskClientOptions = ProviderCallOptions;

/** How long a help desk gets to answer one call before it counts as a temporary failure. */
export const DEFAULT_HELPDESK_TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_MS;

export type HelpdeskFailure = Extract<HelpdeskOutcome, { ok: false }>;
export type ApiResult = { ok: true; status: number; json: unknown } | HelpdeskFailure;

export interface HelpdeskApi {
  call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ApiResult>;
  /** A call whose answer's body does not matter: OK on 2xx, else the failure. */
  write(method: 'POST' | 'PUT', path: string, body: unknown): Promise<HelpdeskOutcome>;
}

export interface HelpdeskApiConfig {
  /** For the reasons: `Zendesk`, `Gorgias`, `Freshdesk`. */
  label: string;
  baseUrl: string;
  /** The whole `Authorization` header value. */
  authorization: string;
  /** The API's own words in an error body, or null to quote the body. */
  describeError(json: unknown): string | null;
}

export const OK: HelpdeskOutcome = Object.freeze({ ok: true });

export function permanent(reason: string): HelpdeskFailure {
  return { ok: false, temporary: false, reason, retryAfterMs: null };
}

/** Basic credentials, as all three help desks take them. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Ticket ids are integers at all three help desks; anything else never reaches a URL. */
export function checkTicketId(label: string, ticketId: string): HelpdeskFailure | null {
  return /^\d{1,20}$/.test(ticketId) ? null : permanent(`${label} ticket id must be digits (got ${JSON.stringify(ticketId.slice(0, 40))})`);
}

/** Plain text as the HTML body replies take: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>');
}

/** Which help desk, and how its accounts are addressed: `https://<name>.<suffix>`. */
export interface HelpdeskAccount<K extends string> {
  /** For the reasons: `Zendesk`, `Gorgias`, `Freshdesk`. */
  label: string;
  /** The setting that names the account: `subdomain` or `domain`. */
  key: K;
  /** `zendesk.com`. */
  suffix: string;
}

/**
 * The settings schema of a help desk account: `<key>` (`acme` or `acme.<suffix>`) or `base_url`
 * (a proxy, a custom domain, or tests), then the help desk's own credentials.
 */
export function helpdeskAccountSchema<K extends string, C extends z.ZodRawShape>(account: HelpdeskAccount<K>, credentials: C) {
  const { label, key, suffix } = account;
  const shape = {
    [key]: z.string().regex(new RegExp(`^[a-z0-9][a-z0-9-]*(\\.${suffix.replace(/\./g, '\\.')})?$`, 'i'), `must be the ${label} ${key}, e.g. acme for acme.${suffix}`).optional(),
    base_url: z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as https://acme.${suffix}` }).optional(),
    ...credentials,
  } as { [P in K]: z.ZodOptional<z.ZodString> } & { base_url: z.ZodOptional<z.ZodURL> } & C;
  const named = (settings: object) => (settings as Record<string, unknown>)[key] !== undefined || (settings as Record<string, unknown>)['base_url'] !== undefined;
  return z.strictObject(shape).refine(named, {
    message: `is required (or base_url): the ${label} account to call`,
    path: [key],
  });
}

/** The API of the account the settings name, called with `authorization`. */
export function createAccountApi<K extends string>(
  account: HelpdeskAccount<K>,
  settings: { [P in K]?: string | undefined } & { base_url?: string | undefined },
  authorization: string,
  describeError: HelpdeskApiConfig['describeError'],
  options: HelpdeskClientOptions,
): HelpdeskApi {
  return createHelpdeskApi({ label: account.label, baseUrl: resolveBaseUrl(settings.base_url, settings[account.key], account.suffix), authorization, describeError }, options);
}

/** `https://<name>.<suffix>` from "acme" or "acme.<suffix>", unless a base URL is given. */
export function resolveBaseUrl(baseUrl: string | undefined, name: string | undefined, suffix: string): string {
  if (baseUrl !== undefined) return baseUrl.replace(/\/+$/, '');
  const host = (name ?? '').toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return `https://${host.endsWith(`.${suffix}`) ? host : `${host}.${suffix}`}`;
}

export function createHelpdeskApi(config: HelpdeskApiConfig, options: HelpdeskClientOptions = {}): HelpdeskApi {
  const call = providerCaller(options);
  const api: HelpdeskApi = {
    async call(method, path, body) {
      const headers: Record<string, string> = { authorization: config.authorization, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      // Redirects are not followed: on a write API one means a wrong base URL, and following it would repeat the write elsewhere.
      const reply = await call(`${config.baseUrl}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
      if (reply.kind === 'unreachable') return { ok: false, temporary: true, reason: `${config.label} ${reply.reason}`, retryAfterMs: null };
      const json = parseJson(reply.bodyText);
      if (reply.status >= 200 && reply.status < 300) return { ok: true, status: reply.status, json };
      const words = config.describeError(json) ?? (reply.bodyText.trim().slice(0, 200) || 'no body');
      const reason = `${config.label} answered ${reply.status} to ${method} ${path}: ${words}`;
      if (reply.status === 429) return { ok: false, temporary: true, reason, retryAfterMs: retryAfterOf(reply, call.nowMs()) };
      if (reply.status === 408 || reply.status === 409 || reply.status >= 500) return { ok: false, temporary: true, reason, retryAfterMs: null };
      return permanent(reason);
    },
    async write(method, path, body) {
      const result = await api.call(method, path, body);
      return result.ok ? OK : result;
    },
  };
  return api;
}

/**
 * The client with what all three help desks check before any call: a ticket id that is not digits
 * never reaches a URL, and adding no tags is done without a call.
 */
export function guardedClient(label: string, client: HelpdeskClient): HelpdeskClient {
  return {
    provider: client.provider,
    reply: async (ticketId, text, options) => checkTicketId(label, ticketId) ?? client.reply(ticketId, text, options),
    note: async (ticketId, text) => checkTicketId(label, ticketId) ?? client.note(ticketId, text),
    tag: async (ticketId, tags) => checkTicketId(label, ticketId) ?? (tags.length === 0 ? OK : client.tag(ticketId, tags)),
  };
}

/** A field of a JSON object, when the value is one. */
export function field(json: unknown, key: string): unknown {
  return isRecord(json) ? json[key] : undefined;
}
