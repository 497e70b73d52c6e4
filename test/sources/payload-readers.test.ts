// The readers every adapter uses on untrusted values: time stamps with and without zones, exact
// refs, money, tags and deterministic event ids.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLocalPickup, splitTags, sumMoney } from '../../src/adapters/sources/order-facts.ts';
import { asDateOrInstant, asInstant, asMoney, asRef, eventId } from '../../src/adapters/sources/payload-readers.ts';

test('asInstant reads provider time stamps to UTC and refuses impossible ones', () => {
  const cases: [input: unknown, iso: string | null, assumedUtc?: boolean][] = [
    ['2021-12-31T19:00:00-05:00', '2022-01-01T00:00:00.000Z', false],
    ['2022-04-04T23:35:22Z', '2022-04-04T23:35:22.000Z', false],
    ['2024-08-02T19:26:52.123456Z', '2024-08-02T19:26:52.123Z', false],
    ['2021-05-13T13:04:00', '2021-05-13T13:04:00.000Z', true], // AfterShip carrier-local time
    ['2021-05-13 13:04', '2021-05-13T13:04:00.000Z', true],
    ['2026-11-18T08:12:44+0100', '2026-11-18T07:12:44.000Z', false],
    ['2026-11-18T08:12:44+01', '2026-11-18T07:12:44.000Z', false],
    ['2021-05-17', '2021-05-17T00:00:00.000Z', false],
    ['2021-02-30T00:00:00Z', null],
    ['2021-13-01', null],
    ['2021-05-13T24:00:00Z', null],
    ['2021-05-13T10:00:00+25:00', null],
    ['Tue, 1 Jun 2021 10:00:00 GMT', null],
    [1621242332, null],
    [null, null],
    ['', null],
  ];
  for (const [input, iso, assumedUtc] of cases) {
    const read = asInstant(input as never);
    assert.equal(read?.iso ?? null, iso, String(input));
    if (assumedUtc !== undefined) assert.equal(read?.assumedUtc, assumedUtc, String(input));
  }
  assert.equal(asDateOrInstant('2021-05-17'), '2021-05-17');
  assert.equal(asDateOrInstant('2024-08-05T00:00:00Z'), '2024-08-05T00:00:00.000Z');
});

test('asRef keeps ids exact and refuses numbers that already lost digits', () => {
  assert.equal(asRef('820982911946154508'), '820982911946154508');
  assert.equal(asRef(4812), '4812');
  assert.equal(asRef(' A-1 '), 'A-1');
  assert.equal(asRef(2 ** 60), null);
  assert.equal(asRef(1.5), null);
  assert.equal(asRef(''), null);
  assert.equal(asRef('x'.repeat(256)), null);
});

test('asMoney accepts decimal strings and finite numbers, nothing else', () => {
  assert.equal(asMoney('403.00'), '403.00');
  assert.equal(asMoney(16.764705882352942), '16.764706');
  assert.equal(asMoney(28), '28');
  assert.equal(asMoney('1,000.00'), undefined);
  assert.equal(asMoney(Number.POSITIVE_INFINITY), undefined);
  assert.equal(sumMoney(['10.00', '0.1', '0.2', undefined]), '10.30');
  assert.equal(sumMoney([undefined]), undefined);
});

test('tags keep their case and lose duplicates; local pickup is told from pickup points', () => {
  assert.deepEqual(splitTags('VIP, gift,VIP ,, wholesale'), ['VIP', 'gift', 'wholesale']);
  assert.deepEqual(splitTags(''), []);
  assert.equal(splitTags(null), undefined);
  assert.equal(isLocalPickup('Local Pickup'), true);
  assert.equal(isLocalPickup('Click & Collect'), true);
  assert.equal(isLocalPickup('In-store pick-up'), true);
  assert.equal(isLocalPickup('DHL Pickup Point'), false);
  assert.equal(isLocalPickup('Standard Shipping', undefined), false);
});

test('event ids are deterministic and at most 200 characters', () => {
  assert.equal(eventId('trk_1', '2024-07-31T15:00:00.000Z', 'pre_transit', null), 'trk_1:2024-07-31T15:00:00.000Z:pre_transit:');
  const long = eventId('x'.repeat(300));
  assert.match(long, /^sha256:[0-9a-f]{64}$/);
  assert.equal(long, eventId('x'.repeat(300)));
});
