// Total readers for untrusted, already-authenticated payloads: each takes any JSON value and
// returns a value the canonical contract accepts, or "absent". Only the `require*` readers throw,
// and only SourceParseError, so a malformed payload never becomes a TypeError.

import { z } from 'zod';
import { JsonSyntaxError, parseJsonExact, type JsonValue } from './exact-json.ts';
import { sha256 } from './signatures.ts';
import { SourceParseError } from './source-errors.ts';

export type JsonObject = { [key: string]: JsonValue };

/** Canonical event ids are at most 200 characters; longer ones are replaced by their hash. */
const MAX_EVENT_ID_CHARS = 200;
const MIN_TRACKING_CHARS = 4;
const MAX_TRACKING_CHARS = 64;
const MAX_REF_CHARS = 255;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes to text; invalid UTF-8 is a parse error, not a TypeError. */
export function decodeText(source: string, body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch (error) {
    throw new SourceParseError(source, 'body', 'is not valid UTF-8', { cause: error });
  }
}

/** The body as JSON, with integers beyond 2^53 kept exact (as strings of their digits). */
export function decodeJsonBody(source: string, body: Uint8Array): JsonValue {
  const text = decodeText(source, body);
  try {
    return parseJsonExact(text);
  } catch (error) {
    const where = error instanceof JsonSyntaxError ? ` (${error.message})` : '';
    throw new SourceParseError(source, 'body', `is not valid JSON${where}`, { cause: error });
  }
}

export function asObject(value: JsonValue | undefined): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}

export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty trimmed string, cut to `maxChars`; numbers are not text. */
export function asText(value: JsonValue | undefined, maxChars = 2000): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text.length === 0 ? undefined : text.slice(0, maxChars).trim();
}

export function asBoolean(value: JsonValue | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A storefront id as an exact string: strings as given (unsafe integers arrive as such), safe integers as digits. */
export function asRef(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  const text = asText(value, MAX_REF_CHARS + 1);
  return text !== undefined && text.length <= MAX_REF_CHARS ? text : null;
}

const MONEY = /^-?\d{1,15}(\.\d{1,6})?$/;

/** A decimal amount as the contract's money string ("129.90"). */
export function asMoney(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = value.toFixed(6).replace(/\.?0+$/, '');
    return MONEY.test(text) ? text : undefined;
  }
  const text = asText(value, 40);
  return text !== undefined && MONEY.test(text) ? text : undefined;
}

const emailSchema = z.email();

export function asEmail(value: JsonValue | undefined): string | undefined {
  const text = asText(value, 320);
  return text !== undefined && emailSchema.safeParse(text).success ? text : undefined;
}

export function asCurrency(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim()) ? value.trim().toUpperCase() : undefined;
}

// Date, then optional time, then optional offset: what providers send, with and without zones.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ReadInstant {
  /** UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  iso: string;
  /** The value had a time but no offset (carrier local time); it was read as UTC. */
  assumedUtc: boolean;
  /** The value was a bare date (read as midnight UTC). */
  dateOnly: boolean;
}

/** An ISO-8601-like timestamp to UTC; impossible dates (Feb 30) and odd formats are absent. */
export function asInstant(value: JsonValue | undefined): ReadInstant | null {
  const text = asText(value, 64);
  const match = text === undefined ? null : DATE_TIME.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const numbers = [year, month, day, hour ?? '0', minute ?? '0', second ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = numbers;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const zone = offset === undefined || offset.toUpperCase() === 'Z' ? 'Z' : normalizeOffset(offset);
  if (zone === null) return null;
  const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const stamp = `${year}-${month}-${day}T${pad(h)}:${pad(mi)}:${pad(s)}.${millis}${zone}`;
  const time = Date.parse(stamp);
  if (!Number.isFinite(time)) return null;
  const iso = new Date(time).toISOString();
  if (!/^\d{4}-/.test(iso)) return null;
  return { iso, assumedUtc: hour !== undefined && offset === undefined, dateOnly: hour === undefined };
}

/** For dates that may be day-precise (EDD, promise date): `YYYY-MM-DD` stays a date. */
export function asDateOrInstant(value: JsonValue | undefined): string | null {
  const instant = asInstant(value);
  if (instant === null) return null;
  return instant.dateOnly ? instant.iso.slice(0, 10) : instant.iso;
}

/** Unix seconds (number or digit string) to UTC ISO. */
export function asUnixSeconds(value: JsonValue | undefined): string | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 253_402_300_799) return null;
  return new Date(Math.floor(seconds) * 1000).toISOString();
}

export function requireObject(source: string, value: JsonValue | undefined, field: string): JsonObject {
  const object = asObject(value);
  if (object === null) throw new SourceParseError(source, field, 'must be a JSON object');
  return object;
}

export function requireInstant(source: string, value: JsonValue | undefined, field: string): ReadInstant {
  const instant = asInstant(value);
  if (instant === null) throw new SourceParseError(source, field, 'must be an ISO-8601 date-time');
  return instant;
}

export function requireRef(source: string, value: JsonValue | undefined, field: string): string {
  const ref = asRef(value);
  if (ref === null) throw new SourceParseError(source, field, 'must be an id (a string or an integer)');
  return ref;
}

/** A tracking number the canonical contract can hold (4 to 64 characters). */
export function requireTrackingNumber(source: string, value: JsonValue | undefined, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : asText(value, MAX_TRACKING_CHARS + 1);
  if (text === undefined) throw new SourceParseError(source, field, 'is missing: every parcel needs a tracking number');
  if (text.length < MIN_TRACKING_CHARS || text.length > MAX_TRACKING_CHARS) {
    throw new SourceParseError(source, field, `must have ${MIN_TRACKING_CHARS} to ${MAX_TRACKING_CHARS} characters to be a tracking number (got ${JSON.stringify(text.slice(0, 70))})`);
  }
  return text;
}

/** A deterministic event id from its parts, so a provider's retry maps to the same id. */
export function eventId(...parts: (string | null | undefined)[]): string {
  const id = parts.map((part) => part ?? '').join(':');
  return id.length <= MAX_EVENT_ID_CHARS ? id : `sha256:${sha256(id).toString('hex')}`;
}

/** A short stable digest, to tell apart two checkpoints with the same time and status. */
export function shortDigest(...parts: (string | null | undefined)[]): string {
  return sha256(parts.map((part) => part ?? '').join('\u0000')).toString('hex').slice(0, 8);
}

/** Drop `undefined` members, and return undefined for an object left empty. */
export function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function normalizeOffset(offset: string): string | null {
  const digits = offset.slice(1).replace(':', '');
  const hours = digits.slice(0, 2);
  const minutes = digits.length > 2 ? digits.slice(2) : '00';
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  return `${offset[0]}${hours}:${minutes}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
