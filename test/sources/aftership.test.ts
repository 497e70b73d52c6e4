// AfterShip: HMAC vector over the raw fixture bytes, every checkpoint as its own event with ids
// that survive redelivery, and codes no table knows still parsed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aftershipAdapter } from '../../src/adapters/sources/aftership.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { flipByte, hmacBase64, normalizeAll, request, sharedFixture, states } from './helpers.ts';

const FIXTURE = 'aftership_tracking_update_intransit.json';
const SECRET = 'test-webhook-secret';
const VECTOR = 'A3rA+974/gzJGgnH2H/YigwMhasPpEIifzgTAzlDDx4=';

test('AfterShip: the fixture verifies byte-exact with its vector; tampering and wrong secrets are refused', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const headers = { 'aftership-hmac-sha256': VECTOR };
  assert.equal(hmacBase64(SECRET, body), VECTOR);
  assert.deepEqual(aftershipAdapter.verify(request(body, headers), { secret: SECRET }), { ok: true });
  assert.deepEqual(aftershipAdapter.verify(request(flipByte(body), headers), { secret: SECRET }), {
    ok: false,
    reason: 'signature mismatch: check the AfterShip webhook secret',
  });
  assert.deepEqual(aftershipAdapter.verify(request(body, {}), { secret: SECRET }), { ok: false, reason: 'missing aftership-hmac-sha256 header' });
  assert.equal(aftershipAdapter.verify(request(body, headers), { secret: 'test-webhook-secreT' }).ok, false);
});

test('AfterShip InTransit_003: seven checkpoints then the latest status, in_transit with the EDD', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const parsed = aftershipAdapter.parse(request(body));
  assert.equal(parsed.deliveryId, 'bca2a741-8613-4694-bfb4-2ceb0016ee4f');
  assert.equal(parsed.topic, 'tracking_update');
  const events = normalizeAll(parsed.events);
  assert.deepEqual(states(events), ['label_created', 'in_transit', 'in_transit', 'in_transit', 'in_transit', 'in_transit', 'in_transit', 'in_transit']);
  assert.ok(events.every((item) => item.unmapped === null));
  const first = events[0]!.event;
  assert.equal(first.occurred_at, '2021-05-13T13:04:00.000Z');
  assert.equal(first.shipment?.message, 'Shipping Label Created, USPS Awaiting Item');
  assert.deepEqual(first.shipment?.location, { city: 'BOCA RATON', region: 'FL', postal_code: '33487', country: 'USA', description: 'BOCA RATON, FL, 33487, USA, United States' });
  assert.deepEqual(first.shipment?.provider_status, { provider: 'aftership', parent: 'InfoReceived', sub: 'InfoReceived_001' });
  assert.equal(first.attributes?.['time_zone_assumed'], 'UTC');
  const latest = events.at(-1)!.event;
  assert.equal(latest.attributes?.['kind'], 'latest_status');
  assert.deepEqual(latest.shipment?.provider_status, { provider: 'aftership', parent: 'InTransit', sub: 'InTransit_003' });
  assert.equal(latest.occurred_at, '2021-05-17T03:45:00.000Z');
  assert.equal(latest.shipment?.estimated_delivery_at, '2021-05-17T00:00:00.000Z');
  assert.equal(latest.shipment?.carrier, 'usps');
  assert.equal(events[0]!.trackingNumber, '9405516902697649303570');
  assert.equal(new Set(events.map((item) => item.event.id)).size, events.length);
});

test('AfterShip: a redelivery, or the next webhook with the same history, repeats the same checkpoint ids', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const ids = (bytes: Buffer) => aftershipAdapter.parse(request(bytes)).events.map((event) => (event as { id: string }).id);
  const next = Buffer.from(body.toString('utf8').replace('bca2a741-8613-4694-bfb4-2ceb0016ee4f', 'f00dfeed-0000-4000-8000-000000000001'));
  assert.deepEqual(ids(body), ids(body));
  assert.deepEqual(ids(next), ids(body));
});

test('AfterShip: a subtag no table knows is still parsed and falls back to its parent in core', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const odd = Buffer.from(body.toString('utf8').replace('"subtag": "InTransit_003",\n    "subtag_message"', '"subtag": "InTransit_999",\n    "subtag_message"'));
  const latest = normalizeAll(aftershipAdapter.parse(request(odd)).events).at(-1)!;
  assert.equal(latest.event.shipment?.state, 'in_transit');
  assert.deepEqual(latest.unmapped, { provider: 'aftership', code: 'InTransit_999', match: 'sub_unmapped' });
});

test('AfterShip: events without a tracking yield nothing; a tracking_update without one is a parse error', () => {
  assert.deepEqual(aftershipAdapter.parse(request('{"event":"something_else","event_id":"e1"}')).events, []);
  assert.throws(() => aftershipAdapter.parse(request('{"event":"tracking_update","msg":null}')), SourceParseError);
  assert.throws(() => aftershipAdapter.parse(request('{"event":"tracking_update","msg":{"slug":"usps"}}')), (error: unknown) => error instanceof SourceParseError && error.field === 'msg.tracking_number');
});
