// Shared helpers of the source adapter tests: fixtures (the shared third-party payloads beside the
// repo, and Herald's own under ./fixtures), request building, signing and canonical checks.

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { eventInputSchema } from '../../src/core/events/event-input-schema.ts';
import { normalizeEvent, type NormalizedEvent } from '../../src/core/events/normalize-event.ts';
import type { SourceRequest } from '../../src/adapters/sources/source-adapter.ts';

// test/sources -> test -> repo -> the shared folder beside the repo.
export const PAYLOADS = new URL('../../../shared/fixtures/payloads/', import.meta.url);
const OWN_FIXTURES = new URL('./fixtures/', import.meta.url);

/** 2026-11-20T14:03:00Z: every request is received "now" unless a test says otherwise. */
export const NOW_MS = Date.UTC(2026, 10, 20, 14, 3, 0);

/** A shared third-party fixture's exact bytes, or undefined after skipping the test. */
export function sharedFixture(t: TestContext, name: string): Buffer | undefined {
  const file = new URL(name, PAYLOADS);
  if (!existsSync(file)) {
    t.skip(`fixture ${name} not found under ${PAYLOADS.pathname}`);
    return undefined;
  }
  return readFileSync(file);
}

export function ownFixture(name: string): Buffer {
  return readFileSync(new URL(name, OWN_FIXTURES));
}

export function request(body: Uint8Array | string, headers: Record<string, string> = {}, options: { url?: string; receivedAtMs?: number } = {}): SourceRequest {
  return {
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    headers,
    url: new URL(options.url ?? 'https://herald.example/v1/sources/test/acme'),
    receivedAtMs: options.receivedAtMs ?? NOW_MS,
  };
}

export function hmacBase64(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function hmacHex(secret: string | Buffer, ...parts: (string | Uint8Array)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

export function sha256Hex(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** The same bytes with one byte changed (at the middle unless told). */
export function flipByte(body: Uint8Array, index = Math.floor(body.length / 2)): Buffer {
  const copy = Buffer.from(body);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

/** Assert every event passes the canonical input schema, then normalize each as ingest would. */
export function normalizeAll(events: readonly unknown[]): NormalizedEvent[] {
  return events.map((event, index) => {
    const result = eventInputSchema.safeParse(event);
    assert.ok(result.success, `event ${index} fails the canonical schema: ${result.success ? '' : JSON.stringify(result.error.issues)}\n${JSON.stringify(event)}`);
    return normalizeEvent(result.data, { storeId: 'acme', defaultSource: 'test', receivedAt: new Date(NOW_MS).toISOString(), fallbackId: `fallback-${index}` });
  });
}

/** The parcel states of normalized events, in order. */
export function states(events: readonly NormalizedEvent[]): string[] {
  return events.map((item) => item.event.shipment?.state ?? '(none)');
}

/** A small seeded PRNG (mulberry32) so every fuzz run is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
