// Retry-After as every HTTP channel transport and help desk client reads it: delay-seconds or an
// HTTP date (RFC 9110 §10.2.3), never anything looser. And the provider call itself, on node:http
// against a real local server.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseRetryAfterMs, providerCaller, retryAfterOf } from '../../src/adapters/channels/provider-http.ts';
import { unreachableUrl } from './provider-server.ts';

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2026-11-20T12:00:00Z');
  // [header, expected]
  const cases: [string | null, number | null][] = [
    ['7', 7000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Fri, 20 Nov 2026 12:01:30 GMT', 90_000],
    ['Fri, 20 Nov 2026 11:00:00 GMT', 0],
    ['7 days', null],
    ['2026', 2_026_000],
    ['20 Nov 2026 12:01:30 GMT', null],
    ['Friday, 20-Nov-26 12:01:30 GMT', 90_000],
    ['Fri Nov 20 12:01:30 2026', 90_000],
    ['-1', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} is ${String(expected)}`, () => {
      assert.equal(parseRetryAfterMs(header, nowMs), expected);
    });
  }
});

describe('providerCaller on node:http (no fetch given, redirects not followed)', () => {
  let server: Server;
  let base = '';
  const seen: { method: string; headers: Record<string, string | string[] | undefined>; body: string; socket: number }[] = [];
  const sockets = new Map<object, number>();
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
        seen.push({ method: req.method!, headers: req.headers, body: Buffer.concat(chunks).toString(), socket: sockets.get(req.socket)! });
        if (req.url === '/limited') res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"message":"slow down"}');
        else if (req.url === '/moved') res.writeHead(301, { location: `${base}/elsewhere` }).end();
        else if (req.url === '/stall') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('half of it');
        } else res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('sends the method, headers and body, reads status, headers and body, and keeps the socket for the next call', async () => {
    const call = providerCaller({});
    const first = await call(`${base}/send`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'To=%2B4915112345678&Body=h%C3%A9' });
    assert.deepEqual(first.kind === 'answered' ? [first.status, first.bodyText, first.headers.get('content-type')] : first, [201, '{"sid":"SM1"}', 'application/json']);
    const limited = await call(`${base}/limited`, { headers: {}, body: '{}' });
    assert.equal(limited.kind === 'answered' ? retryAfterOf(limited, 0) : null, 7_000);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.headers['user-agent'], 'Herald');
    assert.equal(seen[0]!.headers['content-length'], String(Buffer.byteLength('To=%2B4915112345678&Body=h%C3%A9')));
    assert.equal(seen[0]!.body, 'To=%2B4915112345678&Body=h%C3%A9');
    assert.equal(seen[1]!.socket, seen[0]!.socket, 'the second call reused the kept-alive socket');
  });

  test('a redirect is answered as it is, not followed', async () => {
    const reply = await providerCaller({})(`${base}/moved`, { headers: {} });
    assert.deepEqual(reply.kind === 'answered' ? [reply.status, reply.headers.get('location')] : reply, [301, `${base}/elsewhere`]);
    assert.ok(!seen.some((r) => r.method === 'GET'), 'nothing went to the new location');
  });

  test('an answer whose body stops halfway runs into the deadline (connect to last byte)', async () => {
    const reply = await providerCaller({ timeoutMs: 150 })(`${base}/stall`, { headers: {} });
    assert.deepEqual(reply, { kind: 'unreachable', reason: `at ${base} did not answer within 150 ms`, detail: 'no answer within 150 ms' });
  });

  test('a closed port is unreachable with the connection error named', async () => {
    const origin = await unreachableUrl();
    const reply = await providerCaller({})(`${origin}/send`, { headers: {} });
    assert.equal(reply.kind, 'unreachable');
    assert.match(reply.kind === 'unreachable' ? reply.reason : '', new RegExp(`^at ${origin} unreachable: connect ECONNREFUSED`));
  });
});
