// Shippo: URL token and timestamped HMAC (`t=..,v1=..` over "<t>.<body>"), the stale-timestamp
// refusal, and Track payloads: the docs example, a real 2016 history and Herald's own fixture.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHIPPO_SIGNATURE_TOLERANCE_MS, shippoAdapter } from '../../src/adapters/sources/shippo.ts';
import { flipByte, hmacHex, normalizeAll, NOW_MS, ownFixture, request, sharedFixture, states } from './helpers.ts';

const SECRET = 'shippo-hmac-secret-Zr81';
const TOKEN = 'b7c0f2d9e1a64c3f';
const OWN = 'shippo-track-updated-address-issue.json';

function signature(body: Uint8Array, signedAtMs = NOW_MS, secret = SECRET): string {
  const t = String(Math.floor(signedAtMs / 1000));
  return `t=${t},v1=${hmacHex(secret, `${t}.`, body)}`;
}

test('Shippo: a fresh Shippo-Auth-Signature verifies; a changed byte or wrong secret is refused', () => {
  const body = ownFixture(OWN);
  const headers = { 'shippo-auth-signature': signature(body) };
  assert.deepEqual(shippoAdapter.verify(request(body, headers), { secret: SECRET }), { ok: true });
  assert.deepEqual(shippoAdapter.verify(request(flipByte(body), headers), { secret: SECRET }), {
    ok: false,
    reason: 'signature mismatch: check the Shippo webhook HMAC secret',
  });
  assert.equal(shippoAdapter.verify(request(body, { 'shippo-auth-signature': signature(body, NOW_MS, 'other') }), { secret: SECRET }).ok, false);
  assert.equal(shippoAdapter.verify(request(body, { 'shippo-auth-signature': 'v1=abcd' }), { secret: SECRET }).ok, false);
});

test('Shippo: a signature older or newer than the tolerance is refused as stale', () => {
  const body = ownFixture(OWN);
  const stale = { 'shippo-auth-signature': signature(body, NOW_MS - SHIPPO_SIGNATURE_TOLERANCE_MS - 1000) };
  const result = shippoAdapter.verify(request(body, stale), { secret: SECRET });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /^stale Shippo-Auth-Signature timestamp/);
  const future = { 'shippo-auth-signature': signature(body, NOW_MS + SHIPPO_SIGNATURE_TOLERANCE_MS + 1000) };
  assert.equal(shippoAdapter.verify(request(body, future), { secret: SECRET }).ok, false);
  const edge = { 'shippo-auth-signature': signature(body, NOW_MS - SHIPPO_SIGNATURE_TOLERANCE_MS + 1000) };
  assert.deepEqual(shippoAdapter.verify(request(body, edge), { secret: SECRET }), { ok: true });
});

test('Shippo: the URL token authenticates alone, in constant time; a wrong or missing one is refused', (t) => {
  const body = sharedFixture(t, 'shippo_track_updated_docs_example.json');
  if (body === undefined) return;
  const url = (token: string) => ({ url: `https://herald.example/v1/sources/shippo/acme?token=${token}` });
  assert.deepEqual(shippoAdapter.verify(request(body, {}, url(TOKEN)), { secret: TOKEN }), { ok: true });
  assert.deepEqual(shippoAdapter.verify(request(body, {}, url(TOKEN)), { secret: SECRET, urlToken: TOKEN }), { ok: true });
  assert.deepEqual(shippoAdapter.verify(request(body, {}, url('guess')), { secret: TOKEN }), {
    ok: false,
    reason: 'token mismatch: check the ?token= of the Shippo webhook URL',
  });
  assert.equal(shippoAdapter.verify(request(body, {}), { secret: TOKEN }).ok, false, 'neither token nor signature');
  // Both present: both must pass.
  const signed = { 'shippo-auth-signature': signature(body) };
  assert.deepEqual(shippoAdapter.verify(request(body, signed, url(TOKEN)), { secret: SECRET, urlToken: TOKEN }), { ok: true });
  assert.equal(shippoAdapter.verify(request(body, signed, url('guess')), { secret: SECRET, urlToken: TOKEN }).ok, false);
});

test('Shippo docs example: DELIVERED with a restating sub-code stays delivered, with the ETA', (t) => {
  const body = sharedFixture(t, 'shippo_track_updated_docs_example.json');
  if (body === undefined) return;
  const parsed = shippoAdapter.parse(request(body));
  assert.equal(parsed.topic, 'track_updated');
  const events = normalizeAll(parsed.events);
  assert.deepEqual(states(events), ['delivered', 'delivered']);
  const latest = events.at(-1)!.event;
  assert.equal(latest.shipment?.estimated_delivery_at, '2019-08-24T14:15:22.000Z');
  assert.equal(latest.attributes?.['test'], true);
  assert.equal(latest.attributes?.['metadata'], 'Order 000123');
});

test('Shippo own fixture: TRANSIT + address_issue is an exception the recipient must fix', () => {
  const events = normalizeAll(shippoAdapter.parse(request(ownFixture(OWN))).events);
  assert.deepEqual(states(events), ['label_created', 'in_transit', 'exception', 'exception']);
  const latest = events.at(-1)!.event;
  assert.equal(latest.shipment?.reason, 'address_issue');
  assert.equal(latest.occurred_at, '2026-11-20T08:52:00.000Z');
  assert.equal(latest.attributes?.['action_required'], true);
  assert.deepEqual(latest.shipment?.location, { city: 'Denver', region: 'CO', postal_code: '80216', country: 'US' });
});

test('Shippo: a real USPS history (2016, before sub-statuses) becomes one event per scan', (t) => {
  const track = sharedFixture(t, 'shippo_track_get_usps_delivered_2017.json');
  if (track === undefined) return;
  const body = `{"event":"track_updated","test":false,"data":${track.toString('utf8')}}`;
  const events = normalizeAll(shippoAdapter.parse(request(body)).events);
  assert.equal(states(events)[0], 'pending');
  assert.equal(states(events).at(-1), 'delivered');
  assert.ok(events.length > 5);
  assert.ok(events.every((item) => item.unmapped === null));
});
