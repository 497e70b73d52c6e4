// A local stand-in for Twilio's Messages API (and the generic http-sms shape), so the SMS adapters
// are tested over real HTTP without the internet. It checks what Twilio checks (Basic auth, the
// account in the path, required form fields), answers in Twilio's JSON, records every request,
// and can be told to fail, throttle or hang for the next request or for one recipient.

import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countSmsSegments } from '../../src/core/channels/sms-segments.ts';

/** A scripted answer instead of the normal one. */
export type FakeSmsAnswer =
  /** An error status with the provider's error JSON: Twilio `{code, message, more_info, status}`. */
  | { kind: 'error'; status: number; code: number; message: string }
  /** 429 with this Retry-After header value. */
  | { kind: 'rate_limited'; retryAfter: string }
  /** Never answer; the connection is destroyed on `stop()`. */
  | { kind: 'hang' }
  /** Accept, but first run `before` with the new message's sid or id (a status callback, or a retry, that overtakes the answer). */
  | { kind: 'accept_after'; before: (sid: string) => Promise<void> }
  /** The error status (as `error`), but only after `before` has run: a failure answered late. */
  | { kind: 'error_after'; before: () => Promise<void>; status: number; code: number; message: string };

/** One request the fake received, as it arrived. */
export interface RecordedSmsRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** Form parameters (Twilio path) or the JSON body's string fields (http-sms path). */
  form: Record<string, string>;
  json: unknown;
  /** When the request's body had arrived (this machine's clock). */
  receivedAtMs: number;
}

export interface FakeSmsProviderOptions {
  accountSid?: string;
  authToken?: string;
  /** The header the http-sms path demands, e.g. `{ name: 'x-api-key', value: 'k' }`; none when unset. */
  httpSmsAuth?: { name: string; value: string };
}

export interface FakeSmsProvider {
  /** Origin to use as Twilio's `base_url`, e.g. `http://127.0.0.1:52110`. */
  url: string;
  /** URL of the generic http-sms endpoint. */
  httpSmsUrl: string;
  accountSid: string;
  authToken: string;
  requests: RecordedSmsRequest[];
  /** Answers the next request (FIFO) with `answer`; with `to`, every request for that recipient. */
  script(answer: FakeSmsAnswer, match?: { to: string }): void;
  /** POSTs a form-encoded status callback to `url`, signed as Twilio signs it. */
  sendStatusCallback(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

const HTTP_SMS_PATH = '/http-sms/messages';

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeSmsProvider(options: FakeSmsProviderOptions = {}): Promise<FakeSmsProvider> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const requests: RecordedSmsRequest[] = [];
  const nextAnswers: FakeSmsAnswer[] = [];
  const byRecipient = new Map<string, FakeSmsAnswer>();
  // Ids already handed out per Idempotency-Key, so a repeated http-sms POST gets the same id.
  const idempotent = new Map<string, string>();

  const server = createServer((req, res) => {
    void readBody(req).then((rawBody) => {
      const path = req.url ?? '/';
      const isJson = path === HTTP_SMS_PATH;
      const json = isJson ? safeJson(rawBody) : null;
      const form = isJson ? stringFields(json) : Object.fromEntries(new URLSearchParams(rawBody));
      requests.push({ method: req.method ?? '', path, headers: req.headers, rawBody, form, json, receivedAtMs: Date.now() });
      const to = form['To'] ?? form['to'];
      const scripted = (to !== undefined ? byRecipient.get(to) : undefined) ?? nextAnswers.shift();
      if (scripted?.kind === 'hang') return;
      if (isJson) answerHttpSms(req, res, form, scripted);
      else answerTwilio(req, res, path, form, scripted);
    }, () => res.destroy());
  });

  function answerTwilio(req: IncomingMessage, res: ServerResponse, path: string, form: Record<string, string>, scripted: FakeSmsAnswer | undefined): void {
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expectedAuth) return twilioError(res, 401, 20003, 'Authenticate');
    if (req.method !== 'POST' || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    }
    if (scripted?.kind === 'error') return twilioError(res, scripted.status, scripted.code, scripted.message);
    if (scripted?.kind === 'error_after') {
      void scripted.before().then(() => twilioError(res, scripted.status, scripted.code, scripted.message), () => res.destroy());
      return;
    }
    if (scripted?.kind === 'rate_limited') {
      res.setHeader('retry-after', scripted.retryAfter);
      return twilioError(res, 429, 20429, 'Too Many Requests');
    }
    const { To: to, From: from, MessagingServiceSid: service, Body: body } = form;
    if (to === undefined || to === '') return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if ((from ?? '') === '' && (service ?? '') === '') return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    if (body === undefined || body === '') return twilioError(res, 400, 21602, 'Message body is required.');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const answer = () => sendJson(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: service ?? null,
      num_media: '0',
      num_segments: String(countSmsSegments(body).segments),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
    if (scripted?.kind === 'accept_after') void scripted.before(sid).then(answer, () => res.destroy());
    else answer();
  }

  function answerHttpSms(req: IncomingMessage, res: ServerResponse, form: Record<string, string>, scripted: FakeSmsAnswer | undefined): void {
    const auth = options.httpSmsAuth;
    if (auth !== undefined && req.headers[auth.name.toLowerCase()] !== auth.value) return sendJson(res, 401, { error: { code: 'unauthorized', message: 'bad credentials' } });
    if (scripted?.kind === 'error') return sendJson(res, scripted.status, { error: { code: scripted.code, message: scripted.message } });
    if (scripted?.kind === 'error_after') {
      void scripted.before().then(() => sendJson(res, scripted.status, { error: { code: scripted.code, message: scripted.message } }), () => res.destroy());
      return;
    }
    if (scripted?.kind === 'rate_limited') {
      res.setHeader('retry-after', scripted.retryAfter);
      return sendJson(res, 429, { error: { code: 429, message: 'slow down' } });
    }
    if ((form['to'] ?? '') === '' || (form['text'] ?? '') === '') return sendJson(res, 422, { error: { code: 'invalid', message: 'to and text are required' } });
    const key = req.headers['idempotency-key'];
    const known = typeof key === 'string' ? idempotent.get(key) : undefined;
    const id = known ?? `msg_${randomBytes(8).toString('hex')}`;
    const answer = () => {
      if (typeof key === 'string') idempotent.set(key, id);
      sendJson(res, known === undefined ? 201 : 200, { message_id: id, status: 'accepted' });
    };
    if (scripted?.kind === 'accept_after') void scripted.before(id).then(answer, () => res.destroy());
    else answer();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    httpSmsUrl: `${url}${HTTP_SMS_PATH}`,
    accountSid,
    authToken,
    requests,
    script(answer, match) {
      if (match === undefined) nextAnswers.push(answer);
      else byRecipient.set(match.to, answer);
    },
    async sendStatusCallback(target, params) {
      const full = { AccountSid: accountSid, ApiVersion: '2010-04-01', ...params };
      // Computed here independently of the adapter under test, from Twilio's published scheme.
      const signed = target + Object.keys(full).sort().map((name) => name + full[name as keyof typeof full]).join('');
      const signature = createHmac('sha1', authToken).update(signed).digest('base64');
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(full).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging requests hold their sockets open; close() alone would wait for them forever.
        server.closeAllConnections();
      }),
  };
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function stringFields(json: unknown): Record<string, string> {
  if (typeof json !== 'object' || json === null) return {};
  return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
