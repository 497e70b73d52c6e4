// The webhook route on the PostgreSQL store: retries applied once under real concurrency, Shopify
// fulfillment events moved onto their parcel, failures and unmapped codes counted in source health.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { postgresSkipReason, startPostgresServer } from '../support/postgres-server.ts';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';

const skip = postgresSkipReason() ?? false;
const PAYLOADS = new URL('../../../shared/fixtures/payloads/', import.meta.url);
const shared = (name: string) => (existsSync(new URL(name, PAYLOADS)) ? readFileSync(new URL(name, PAYLOADS)) : null);
const sign = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('base64');

let server: Awaited<ReturnType<typeof startPostgresServer>> | null = null;
let h: TestHerald | null = null;
before(async () => {
  if (skip) return;
  const started = await startPostgresServer('http-sources');
  if (!started) throw new Error('PostgreSQL did not start');
  server = started;
  h = await startTestHerald({ HERALD_DATABASE_URL: started.url });
});
after(async () => {
  await h?.close();
  await server?.stop();
});

test('PostgreSQL: 50 concurrent retries applied once; a fulfillment event lands on the real parcel; failures counted', { skip }, async (t) => {
  const created = shared('shopify_fulfillments_create_docs_sample.json');
  const scanned = shared('shopify_fulfillment_events_create_docs_sample.json');
  if (!created || !scanned) return t.skip('shared fixtures not found');
  const herald = h!;
  await herald.addSource('shopify', 'pg-secret');
  const headers = (body: Buffer, topic: string, id: string) => ({ 'x-shopify-hmac-sha256': sign('pg-secret', body), 'x-shopify-topic': topic, 'x-shopify-webhook-id': id });
  const answers = await Promise.all(Array.from({ length: 50 }, () => herald.webhook('shopify', 'default', created, headers(created, 'fulfillments/create', 'pg-ful-1'))));
  assert.ok(answers.every((a) => a.status === 200));
  const accepted = (await Promise.all(answers.map(async (a) => ((await a.json()) as { accepted: number }).accepted))).reduce((x, y) => x + y, 0);
  assert.equal(accepted, 1);
  assert.equal((await herald.webhook('shopify', 'default', scanned, headers(scanned, 'fulfillment_events/create', 'pg-ev-1'))).status, 200);
  const parcel = (await (await herald.request('/v1/shipments/any/1Z827WK74630')).json()) as { shipment: { state: string } };
  assert.equal(parcel.shipment.state, 'in_transit');
  assert.equal((await herald.webhook('shopify', 'default', created, { 'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-topic': 'fulfillments/create' })).status, 401);
  const broken = Buffer.from('{"id": ');
  assert.equal((await herald.webhook('shopify', 'default', broken, headers(broken, 'orders/create', 'pg-broken'))).status, 202);
  const health = (await (await herald.request('/v1/sources')).json()) as { sources: Record<string, unknown>[] };
  const shopify = health.sources.find((s) => s['source'] === 'shopify')!;
  assert.equal(shopify['events_last_24h'], 2);
  assert.equal(shopify['signature_failures_last_24h'], 1);
  assert.equal(shopify['parse_failures_last_24h'], 1);
  const list = (await (await herald.request('/v1/quarantine')).json()) as { quarantine: unknown[] };
  assert.equal(list.quarantine.length, 1);
});
