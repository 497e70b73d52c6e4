import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SmsSegmentCount } from './sms-segments.ts';
import { countSmsSegments } from './sms-segments.ts';

// The GSM 03.38 tables written out again, from the standard's code chart, so that a typo in the
// implementation's table cannot hide behind the same typo here.
const BASIC_CHART = [
  '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
  'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', /* 0x1B escape */ 'Æ', 'æ', 'ß', 'É',
  ' ', '!', '"', '#', '¤', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
  '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
  'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
  '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
  'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];
const EXTENSION_CHART = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];

const a = (count: number): string => 'a'.repeat(count);
const zhe = (count: number): string => 'ж'.repeat(count);

// [case, text, encoding, segments, characters, perSegment]
const cases: [string, string, SmsSegmentCount['encoding'], number, number, number][] = [
  ['an empty text costs nothing', '', 'GSM-7', 0, 0, 160],
  ['a short plain text is one GSM-7 segment', 'Your order has shipped', 'GSM-7', 1, 22, 160],
  ['160 septets still fit one segment', a(160), 'GSM-7', 1, 160, 160],
  ['161 septets split into two parts of 153', a(161), 'GSM-7', 2, 161, 153],
  ['306 septets fill two parts exactly', a(306), 'GSM-7', 2, 306, 153],
  ['307 septets need a third part', a(307), 'GSM-7', 3, 307, 153],
  ['the euro sign costs two septets (escape + code)', 'Total: 10€', 'GSM-7', 1, 11, 160],
  ['80 extension characters are exactly 160 septets', '€'.repeat(80), 'GSM-7', 1, 160, 160],
  ['81 extension characters split', '€'.repeat(81), 'GSM-7', 2, 162, 153],
  ['an escape pair at a part boundary moves whole to the next part', `${a(152)}€${a(152)}`, 'GSM-7', 3, 306, 153],
  ['an escape pair ending exactly on the boundary stays', `${a(151)}€${a(153)}`, 'GSM-7', 2, 306, 153],
  ['form feed is in the extension table', 'a\fb', 'GSM-7', 1, 4, 160],
  ['GSM Greek capitals stay GSM-7', 'ΔΦΓΛΩΠΨΣΘΞ', 'GSM-7', 1, 10, 160],
  ['a curly apostrophe forces UCS-2', 'We’re on our way', 'UCS-2', 1, 16, 70],
  ['a lower-case c cedilla is not in the default alphabet', 'ça', 'UCS-2', 1, 2, 70],
  ['a backtick is not in the default alphabet', '`', 'UCS-2', 1, 1, 70],
  ['an accented a other than à forces UCS-2', 'á', 'UCS-2', 1, 1, 70],
  ['a non-breaking space forces UCS-2', 'a\u00a0b', 'UCS-2', 1, 3, 70],
  ['lower-case Greek forces UCS-2', 'α', 'UCS-2', 1, 1, 70],
  ['Cyrillic is UCS-2, 70 per segment', zhe(70), 'UCS-2', 1, 70, 70],
  ['71 UCS-2 units split into parts of 67', zhe(71), 'UCS-2', 2, 71, 67],
  ['134 UCS-2 units fill two parts', zhe(134), 'UCS-2', 2, 134, 67],
  ['135 UCS-2 units need a third part', zhe(135), 'UCS-2', 3, 135, 67],
  ['extension characters cost one unit in UCS-2', '€ж', 'UCS-2', 1, 2, 70],
  ['an emoji is a surrogate pair: two units', 'Delivered 📦', 'UCS-2', 1, 12, 70],
  ['35 emoji are exactly 70 units', '😀'.repeat(35), 'UCS-2', 1, 70, 70],
  ['36 emoji split, 33 per part', '😀'.repeat(36), 'UCS-2', 2, 72, 67],
  ['67 emoji need three parts of 33 and one more', '😀'.repeat(67), 'UCS-2', 3, 134, 67],
  ['a surrogate pair at a part boundary moves whole to the next part', `${zhe(66)}😀${zhe(66)}`, 'UCS-2', 3, 134, 67],
  ['a surrogate pair ending exactly on the boundary stays', `${zhe(65)}😀${zhe(67)}`, 'UCS-2', 2, 134, 67],
  ['a flag is two surrogate pairs', '🇩🇪', 'UCS-2', 1, 4, 70],
];

for (const [name, text, encoding, segments, characters, perSegment] of cases) {
  test(`countSmsSegments: ${name}`, () => {
    assert.deepEqual(countSmsSegments(text), { encoding, segments, characters, perSegment });
  });
}

test('countSmsSegments: every character of the GSM 03.38 basic table is one septet', () => {
  assert.equal(BASIC_CHART.length, 127);
  for (const char of BASIC_CHART) {
    assert.deepEqual(countSmsSegments(char), { encoding: 'GSM-7', segments: 1, characters: 1, perSegment: 160 }, JSON.stringify(char));
  }
});

test('countSmsSegments: every character of the GSM 03.38 extension table is two septets', () => {
  for (const char of EXTENSION_CHART) {
    assert.deepEqual(countSmsSegments(char), { encoding: 'GSM-7', segments: 1, characters: 2, perSegment: 160 }, JSON.stringify(char));
  }
});

test('countSmsSegments: nothing outside the two tables passes as GSM-7 (Latin-1 and ASCII sweep)', () => {
  const gsm = new Set([...BASIC_CHART, ...EXTENSION_CHART]);
  for (let code = 0; code <= 0xff; code++) {
    const char = String.fromCharCode(code);
    const expected = gsm.has(char) ? 'GSM-7' : 'UCS-2';
    assert.equal(countSmsSegments(char).encoding, expected, `U+${code.toString(16).padStart(4, '0')}`);
  }
});
