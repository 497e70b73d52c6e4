// What every HTTP channel transport (and the help desk clients) shares: one call to a provider
// with a deadline that never throws, the reading of its answer (JSON body, Retry-After), and the
// usual mapping of an HTTP status to a SendOutcome. The adapters keep only their own words.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ChannelTransport, SendOutcome } from '../../core/ports/channel.ts';
import type { Clock } from '../../core/ports/clock.ts';

/** Knobs for tests and unusual networks; production uses the defaults. */
export interface ProviderCallOptions {
  /**
   * The fetch to call. By default a call that does not follow redirects goes out on node:http
   * with kept-alive sockets (the send path of SMS providers: fetch costs several times as much
   * CPU per call), and one that follows them uses the global fetch.
   */
  fetch?: typeof fetch;
  /** How long one call may take, connect to last byte; a timeout is a temporary failure. */
  timeoutMs?: number;
  /** Reads now, for Retry-After given as an HTTP date. */
  clock?: Clock;
}

/** How long a provider gets to answer one call before it counts as a temporary failure. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/** One call: POST unless said otherwise; the caller adds `user-agent: Herald`. */
export interface ProviderRequest {
  method?: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string | null;
  /**
   * `manual` by default: a redirect on a send or write API means a wrong URL, and following it
   * would repeat the request elsewhere. The chat transports have always followed them.
   */
  redirect?: 'manual' | 'follow';
  /** False drops the answer's body unread (`bodyText` is then ''): only the status matters. */
  readBody?: boolean;
}

/**
 * A provider's HTTP answer, read to the end, or why there was none. An unreachable provider is
 * described twice, because the adapters have always worded it in one of two ways: `reason` names
 * the origin (`at https://x did not answer within 10000 ms`), `detail` does not (`no answer
 * within 10000 ms`, `connect ECONNREFUSED ...`, through fetch `fetch failed: connect ...`) for
 * URLs that carry a credential.
 */
export type ProviderReply =
  | { kind: 'answered'; status: number; headers: Headers; bodyText: string }
  | { kind: 'unreachable'; reason: string; detail: string };

export type AnsweredReply = Extract<ProviderReply, { kind: 'answered' }>;

/** Calls a provider with a deadline; every network failure becomes `unreachable`, never a throw. */
export interface ProviderCaller {
  (url: string, request: ProviderRequest): Promise<ProviderReply>;
  /** The clock's now, for Retry-After dates. */
  nowMs(): number;
}

/** Binds fetch, deadline and clock once per transport or client. */
export function providerCaller(options: ProviderCallOptions): ProviderCaller {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const viaFetch = async (fetchFn: typeof fetch, url: string, request: ProviderRequest): Promise<ProviderReply> => {
    const response = await fetchFn(url, {
      method: request.method ?? 'POST',
      headers: { 'user-agent': 'Herald', ...request.headers },
      body: request.body ?? null,
      redirect: request.redirect ?? 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    let bodyText = '';
    if (request.readBody === false) await response.body?.cancel();
    else bodyText = await response.text();
    return { kind: 'answered', status: response.status, headers: response.headers, bodyText };
  };
  const call = async (url: string, request: ProviderRequest): Promise<ProviderReply> => {
    try {
      if (options.fetch) return await viaFetch(options.fetch, url, request);
      if (request.redirect === 'follow') return await viaFetch(fetch, url, request);
      return await viaNodeHttp(url, request, timeoutMs);
    } catch (error) {
      return { kind: 'unreachable', reason: describeNetworkError(error, url, timeoutMs), detail: describeFetchError(error, timeoutMs) };
    }
  };
  return Object.assign(call, { nowMs: () => clock.nowMs() });
}

// One pool per scheme for every provider call in the process, as global fetch has. An idle
// socket is closed after 4 s (as fetch does): servers drop quiet connections, and a POST sent on
// one they dropped fails instead of being retried.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });

/** A deadline passed: named as fetch names it, so both paths are described alike. */
class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** One call on node:http(s), redirects not followed; rejects on a network failure or the deadline (connect to last byte). */
function viaNodeHttp(url: string, request: ProviderRequest, timeoutMs: number): Promise<ProviderReply> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new TypeError(`unsupported protocol ${target.protocol}`));
  const body = request.body ?? null;
  const headers: Record<string, string> = { 'user-agent': 'Herald', ...request.headers };
  if (body !== null) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<ProviderReply>((resolve, reject) => {
    const send = secure ? httpsRequest : httpRequest;
    const req = send(target, { method: request.method ?? 'POST', headers, agent: secure ? httpsAgent : httpAgent });
    // Settled once: after a deadline the destroyed request reports its error too.
    let settled = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(error);
    };
    const timer = setTimeout(() => {
      const late = new TimeoutError(`no answer within ${timeoutMs} ms`);
      req.destroy(late);
      fail(late);
    }, timeoutMs);
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      res.on('error', fail);
      const chunks: Buffer[] = [];
      if (request.readBody === false) res.resume();
      else res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        if (settled) return;
        try {
          const reply: ProviderReply = { kind: 'answered', status: res.statusCode ?? 0, headers: headersOf(res), bodyText: Buffer.concat(chunks).toString('utf8') };
          settled = true;
          resolve(reply);
        } catch (error) {
          // A header Headers refuses (Node's parser is more lenient): no answer that can be read.
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.end(body ?? undefined);
  });
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

/**
 * A transport that calls its provider through `providerCaller`: its sockets are pooled per
 * process, so nothing is held per transport and `close` has nothing to release.
 */
export function fetchTransport(identity: Pick<ChannelTransport, 'provider' | 'channel' | 'idempotent'>, send: ChannelTransport['send']): ChannelTransport {
  return { ...identity, send, close: async () => {} };
}

/** The reasons for each class of answer; `rateLimited` and `unavailable` fall back to `error`. */
export interface ReplyWords {
  providerMessageId: string | null;
  /** Why the provider refused (any status but 2xx). */
  error: string;
  /** For 429, when it deserves its own words. */
  rateLimited?: string;
  /** For 408 and 5xx, when they deserve their own words. */
  unavailable?: string;
}

/**
 * Maps an HTTP status to a SendOutcome: 2xx sent; 429 (after Retry-After), 408 and 5xx temporary;
 * any other status permanent, since resending the same request will get the same refusal.
 */
export function outcomeOfReply(reply: AnsweredReply, nowMs: number, words: ReplyWords): SendOutcome {
  const { status } = reply;
  if (status >= 200 && status < 300) return { kind: 'sent', providerMessageId: words.providerMessageId };
  if (status === 429) return { kind: 'temporary', reason: words.rateLimited ?? words.error, retryAfterMs: retryAfterOf(reply, nowMs) };
  if (status === 408 || status >= 500) return { kind: 'temporary', reason: words.unavailable ?? words.error, retryAfterMs: null };
  return { kind: 'permanent', reason: words.error };
}

/** The answer's Retry-After header in ms from `nowMs` (see `parseRetryAfterMs`). */
export function retryAfterOf(reply: AnsweredReply, nowMs: number): number | null {
  return parseRetryAfterMs(reply.headers.get('retry-after'), nowMs);
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

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a fetch failed, without its URL: the deadline, or the error and its cause. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
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
