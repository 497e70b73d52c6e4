// What the help desk clients share: one JSON call with a deadline and credentials, and the mapping
// of an API's answer to a HelpdeskOutcome (2xx ok; 429 with Retry-After, 408, 409 and 5xx
// temporary; other 4xx permanent; no answer temporary). Never throws.

import { parseJson, parseRetryAfterMs } from '../channels/http-sms.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { HelpdeskOutcome } from '../../core/ports/helpdesk.ts';

/** Knobs for tests and unusual networks; production uses the defaults. */
export interface HelpdeskClientOptions {
  /** The fetch to call; the global one by default. */
  fetch?: typeof fetch;
  /** How long one call may take, connect to last byte. */
  timeoutMs?: number;
  /** Reads now, for Retry-After given as an HTTP date. */
  clock?: Clock;
}

/** How long a help desk gets to answer one call before it counts as a temporary failure. */
export const DEFAULT_HELPDESK_TIMEOUT_MS = 10_000;

export type HelpdeskFailure = Extract<HelpdeskOutcome, { ok: false }>;
export type ApiResult = { ok: true; status: number; json: unknown } | HelpdeskFailure;

export interface HelpdeskApi {
  call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ApiResult>;
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

/** `https://<name>.<suffix>` from "acme" or "acme.<suffix>", unless a base URL is given. */
export function resolveBaseUrl(baseUrl: string | undefined, name: string | undefined, suffix: string): string {
  if (baseUrl !== undefined) return baseUrl.replace(/\/+$/, '');
  const host = (name ?? '').toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return `https://${host.endsWith(`.${suffix}`) ? host : `${host}.${suffix}`}`;
}

export function createHelpdeskApi(config: HelpdeskApiConfig, options: HelpdeskClientOptions = {}): HelpdeskApi {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPDESK_TIMEOUT_MS;
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const origin = safeOrigin(config.baseUrl);
  return {
    async call(method, path, body) {
      let response: Response;
      let text: string;
      try {
        const headers: Record<string, string> = { authorization: config.authorization, accept: 'application/json', 'user-agent': 'Herald' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        // A redirect on a write API means a wrong base URL; following it would repeat the write elsewhere.
        response = await fetchFn(`${config.baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        return { ok: false, temporary: true, reason: `${config.label} at ${origin} ${networkProblem(error, timeoutMs)}`, retryAfterMs: null };
      }
      const json = parseJson(text);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, json };
      const words = config.describeError(json) ?? (text.trim().slice(0, 200) || 'no body');
      const reason = `${config.label} answered ${response.status} to ${method} ${path}: ${words}`;
      if (response.status === 429) return { ok: false, temporary: true, reason, retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after'), clock.nowMs()) };
      if (response.status === 408 || response.status === 409 || response.status >= 500) return { ok: false, temporary: true, reason, retryAfterMs: null };
      return permanent(reason);
    },
  };
}

/** A field of a JSON object, when the value is one. */
export function field(json: unknown, key: string): unknown {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)[key] : undefined;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function networkProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return `unreachable: ${cause ?? (error instanceof Error ? error.message : String(error))}`;
}
