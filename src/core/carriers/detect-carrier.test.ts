import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  AMBIGUITY_MARGIN,
  CANDIDATE_CONFIDENCE,
  MAX_TRACKING_NUMBER_LENGTH,
  detectCarrier,
  normalizeTrackingNumber,
} from './detect-carrier.ts';
import type { CarrierCandidate, CarrierDetection } from './detect-carrier.ts';
import { TRACKING_FORMATS } from './tracking-formats.ts';

const FORMAT_IDS = new Set(TRACKING_FORMATS.map((format) => format.id));

/** Invariants every detection keeps, whatever the input. */
function assertWellFormed(detection: CarrierDetection): void {
  const { candidates, best } = detection;
  assert.equal(best, candidates[0] ?? null);
  for (const [index, candidate] of candidates.entries()) {
    assert.ok(FORMAT_IDS.has(candidate.formatId), candidate.formatId);
    assert.ok(candidate.confidence > 0 && candidate.confidence <= 1);
    assert.match(candidate.carrier, /^[a-z][a-z0-9_]*$/);
    const previous = candidates[index - 1];
    if (previous !== undefined) assert.ok(previous.confidence >= candidate.confidence, 'sorted');
  }
  if (candidates.length < 2) assert.equal(detection.ambiguous, false);
}

// ---------------------------------------------------------------------------------------------
// (a) Conformance with the reference data, when ../shared holds a copy of it.

const REFERENCE_DIR = new URL('../../../../shared/reference/tracking_number_data/', import.meta.url);

// Herald's id for each reference format whose id differs or is missing.
const RENAMED_REFERENCE_IDS: Readonly<Record<string, string>> = { ups: 'ups_1z' };
const UNNAMED_REFERENCE_FORMATS: Readonly<Record<string, string>> = {
  'UPS Waybill': 'ups_waybill',
  'LaserShip 1LS7 (18)': 'lasership_1ls7_18',
  'Old Dominion': 'old_dominion',
  'Old Dominion Guaranteed Shipment': 'old_dominion_guaranteed',
};
// S10 numbers belong to the issuing country's operator, as the brief names them.
const S10_OPERATOR_CODES: Readonly<Record<string, string>> = {
  GB: 'royal_mail',
  US: 'usps',
  CA: 'canada_post',
  DE: 'deutsche_post',
  FR: 'la_poste',
};

interface ReferenceFormat {
  id?: string;
  name: string;
  validation?: { checksum?: { name: string } };
  test_numbers: { valid: string[]; invalid: string[] };
}

function expectedCarrier(courierCode: string, trackingNumber: string): string {
  if (courierCode !== 's10') return courierCode;
  const country = normalizeTrackingNumber(trackingNumber).slice(-2);
  return S10_OPERATOR_CODES[country] ?? `post_${country.toLowerCase()}`;
}

test('reference data: every valid number yields its format, every invalid one does not', async (t) => {
  const directory = fileURLToPath(REFERENCE_DIR);
  if (!existsSync(directory)) {
    t.skip(`reference data not found at ${directory}`);
    return;
  }
  let validCount = 0;
  let invalidCount = 0;
  const coveredFormats = new Set<string>();
  const files = readdirSync(directory).filter((file) => file.endsWith('.json') && file !== 'glossary.json');
  for (const file of files) {
    const courier = JSON.parse(readFileSync(new URL(file, REFERENCE_DIR), 'utf8')) as {
      courier_code: string;
      tracking_numbers: ReferenceFormat[];
    };
    for (const reference of courier.tracking_numbers) {
      const formatId =
        reference.id === undefined
          ? UNNAMED_REFERENCE_FORMATS[reference.name]
          : (RENAMED_REFERENCE_IDS[reference.id] ?? reference.id);
      await t.test(`${file}: ${reference.name}`, () => {
        assert.ok(formatId !== undefined && FORMAT_IDS.has(formatId), `no format for ${reference.name}`);
        coveredFormats.add(formatId);
        const hasChecksum = reference.validation?.checksum !== undefined;
        for (const number of reference.test_numbers.valid) {
          const detection = detectCarrier(number);
          assertWellFormed(detection);
          const candidate: CarrierCandidate | undefined = detection.candidates.find(
            (c) => c.formatId === formatId,
          );
          assert.ok(candidate, `${JSON.stringify(number)} should match ${formatId}`);
          assert.equal(candidate.carrier, expectedCarrier(courier.courier_code, number), number);
          assert.equal(candidate.checksum, hasChecksum ? 'valid' : 'none', number);
          validCount++;
        }
        for (const number of reference.test_numbers.invalid) {
          const detection = detectCarrier(number);
          assertWellFormed(detection);
          assert.ok(
            !detection.candidates.some((c) => c.formatId === formatId),
            `${JSON.stringify(number)} must not match ${formatId}`,
          );
          invalidCount++;
        }
      });
    }
  }
  // The snapshot described in its PROVENANCE.md: a smaller count means the loop read too little.
  assert.equal(validCount, 192);
  assert.equal(invalidCount, 88);
  assert.deepEqual([...FORMAT_IDS].filter((id) => !coveredFormats.has(id)), []);
});

