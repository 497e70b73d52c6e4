// EasyPost: the client-library vector (NFKD secret, file bytes without the trailing newline),
// tracker events with their tracking details, and the fixture's placeholder tracking code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { easypostAdapter } from '../../src/adapters/sources/easypost.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { flipByte, normalizeAll, request, sharedFixture, states } from './helpers.ts';

const FIXTURE = 'easypost_tracker_updated_event.json';
const SECRET = 's\u00e9cret';
const VECTOR = 'hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527db';

/** The fixture file ends with a newline that was not part of the signed body. */
function signedBytes(file: Buffer): Buffer {
  assert.equal(file.at(-1), 0x0a, 'the fixture file is expected to end with a newline');
  return file.subarray(0, -1);
}

test('EasyPost: the fixture verifies with the published vector; NFD and NFC secrets both work', (t) => {
  const file = sharedFixture(t, FIXTURE);
  if (file === undefined) return;
  const body = signedBytes(file);
  const headers = { 'x-hmac-signature': VECTOR };
  assert.deepEqual(easypostAdapter.verify(request(body, headers), { secret: SECRET }), { ok: true });
  assert.deepEqual(easypostAdapter.verify(request(body, headers), { secret: SECRET.normalize('NFD') }), { ok: true });
  assert.equal(easypostAdapter.verify(request(file, headers), { secret: SECRET }).ok, false, 'the trailing newline is not signed');
});

test('EasyPost: tampering, a missing or malformed header and a wrong secret are refused', (t) => {
  const file = sharedFixture(t, FIXTURE);
  if (file === undefined) return;
  const body = signedBytes(file);
  const headers = { 'x-hmac-signature': VECTOR };
  assert.deepEqual(easypostAdapter.verify(request(flipByte(body), headers), { secret: SECRET }), {
    ok: false,
    reason: 'signature mismatch: check the EasyPost webhook secret',
  });
  assert.deepEqual(easypostAdapter.verify(request(body, {}), { secret: SECRET }), { ok: false, reason: 'missing X-Hmac-Signature header' });
  assert.equal(easypostAdapter.verify(request(body, { 'x-hmac-signature': VECTOR.slice('hmac-sha256-hex='.length) }), { secret: SECRET }).ok, false);
  assert.equal(easypostAdapter.verify(request(body, headers), { secret: 'secret' }).ok, false);
});

test('EasyPost: the docs fixture\'s one-character tracking code is refused by name (quarantine)', (t) => {
  const file = sharedFixture(t, FIXTURE);
  if (file === undefined) return;
  assert.throws(
    () => easypostAdapter.parse(request(signedBytes(file))),
    (error: unknown) => error instanceof SourceParseError && error.code === 'source_parse_failed' && error.field === 'result.tracking_code',
  );
});

test('EasyPost tracker.updated: in_transit with its seven tracking details and the EDD', (t) => {
  const file = sharedFixture(t, FIXTURE);
  if (file === undefined) return;
  const body = Buffer.from(signedBytes(file).toString('utf8').replace('"tracking_code":"1"', '"tracking_code":"770123456789"'));
  const parsed = easypostAdapter.parse(request(body));
  assert.equal(parsed.deliveryId, 'evt_1');
  assert.equal(parsed.topic, 'tracker.updated');
  const events = normalizeAll(parsed.events);
  assert.deepEqual(states(events), ['label_created', ...Array<string>(7).fill('in_transit')]);
  assert.ok(events.every((item) => item.unmapped === null));
  const pickedUp = events[1]!.event;
  assert.equal(pickedUp.occurred_at, '2024-07-31T19:27:00.000Z');
  assert.equal(pickedUp.shipment?.message, 'Picked up');
  assert.deepEqual(pickedUp.shipment?.location, { city: 'ORLANDO', region: 'FL', postal_code: '32809', country: 'US' });
  assert.equal(pickedUp.shipment?.carrier, 'fedex');
  const latest = events.at(-1)!.event;
  assert.equal(latest.attributes?.['kind'], 'latest_status');
  assert.equal(latest.occurred_at, '2024-08-02T18:50:00.000Z');
  assert.equal(latest.shipment?.estimated_delivery_at, '2024-08-05T00:00:00.000Z');
  assert.deepEqual(latest.shipment?.provider_status, { provider: 'easypost', parent: 'in_transit', sub: 'arrived_at_facility' });
});

test('EasyPost: a recorded test-mode tracker (pre_transit) reads as label created', (t) => {
  const tracker = sharedFixture(t, 'easypost_tracker_EZ1000000001_test_mode.json');
  if (tracker === undefined) return;
  const event = `{"id":"evt_test_1","object":"Event","description":"tracker.created","result":${tracker.toString('utf8')}}`;
  const events = normalizeAll(easypostAdapter.parse(request(event)).events);
  assert.equal(events.at(-1)!.event.shipment?.state, 'label_created');
  assert.equal(events[0]!.trackingNumber, 'EZ1000000001');
});

test('EasyPost: events other than tracker.* yield nothing', () => {
  const other = { id: 'evt_2', object: 'Event', description: 'batch.updated', result: { id: 'batch_1' } };
  assert.deepEqual(easypostAdapter.parse(request(JSON.stringify(other))), { deliveryId: 'evt_2', topic: 'batch.updated', events: [] });
});
