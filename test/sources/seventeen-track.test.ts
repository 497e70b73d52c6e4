// 17TRACK: `sign` = sha256(<raw body>/<API key>) over the fixture bytes, and a delivered UPS parcel
// whose carrier events name a stage, or nothing (those get inferred codes, marked as such).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seventeenTrackAdapter } from '../../src/adapters/sources/seventeen-track.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import { flipByte, normalizeAll, request, sha256Hex, sharedFixture, states } from './helpers.ts';

const FIXTURE = '17track_v2_tracking_updated_delivered.json';
const KEY = 'test-api-key';
const VECTOR = 'd210583b3049b07644702c980660b053f65bf12af80c2b5770b6558b356056f4';

test('17TRACK: the fixture verifies byte-exact with its vector; tampering and wrong keys are refused', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  assert.equal(sha256Hex(body, `/${KEY}`), VECTOR);
  assert.deepEqual(seventeenTrackAdapter.verify(request(body, { sign: VECTOR }), { secret: KEY }), { ok: true });
  assert.deepEqual(seventeenTrackAdapter.verify(request(flipByte(body), { sign: VECTOR }), { secret: KEY }), {
    ok: false,
    reason: 'signature mismatch: check the 17TRACK API key (the security key of the webhook)',
  });
  assert.deepEqual(seventeenTrackAdapter.verify(request(body, {}), { secret: KEY }), { ok: false, reason: 'missing sign header' });
  assert.equal(seventeenTrackAdapter.verify(request(body, { sign: VECTOR }), { secret: 'test-api-kez' }).ok, false);
});

test('17TRACK TRACKING_UPDATED: delivered, with every carrier event in order', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const parsed = seventeenTrackAdapter.parse(request(body));
  assert.equal(parsed.topic, 'TRACKING_UPDATED');
  const events = normalizeAll(parsed.events);
  assert.deepEqual(states(events), ['label_created', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered', 'delivered']);
  assert.ok(events.every((item) => item.unmapped === null));
  const [, originScan] = events;
  assert.equal(originScan!.event.shipment?.message, 'Origin Scan');
  assert.equal(originScan!.event.attributes?.['status_inferred'], true);
  assert.deepEqual(originScan!.event.shipment?.location, { city: 'Ontario', region: 'CA', country: 'US', description: 'Ontario, CA, US' });
  const latest = events.at(-1)!.event;
  assert.equal(latest.occurred_at, '2022-04-04T23:35:22.000Z');
  assert.equal(latest.shipment?.carrier, 'ups');
  assert.deepEqual(latest.shipment?.provider_status, { provider: '17track', parent: 'Delivered', sub: 'Delivered_Other' });
  assert.equal(latest.attributes?.['carrier_code'], '3011');
  assert.equal(events[0]!.trackingNumber, '1Z2617V10397725789');
});

test('17TRACK: an uncoded scan after "out for delivery" keeps that status instead of moving back', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const extra = '{"time_utc": "2022-04-04T20:00:00Z", "description": "Delivery vehicle delayed", "location": "Crescent City, CA, US", "stage": null},';
  const text = body.toString('utf8').replace('"events": [', `"events": [${extra}`);
  const events = normalizeAll(seventeenTrackAdapter.parse(request(text)).events);
  assert.deepEqual(states(events), ['label_created', 'in_transit', 'in_transit', 'out_for_delivery', 'out_for_delivery', 'delivered', 'delivered']);
  assert.equal(events[4]!.event.attributes?.['status_inferred'], true);
});

test('17TRACK: an uncoded newest scan takes the tracker\'s latest status', (t) => {
  const body = sharedFixture(t, FIXTURE);
  if (body === undefined) return;
  const text = body.toString('utf8').replace('"stage": "Delivered"', '"stage": null');
  const events = normalizeAll(seventeenTrackAdapter.parse(request(text)).events);
  assert.deepEqual(states(events).slice(-2), ['delivered', 'delivered']);
  assert.equal(events.at(-2)!.event.attributes?.['status_inferred'], true);
});

test('17TRACK: TRACKING_STOPPED yields nothing; TRACKING_UPDATED without track_info is a parse error', () => {
  assert.deepEqual(seventeenTrackAdapter.parse(request('{"event":"TRACKING_STOPPED","data":{"number":"RR123456785CN","carrier":3011}}')).events, []);
  assert.throws(
    () => seventeenTrackAdapter.parse(request('{"event":"TRACKING_UPDATED","data":{"number":"RR123456785CN"}}')),
    (error: unknown) => error instanceof SourceParseError && error.field === 'data.track_info',
  );
});
