// The exact JSON reader: integers beyond 2^53 come back as strings of their exact digits, and
// otherwise it reads and refuses exactly what JSON.parse reads and refuses (fuzzed against it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSyntaxError, parseJsonExact, quoteUnsafeIntegers, type JsonValue } from '../../src/adapters/sources/exact-json.ts';
import { seededRandom } from './helpers.ts';

test('integers above 2^53 stay exact as digit strings; safe integers and decimals stay numbers', () => {
  assert.deepEqual(parseJsonExact('{"id":820982911946154508,"n":42,"x":-9007199254740993,"f":1.5,"e":1e21,"s":9007199254740991,"d":12345678901234567.5}'), {
    id: '820982911946154508',
    n: 42,
    x: '-9007199254740993',
    f: 1.5,
    e: 1e21,
    s: 9007199254740991,
    d: Number("12345678901234567.5"),
  });
  assert.deepEqual(parseJsonExact('[ 820982911946154508 , "820982911946154509" ]'), ['820982911946154508', '820982911946154509']);
});

test('digits inside strings, escaped quotes and unicode escapes are not touched', () => {
  const text = '{"a":"x\\" 99999999999999999999","b":"\\u0022","c":99999999999999999999,"t":"9405516902697649303570"}';
  assert.deepEqual(parseJsonExact(text), { a: 'x" 99999999999999999999', b: '"', c: '99999999999999999999', t: '9405516902697649303570' });
});

test('"__proto__" is an ordinary own key, never the prototype', () => {
  const value = parseJsonExact('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('quoting never makes an invalid document valid: numbers as keys and leading zeros stay refused', () => {
  for (const text of ['{12345678901234567890:1}', '{"a":1,12345678901234567890 :2}', '01234567890123456789', '[-01234567890123456789]', '{"a":12345678901234567890x}', '12345678901234567890 1', '']) {
    assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse should refuse ${text}`);
    assert.throws(() => parseJsonExact(text), JsonSyntaxError, text);
  }
  assert.equal(quoteUnsafeIntegers('{"a":1}'), '{"a":1}');
});

test('deep nesting is read without exhausting the stack', () => {
  const depth = 100_000;
  assert.ok(Array.isArray(parseJsonExact('['.repeat(depth) + ']'.repeat(depth))));
  assert.throws(() => parseJsonExact('{"a":'.repeat(depth)), JsonSyntaxError);
});

test('fuzz: random documents read the same as JSON.parse, compact and indented', () => {
  const random = seededRandom(0x5eed);
  for (let run = 0; run < 2000; run += 1) {
    const value = randomValue(random, 0);
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
      assert.deepEqual(parseJsonExact(text), JSON.parse(text), text);
    }
  }
});

test('fuzz: a mutated document is refused exactly when JSON.parse refuses it, and reads the same otherwise', () => {
  const random = seededRandom(0xbadc0de);
  const alphabet = '{}[]":,.-+eE0123456789 \\\n\tuabfnrt/';
  for (let run = 0; run < 5000; run += 1) {
    const base = JSON.stringify(randomValue(random, 0));
    const index = Math.floor(random() * (base.length + 1));
    const char = alphabet[Math.floor(random() * alphabet.length)]!;
    const mode = Math.floor(random() * 3);
    const text = mode === 0 ? base.slice(0, index) + char + base.slice(index + 1) : mode === 1 ? base.slice(0, index) + char + base.slice(index) : base.slice(0, index) + base.slice(index + 1);
    let expected: unknown;
    try {
      expected = JSON.parse(text);
    } catch {
      assert.throws(() => parseJsonExact(text), JsonSyntaxError, text);
      continue;
    }
    assert.deepEqual(loosen(parseJsonExact(text)), expected, text);
  }
});

/** Exact digit strings as JSON.parse reads them (as rounded numbers), to compare with it. */
function loosen(value: JsonValue): unknown {
  if (typeof value === 'string' && /^-?[1-9]\d{15,}$/.test(value) && !Number.isSafeInteger(Number(value))) return Number(value);
  if (Array.isArray(value)) return value.map(loosen);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, loosen(member)]));
  return value;
}

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return [Math.floor(random() * 1000), -random() * 1e6, random() * 1e-7, 2 ** 53 - 1, 0, 1234567890123456][Math.floor(random() * 6)];
    case 3:
    case 4:
      return randomString(random);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [randomString(random), randomValue(random, depth + 1)]));
  }
}

function randomString(random: () => number): string {
  const chars = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\u0001', 'é', '€', '\ud83d\ude00', '\u2028', '_', '7'];
  return Array.from({ length: Math.floor(random() * 6) }, () => chars[Math.floor(random() * chars.length)]).join('');
}