// ---------------------------------------------------------------------------------------------
// (b) Herald's own examples: run without ../shared. Each valid number is followed by a copy with
// one character changed (the check digit, or the prefix where there is none) that must not match.

const EXAMPLES: readonly (readonly [
  valid: string,
  carrier: string,
  formatId: string,
  checksum: 'valid' | 'none',
  invalid: string,
])[] = [
  ['1Z5R89390357567127', 'ups', 'ups_1z', 'valid', '1Z5R89390357567128'],
  ['1zh4k7q2 0300 4213 77', 'ups', 'ups_1z', 'valid', '1ZH4K7Q20300421376'],
  ['J2045188732', 'ups', 'ups_waybill', 'valid', 'J2045188733'],
  ['986578788855', 'fedex', 'fedex_12', 'valid', '986578788856'],
  ['6123 4509 8768', 'fedex', 'fedex_12', 'valid', '612345098767'],
  ['612999912345677', 'fedex', 'fedex_ground', 'valid', '612999912345678'],
  ['9612019123456776543218', 'fedex', 'fedex_ground_96', 'valid', '9612019123456776543219'],
  ['1001921334250009410712345678901230', 'fedex', 'fedex_34', 'valid', '1001921334250009410712345678901231'],
  ['9400191234567812345679', 'usps', 'usps_impb_n', 'valid', '9400191234567812345670'],
  ['420941079400191234567812345679', 'usps', 'usps_impb_n', 'valid', '420941079400191234567812345678'],
  ['9205 5901 2345 6712 3456 70', 'usps', 'usps_impb_c', 'valid', '9205590123456712345671'],
  ['420331019205590123456712345670', 'usps', 'usps_impb_c', 'valid', '420331019205590123456712345672'],
  ['03123456789123456786', 'usps', 'usps_20', 'valid', '03123456789123456787'],
  ['9121123456789000000420', 'usps', 'usps_legacy', 'valid', '9121123456789000000421'],
  ['6048573926', 'dhl', 'dhl_express', 'valid', '6048573927'],
  ['GM295117494011169042', 'dhl', 'dhl_ecommerce', 'none', 'GS295117494011169042'],
  ['EE471108151GB', 'royal_mail', 's10', 'valid', 'EE471108152GB'],
  ['EE 471 108 151 US', 'usps', 's10', 'valid', 'EE471108153US'],
  ['EE471108151DE', 'deutsche_post', 's10', 'valid', 'EE471108150DE'],
  ['EE471108151FR', 'la_poste', 's10', 'valid', 'EE471108154FR'],
  ['EE471108151CA', 'canada_post', 's10', 'valid', 'EE471108155CA'],
  ['EE471108151JP', 'post_jp', 's10', 'valid', 'EE471108151XX'],
  ['7023210039414604', 'canada_post', 'canada_post', 'valid', '7023210039414605'],
  ['015057001234567890123101276H', 'dpd', 'dpd', 'valid', '015057001234567890123101276G'],
  ['01505700000123D', 'dpd', 'dpd_14', 'valid', '01505700000123E'],
  ['C12345678901236', 'ontrac', 'ontrac_c', 'valid', 'C12345678901237'],
  ['D12345678901235', 'ontrac', 'ontrac_d', 'valid', 'D12345678901236'],
  ['100473829164', 'purolator', 'purolator_numeric', 'valid', '100473829165'],
  ['07212345677', 'old_dominion', 'old_dominion', 'valid', '07212345678'],
  ['TBA123456789012', 'amazon', 'amazon_logistics', 'none', 'TBB123456789012'],
  ['JJD0001234567890123', 'yodel', 'yodel', 'none', 'JXD0001234567890123'],
  ['LX12345678', 'lasership', 'lasership_lx', 'none', 'LZ12345678'],
  ['1LS7119013618127-1', 'lasership', 'lasership_1ls7_18', 'none', '1LS7119013618127-2'],
];

