import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCheckDigit, isValidChecksum } from './checksums.ts';
import type { ChecksumSpec } from './checksums.ts';

function mod10(evensMultiplier: number, oddsMultiplier: number, reverse = false): ChecksumSpec {
  return { algorithm: 'mod10', evensMultiplier, oddsMultiplier, reverse };
}

const UPS = mod10(1, 2);
const USPS = mod10(3, 1);
const USPS_REVERSED = mod10(3, 1, true);
const FEDEX_GROUND = mod10(1, 3);
const FEDEX_EXPRESS: ChecksumSpec = {
  algorithm: 'sum_product_with_weightings_and_modulo',
  weightings: [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
  modulo1: 11,
  modulo2: 10,
};
const S10: ChecksumSpec = { algorithm: 's10', weightings: [8, 6, 4, 2, 3, 5, 9, 7] };
const LUHN: ChecksumSpec = { algorithm: 'luhn' };
const MOD7: ChecksumSpec = { algorithm: 'mod7' };
const MOD_37_36: ChecksumSpec = { algorithm: 'mod_37_36' };

// [what it shows, spec, serial, expected check character]
const CHECK_DIGITS: readonly (readonly [string, ChecksumSpec, string, string])[] = [
  ['UPS 1Z: letters count as (ASCII-3)%10', UPS, '5R8939035756712', '7'],
  ['UPS 1Z: letters in the service code', UPS, 'XX3150YW4407002', '3'],
  ['UPS waybill: digits only', UPS, '150623562', '0'],
  ['OnTrac: the unprinted leading 4 is part of the serial', UPS, '41103150000187', '9'],
  ['USPS 20: weights 3,1 from the left', USPS, '0307179000052348374', '1'],
  ['USPS legacy: the 91 identifier is weighted too', USPS, '910112345678900000001', '3'],
  ['USPS IMpb N: weights 3,1 from the right', USPS_REVERSED, '940011120620640626078', '7'],
  ['FedEx Ground: weights 1,3', FEDEX_GROUND, '04144176022896', '4'],
  ['FedEx Express: 3,1,7 weights, mod 11 then mod 10', FEDEX_EXPRESS, '98657878885', '5'],
  ['FedEx Express: sum mod 11 of 10 becomes 0', FEDEX_EXPRESS, '97436766271', '0'],
  ['S10: the UPU example', S10, '12345678', '5'],
  ['S10: remainder 0 gives 5', S10, '10000002', '5'],
  ['S10: remainder 1 gives 0', S10, '10000014', '0'],
  ['Luhn: the textbook number', LUHN, '7992739871', '3'],
  ['Luhn: Purolator', LUHN, '32059546393', '8'],
  ['mod 7: DHL Express', MOD7, '331881002', '5'],
  ['mod 7: an 11-digit DHL Express number', MOD7, '7389105114', '6'],
  ['mod 7: long serials keep their precision', MOD7, '12345678901234567890123', '3'],
  ['MOD 37,36: a letter check character', MOD_37_36, '09980000020033', 'F'],
  ['MOD 37,36: a neighbouring serial', MOD_37_36, '09980000020034', 'D'],
  ['MOD 37,36: a check value of 36 wraps to 0', MOD_37_36, '09980000020049', '0'],
  // Doubles an intermediate 18 to exactly 36, which must stay 36 (textbook ISO 7064 agrees).
  ['MOD 37,36: doubling to 36 is not reduced', MOD_37_36, '09980000020048', '1'],
  ['MOD 37,36: DPD 28-character label', MOD_37_36, '008182709980000020033350276', 'C'],
];

for (const [behaviour, spec, serial, expected] of CHECK_DIGITS) {
  test(`computeCheckDigit: ${behaviour}`, () => {
    assert.equal(computeCheckDigit(spec, serial), expected);
    assert.equal(isValidChecksum(spec, serial, expected), true);
  });
}

test('isValidChecksum rejects every other check character', () => {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const [, spec, serial, expected] of CHECK_DIGITS) {
    for (const other of alphabet) {
      if (other !== expected) assert.equal(isValidChecksum(spec, serial, other), false, `${serial} ${other}`);
    }
  }
});

// Serials an algorithm has no check digit for: they yield null, never a throw or a guess.
const UNCHECKABLE: readonly (readonly [string, ChecksumSpec, string])[] = [
  ['mod10 with punctuation', UPS, '1234-5678'],
  ['mod10 with lowercase letters', UPS, 'abc123'],
  ['mod10 of nothing', USPS, ''],
  ['sum-product with a letter', FEDEX_EXPRESS, '9865787888A'],
  ['sum-product longer than its weightings', FEDEX_EXPRESS, '986578788855'],
  ['S10 with seven digits', S10, '1234567'],
  ['S10 with nine digits', S10, '123456789'],
  ['Luhn with a letter', LUHN, '79927A9871'],
  ['mod 7 with a space', MOD7, '3318 81002'],
  ['MOD 37,36 with lowercase', MOD_37_36, '0998000002003f'],
  ['MOD 37,36 of unicode digits', MOD_37_36, '٠٩٩٨'],
];

for (const [behaviour, spec, serial] of UNCHECKABLE) {
  test(`computeCheckDigit: ${behaviour} has no check digit`, () => {
    assert.equal(computeCheckDigit(spec, serial), null);
    assert.equal(isValidChecksum(spec, serial, '0'), false);
  });
}

test('Luhn and weight-1,3 mod 10 catch every single-digit substitution', () => {
  for (const [spec, serial] of [
    [LUHN, '7992739871'],
    [USPS, '0307179000052348374'],
    [FEDEX_GROUND, '04144176022896'],
  ] as const) {
    const original = computeCheckDigit(spec, serial);
    for (let position = 0; position < serial.length; position++) {
      for (const digit of '0123456789') {
        if (digit === serial[position]) continue;
        const changed = serial.slice(0, position) + digit + serial.slice(position + 1);
        assert.notEqual(computeCheckDigit(spec, changed), original, `${spec.algorithm} ${changed}`);
      }
    }
  }
});
