// A stand-in for a provider's HTTP API on 127.0.0.1: each test file gives it a handler that checks
// the request the way the provider would and answers in the provider's wire format. Every request
// is recorded so tests can assert what left Herald.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingMessage } from '../../src/core/ports/channel.ts';

/** One request as the provider saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw bytes, as a signature check needs them. */
  body: Buffer;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** The provider's answer; an object body is sent as JSON. `hang` never answers (timeouts). */
export type ProviderReply = { status: number; headers?: Record<string, string>; body?: string | object } | { hang: true };

export interface ProviderServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, on a free port; stop it with `close()` in an `after` hook. */
export async function startProviderServer(handle: (request: ReceivedRequest) => ProviderReply): Promise<ProviderServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: parseJson(body) };
      requests.push(request);
      let reply: ProviderReply;
      try {
        reply = handle(request);
      } catch (error) {
        reply = { status: 599, body: `test handler failed: ${String(error)}` };
      }
      if ('hang' in reply) return;
      const text = typeof reply.body === 'object' ? JSON.stringify(reply.body) : (reply.body ?? '');
      const type = typeof reply.body === 'object' ? 'application/json; charset=UTF-8' : 'text/plain; charset=utf-8';
      res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests would keep close() waiting forever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A URL nothing listens on: a port that was bound, then released. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A rendered transactional message; tests override what they look at. */
export function outgoingMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    notificationId: 'ntf_01JD8X6Q4W2S9V3K7T5R1M0N8P',
    storeId: 'acme',
    channel: 'whatsapp',
    recipient: '+15551234567',
    subject: null,
    text: 'Your order #1042 is out for delivery today.',
    html: null,
    purpose: 'transactional',
    unsubscribeUrl: null,
    template: null,
    metadata: {},
    ...overrides,
  };
}