for (const [valid, carrier, formatId, checksum, invalid] of EXAMPLES) {
  test(`${formatId}: ${valid} is ${carrier} (checksum ${checksum}); ${invalid} is not ${formatId}`, () => {
    const detection = detectCarrier(valid);
    assertWellFormed(detection);
    assert.equal(detection.best?.carrier, carrier);
    assert.equal(detection.best?.formatId, formatId);
    assert.equal(detection.best?.checksum, checksum);
    assert.equal(detection.ambiguous, false);

    const changed = detectCarrier(invalid);
    assertWellFormed(changed);
    assert.ok(!changed.candidates.some((c) => c.formatId === formatId), invalid);
  });
}

test('details carry what the number itself says', () => {
  const cases: readonly (readonly [string, Record<string, string>])[] = [
    ['1ZXX3150YW44070023', { serviceType: 'YW', serviceName: 'SurePost (delivered by USPS)' }],
    ['420941079400191234567812345679', { destinationZip: '94107', applicationIdentifier: '94' }],
    ['015057001234567890123101276H', { countryCode: 'DE', countryNumericCode: '276', serviceType: '101' }],
    ['RB123456785GB', { countryCode: 'GB', serviceName: 'Letter Post Registered' }],
    ['RB123456785GB', { postalOperator: 'Royal Mail Group plc' }],
    ['00 0123 4500 0000 0027', { containerType: '00', containerTypeName: 'case/carton' }],
  ];
  for (const [number, expected] of cases) {
    const details = detectCarrier(number).best?.details ?? {};
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(details[key], value, `${number} ${key}`);
    }
  }
});

test('tracking URLs carry the normalized number, or are null where the carrier has none', () => {
  assert.equal(
    detectCarrier(' 1z5r 8939 0357 5671 27 ').best?.trackingUrl,
    'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z5R89390357567127',
  );
  assert.equal(
    detectCarrier('EE471108151US').best?.trackingUrl,
    'https://tools.usps.com/go/TrackConfirmAction?tLabels=EE471108151US',
  );
  assert.equal(detectCarrier('EE471108151JP').best?.trackingUrl, null);
  assert.equal(detectCarrier('EE471108151JP').best?.carrierName, 'Japan Post');
  assert.equal(detectCarrier('TBA123456789012').best?.trackingUrl, null);
});

// ---------------------------------------------------------------------------------------------
// (c) Ranking and ambiguity, normalization, garbage.

test('two carriers with equally strong matches are ambiguous; the registry order picks best', () => {
  // 12 digits, a valid FedEx Express check digit and a valid Purolator Luhn digit.
  const detection = detectCarrier('287809468872');
  assert.deepEqual(
    detection.candidates.map((c) => [c.carrier, c.formatId]),
    [
      ['fedex', 'fedex_12'],
      ['purolator', 'purolator_numeric'],
    ],
  );
  assert.equal(detection.ambiguous, true);

  // Shape only, no check digit on either side: DHL piece id or Purolator.
  const shapeOnly = detectCarrier('JFV247545960');
  assert.deepEqual(new Set(shapeOnly.candidates.map((c) => c.carrier)), new Set(['dhl', 'purolator']));
  assert.equal(shapeOnly.ambiguous, true);
});

test('a checksum-valid, more specific format outranks a looser one and is not ambiguous', () => {
  // An S10 number with a DHL eCommerce prefix: the S10 check digit and country decide.
  const s10 = detectCarrier('RX123456785DE');
  assert.deepEqual(
    s10.candidates.map((c) => [c.carrier, c.formatId, c.checksum]),
    [
      ['deutsche_post', 's10', 'valid'],
      ['dhl', 'dhl_ecommerce', 'none'],
    ],
  );
  assert.equal(s10.ambiguous, false);

  // 34 digits: a structured USPS IMpb beats a generic FedEx Express (34), both checksum-valid.
  const impb = detectCarrier('4201028200009261290113185417468510');
  assert.deepEqual(
    impb.candidates.map((c) => c.formatId),
    ['usps_impb_c', 'fedex_34'],
  );
  assert.ok(impb.candidates[0]!.confidence - impb.candidates[1]!.confidence >= AMBIGUITY_MARGIN);
  assert.equal(impb.ambiguous, false);
});

