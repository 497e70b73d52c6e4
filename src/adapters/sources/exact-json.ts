// JSON that keeps integers exact. Shopify ids exceed 2^53 and `JSON.parse` rounds them before any
// reviver sees them (820982911946154508 becomes 820982911946154500). A tokenizer first puts quotes
// around every integer literal that is not a safe integer, then the native parser does the rest:
// such integers arrive as strings of their exact digits, everything else as `JSON.parse` reads it.
// The rewrite never turns an invalid document into a valid one (tested against JSON.parse).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JsonSyntaxError';
  }
}

// 2^53 has 16 digits: a document without a run of 16 digits has no unsafe integer literal.
const LONG_DIGIT_RUN = /\d{16}/;

export function parseJsonExact(text: string): JsonValue {
  const source = LONG_DIGIT_RUN.test(text) ? quoteUnsafeIntegers(text) : text;
  try {
    return JSON.parse(source) as JsonValue;
  } catch (error) {
    throw new JsonSyntaxError(error instanceof Error ? error.message : 'not valid JSON', { cause: error });
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Quote integer literals outside strings that are not safe integers. Left alone, so that
 * `JSON.parse` still refuses them: literals with a leading zero, and literals followed by `:`
 * (a number where a property name belongs).
 */
export function quoteUnsafeIntegers(text: string): string {
  const length = text.length;
  let result = '';
  let copied = 0;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index += 1;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === BACKSLASH) index += 2;
        else {
          index += 1;
          if (inner === QUOTE) break;
        }
      }
      continue;
    }
    if (code !== MINUS && (code < ZERO || code > NINE)) {
      index += 1;
      continue;
    }
    const start = index;
    if (code === MINUS) index += 1;
    const digitsStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index += 1;
    const digitsEnd = index;
    const next = text.charCodeAt(index);
    if (next === 0x2e || next === 0x65 || next === 0x45) continue; // '.', 'e', 'E': not an integer
    const digits = digitsEnd - digitsStart;
    if (digits < 16 || text.charCodeAt(digitsStart) === ZERO) continue;
    const literal = text.slice(start, digitsEnd);
    if (Number.isSafeInteger(Number(literal)) || nextNonSpace(text, digitsEnd) === ':') continue;
    result += `${text.slice(copied, start)}"${literal}"`;
    copied = digitsEnd;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function nextNonSpace(text: string, from: number): string | undefined {
  let index = from;
  while (index < text.length && (text[index] === ' ' || text[index] === '\n' || text[index] === '\r' || text[index] === '\t')) index += 1;
  return text[index];
}
