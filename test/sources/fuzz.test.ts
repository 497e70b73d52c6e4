// Fuzz every adapter: random bytes and single-byte mutations of a valid payload. parse() may only
// throw SourceParseError, and whatever it returns must pass the canonical schema; verify() never
// throws. Seeded, so a failure names a reproducible case.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { SOURCE_ADAPTERS } from '../../src/adapters/sources/index.ts';
import type { SourceAdapter, SourceName } from '../../src/adapters/sources/source-adapter.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { eventInputSchema } from '../../src/core/events/event-input-schema.ts';
import { ownFixture, PAYLOADS, request, seededRandom } from './helpers.ts';

const RUNS = 2000;

interface Case {
  body: Buffer;
  headers: Record<string, string>;
}

function shared(name: string, patch?: (text: string) => string): Buffer | null {
  const file = new URL(name, PAYLOADS);
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  return patch ? Buffer.from(patch(bytes.toString('utf8'))) : bytes;
}

const SEEDS: Record<SourceName, () => Case[]> = {
  shopify: () => [
    { body: ownFixture('shopify-orders-create-vip-pickup.json'), headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'w1' } },
    ...optional(shared('shopify_orders_cancelled_test_webhook.raw.json'), { 'x-shopify-topic': 'orders/cancelled' }),
    ...optional(shared('shopify_fulfillments_create_docs_sample.json'), { 'x-shopify-topic': 'fulfillments/create' }),
    ...optional(shared('shopify_fulfillment_events_create_docs_sample.json'), { 'x-shopify-topic': 'fulfillment_events/create' }),
    { body: Buffer.from('{"id":1,"order_id":820982911946154508,"created_at":"2026-01-02T03:04:05Z","transactions":[{"kind":"refund","status":"success","amount":"5.00","currency":"USD"}]}'), headers: { 'x-shopify-topic': 'refunds/create' } },
  ],
  woocommerce: () => [{ body: ownFixture('woocommerce-order-updated-tracking.json'), headers: { 'x-wc-webhook-topic': 'order.created' } }],
  aftership: () => optional(shared('aftership_tracking_update_intransit.json'), {}),
  easypost: () => optional(shared('easypost_tracker_updated_event.json', (text) => text.replace('"tracking_code":"1"', '"tracking_code":"770123456789"')), {}),
  shippo: () => [{ body: ownFixture('shippo-track-updated-address-issue.json'), headers: {} }, ...optional(shared('shippo_track_updated_docs_example.json'), {})],
  '17track': () => optional(shared('17track_v2_tracking_updated_delivered.json'), {}),
  gorgias: () => [{ body: ownFixture('gorgias-ticket-message-created.json'), headers: {} }, { body: ownFixture('gorgias-ticket-created-api-objects.json'), headers: {} }],
  zendesk: () => [{ body: ownFixture('zendesk-comment-created.json'), headers: {} }, { body: ownFixture('zendesk-ticket-created.json'), headers: {} }],
  freshdesk: () => [{ body: ownFixture('freshdesk-ticket-created.json'), headers: {} }, { body: ownFixture('freshdesk-reply-simple.json'), headers: {} }],
  helpdesk: () => [{ body: ownFixture('helpdesk-message.json'), headers: {} }],
};

function optional(body: Buffer | null, headers: Record<string, string>): Case[] {
  return body === null ? [] : [{ body, headers }];
}

/** parse() returns schema-valid events or throws SourceParseError; anything else fails the test. */
function checkParse(adapter: SourceAdapter, body: Buffer, headers: Record<string, string>, label: string): 'parsed' | 'refused' {
  let events: unknown[];
  try {
    events = adapter.parse(request(body, headers)).events;
  } catch (error) {
    if (error instanceof SourceParseError) return 'refused';
    assert.fail(`${label}: parse threw ${String(error)}\nbody (base64): ${body.toString('base64').slice(0, 2000)}`);
  }
  for (const event of events) {
    const result = eventInputSchema.safeParse(event);
    if (!result.success) assert.fail(`${label}: event fails the schema: ${JSON.stringify(result.error.issues)}\n${JSON.stringify(event)}`);
  }
  return 'parsed';
}

function fuzz(t: TestContext, name: SourceName, seed: number): void {
  const adapter = SOURCE_ADAPTERS[name];
  const cases = SEEDS[name]();
  if (cases.length === 0) {
    t.skip('no fixture available');
    return;
  }
  const random = seededRandom(seed);
  for (let run = 0; run < RUNS; run += 1) {
    const { headers } = cases[run % cases.length]!;
    const noise = Buffer.from(Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256)));
    if (random() < 0.3) noise[0] = 0x7b; // '{': start like JSON now and then
    checkParse(adapter, noise, headers, `${name} random #${run}`);
    const verified = adapter.verify(request(noise, { ...headers, ...randomSignatureHeaders(random) }), { secret: 's' });
    assert.equal(typeof verified.ok, 'boolean');
  }
  const counts = { parsed: 0, refused: 0 };
  for (let run = 0; run < RUNS; run += 1) {
    const { body, headers } = cases[run % cases.length]!;
    const mutated = Buffer.from(body);
    const index = Math.floor(random() * mutated.length);
    // Half the time a printable ASCII byte, which keeps the JSON readable more often and so
    // reaches the mapping code; otherwise any other byte value.
    const printable = 0x20 + Math.floor(random() * 95);
    mutated[index] = random() < 0.5 && printable !== mutated[index] ? printable : (mutated[index]! + 1 + Math.floor(random() * 255)) % 256;
    counts[checkParse(adapter, mutated, headers, `${name} mutation #${run} at byte ${index}`)] += 1;
  }
  t.diagnostic(`${name}: ${counts.parsed} mutations parsed, ${counts.refused} refused with SourceParseError`);
  // Enough mutations still parse that the fuzz reaches the mapping code, not only the JSON reader.
  assert.ok(counts.parsed > RUNS / 5, `${name}: only ${counts.parsed} of ${RUNS} mutations parsed`);
}

function randomSignatureHeaders(random: () => number): Record<string, string> {
  const values = ['', 'x', 'hmac-sha256-hex=zz', 't=1,v1=00', 't=99999999999999,v1=ab', '====', 'AAAA', 'a'.repeat(2000)];
  const value = () => values[Math.floor(random() * values.length)]!;
  return {
    'x-shopify-hmac-sha256': value(),
    'x-wc-webhook-signature': value(),
    'aftership-hmac-sha256': value(),
    'x-hmac-signature': value(),
    'shippo-auth-signature': value(),
    sign: value(),
  };
}

for (const [index, name] of (Object.keys(SEEDS) as SourceName[]).entries()) {
  test(`fuzz ${name}: ${RUNS} random byte strings and ${RUNS} single-byte mutations only ever yield SourceParseError or valid events`, (t) => {
    fuzz(t, name, 0x1000 + index);
  });
}