test('confidence tiers keep their documented order', () => {
  const { valid, none } = CANDIDATE_CONFIDENCE;
  assert.ok(valid.distinctive > valid.structured && valid.structured > valid.generic);
  assert.ok(none.distinctive > none.structured && none.structured > none.generic);
  // A check digit is worth more than no check digit at the same specificity, by a clear margin.
  for (const specificity of ['distinctive', 'structured', 'generic'] as const) {
    assert.ok(valid[specificity] - none[specificity] >= AMBIGUITY_MARGIN, specificity);
  }
});

test('normalizeTrackingNumber trims, uppercases ASCII and drops spaces and dashes', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['  1z5r89390357567127 ', '1Z5R89390357567127'],
    ['1Z 5R8-939-0357 5671 27', '1Z5R89390357567127'],
    ['1Z\t5R89\n3903\u00a057567127', '1Z5R89390357567127'],
    ['rb–123‐456—785−gb', 'RB123456785GB'],
    ['', ''],
    [' - - ', ''],
    ['straße', 'STRAßE'],
  ];
  for (const [raw, expected] of cases) {
    assert.equal(normalizeTrackingNumber(raw), expected, JSON.stringify(raw));
  }
});

test('garbage yields no candidates and never throws', () => {
  const inputs: readonly unknown[] = [
    '',
    '     ',
    '----',
    'hello world',
    'where is my order?',
    '📦📦📦',
    '1Z5R89390357567127📦',
    'ＲＢ１２３４５６７８５ＧＢ',
    '١٢٣٤٥٦٧٨٩٠١٢',
    '.*',
    '(?<SerialNumber>x)',
    '__proto__',
    'constructor',
    '1'.repeat(MAX_TRACKING_NUMBER_LENGTH + 1),
    `1Z5R89390357567127${'0'.repeat(MAX_TRACKING_NUMBER_LENGTH)}`,
    'x'.repeat(100_000),
    undefined,
    null,
    42,
  ];
  for (const input of inputs) {
    const detection = detectCarrier(input as string);
    assertWellFormed(detection);
    assert.deepEqual(detection.candidates, [], String(input).slice(0, 40));
    assert.equal(detection.best, null);
  }
});

test('any string: detection never throws and its result is well formed', () => {
  const trackingLike = fc
    .array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPRSTUVWXYZ -'), { maxLength: 40 })
    .map((chars) => chars.join(''));
  const anyText = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    trackingLike,
  );
  fc.assert(
    fc.property(anyText, (raw) => {
      const detection = detectCarrier(raw);
      assertWellFormed(detection);
      assert.equal(detection.trackingNumber, normalizeTrackingNumber(raw));
    }),
    { seed: 20_240_601, numRuns: 3000 },
  );
});

test('format definitions: unique ids, anchored stateless patterns, checksum groups present', () => {
  assert.equal(FORMAT_IDS.size, TRACKING_FORMATS.length);
  for (const format of TRACKING_FORMATS) {
    assert.ok(format.pattern.source.startsWith('^') && format.pattern.source.endsWith('$'), format.id);
    // A global or sticky RegExp keeps lastIndex between exec() calls and would skip matches.
    assert.ok(!format.pattern.global && !format.pattern.sticky, format.id);
    if (format.checksum !== null) {
      assert.ok(format.pattern.source.includes('(?<SerialNumber>'), format.id);
      assert.ok(format.pattern.source.includes('(?<CheckDigit>'), format.id);
    }
    assert.ok(format.lengths.length > 0, format.id);
    assert.ok(format.lengths.every((length) => length <= MAX_TRACKING_NUMBER_LENGTH), format.id);
    if (format.trackingUrl !== null) assert.ok(format.trackingUrl.includes('{trackingNumber}'), format.id);
  }
});
