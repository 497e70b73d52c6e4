// A small JSON reader that keeps integers exact. Shopify ids exceed 2^53 and `JSON.parse` rounds
// them before any reviver sees them (820982911946154508 becomes 820982911946154500); here an
// integer literal that is not a safe integer becomes a `bigint` instead. Everything else reads
// exactly as `JSON.parse` reads it. Nesting is bounded, so hostile input cannot exhaust the stack.

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** Deeper documents are refused; real webhook payloads nest fewer than 10 levels. */
export const MAX_JSON_DEPTH = 64;

export class JsonSyntaxError extends Error {
  /** Offset in UTF-16 code units of the text where reading stopped. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

export function parseJsonExact(text: string): JsonValue {
  const reader = new Reader(text);
  reader.skipSpace();
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos !== text.length) throw new JsonSyntaxError('unexpected text after the JSON value', reader.pos);
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  pos = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      pos += 1;
    }
    this.pos = pos;
  }

  value(depth: number): JsonValue {
    const char = this.text[this.pos];
    switch (char) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case undefined:
        throw new JsonSyntaxError('unexpected end of JSON', this.pos);
      default:
        return this.number();
    }
  }

  private object(depth: number): { [key: string]: JsonValue } {
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const result: { [key: string]: JsonValue } = {};
    this.pos += 1;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError('expected a property name', this.pos);
      const key = this.string();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      const value = this.value(depth);
      // A plain assignment to "__proto__" would replace the prototype instead of adding a key.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        this.skipSpace();
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const result: JsonValue[] = [];
    this.pos += 1;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        this.skipSpace();
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private string(): string {
    const text = this.text;
    this.pos += 1;
    let result = '';
    for (;;) {
      PLAIN_STRING.lastIndex = this.pos;
      PLAIN_STRING.test(text);
      result += text.slice(this.pos, PLAIN_STRING.lastIndex);
      this.pos = PLAIN_STRING.lastIndex;
      const char = text[this.pos];
      if (char === '"') {
        this.pos += 1;
        return result;
      }
      if (char !== '\\') throw new JsonSyntaxError(char === undefined ? 'unterminated string' : 'control character in string', this.pos);
      const escape = text[this.pos + 1];
      if (escape === 'u') {
        const hex = text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape', this.pos);
        result += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      const decoded = escape === undefined ? undefined : ESCAPES[escape];
      if (decoded === undefined) throw new JsonSyntaxError('bad escape', this.pos);
      result += decoded;
      this.pos += 2;
    }
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new JsonSyntaxError('unexpected character', this.pos);
    const literal = match[0];
    this.pos += literal.length;
    const value = Number(literal);
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && /^-?\d+$/.test(literal)) return BigInt(literal);
    return value;
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw new JsonSyntaxError('unexpected character', this.pos);
    this.pos += word.length;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) throw new JsonSyntaxError(`expected '${char}'`, this.pos);
    this.pos += 1;
  }
}
