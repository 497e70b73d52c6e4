// Wall-clock arithmetic in IANA time zones through Intl alone, so the core stays pure: local
// parts of an instant, the instant of a local wall time, and quiet-hour windows, all DST-safe.

import { addDays, dateFromUtcMs, dateToUtcMs, weekdayOf, yearOf } from './calendar-date.ts';
import {
  AU_POSTCODE_STATES,
  CA_POSTAL_PROVINCES,
  COUNTRY_ZONES,
  REGION_NAMES,
  REGION_ZONES,
  US_STATE_NAMES,
  US_STATE_ZONES,
  US_ZIP3_ZONES,
} from './time-zone-tables.ts';

/** The local calendar and clock reading of an instant in one zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday .. 6 = Saturday. */
  weekday: number;
  /** `YYYY-MM-DD`. */
  date: string;
}

/** A daily quiet window in local time; it wraps midnight when it ends before it starts. */
export interface QuietHours {
  startHour: number;
  startMinute?: number;
  endHour: number;
  endMinute?: number;
}

const DAY_MS = 86_400_000;

/** Formatting is the slow part of Intl; one formatter per zone is reused for the process's life. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offsets by zone and UTC hour. Parcels in one zone share day boundaries and scan hours, so the
 * business-hours walk mostly hits. An hour is cached only when its first and last second agree,
 * so an hour holding a transition is always computed afresh.
 */
const OFFSET_BUCKET_MS = 3_600_000;
const MAX_CACHED_OFFSETS = 50_000;
const offsets = new Map<string, Map<number, number>>();
let cachedOffsetCount = 0;

/**
 * The IANA zone of a shipping destination: by country, and for countries spanning several zones
 * by region (a state or province code or name), else by postal code, else the most populous
 * zone. An unknown country is 'UTC'.
 */
export function timeZoneFor(country: string | null, region?: string | null, postalCode?: string | null): string {
  const code = country?.trim().toUpperCase() ?? '';
  const countryCode = code === 'UK' ? 'GB' : code;
  const fallback = COUNTRY_ZONES[countryCode] ?? 'UTC';
  const regionCode = regionCodeOf(countryCode, region);
  if (countryCode === 'US') {
    return (regionCode === undefined ? undefined : US_STATE_ZONES[regionCode]) ?? usZipZone(postalCode) ?? fallback;
  }
  const zones = REGION_ZONES[countryCode];
  if (zones === undefined) return fallback;
  const byRegion = regionCode === undefined ? undefined : zones[regionCode];
  const postalRegion = regionOfPostalCode(countryCode, postalCode);
  return byRegion ?? (postalRegion === undefined ? undefined : zones[postalRegion]) ?? fallback;
}

/** The local date and time of `ms` in `timeZone`. Throws a RangeError for an unknown zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const wallMs = ms + offsetMs(ms, timeZone);
  const date = dateFromUtcMs(wallMs);
  const minuteOfDay = Math.floor((wallMs - dateToUtcMs(date)) / 60_000);
  return {
    year: yearOf(date),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    weekday: weekdayOf(date),
    date,
  };
}

/**
 * The instant the local clock in `timeZone` shows `hour:minute` on `date`. A wall time skipped by
 * a spring-forward gap maps to the end of the gap; one repeated by a fall-back maps to its first
 * occurrence.
 */
export function zonedTimeToUtcMs(date: string, hour: number, minute: number, timeZone: string): number {
  const [first] = wallTimeInstants(dateToUtcMs(date) + (hour * 60 + minute) * 60_000, timeZone);
  return first;
}

/** The first instant at or after `fromMs` when the local clock shows `hour:minute` (or the end of a gap that skips it). */
export function nextLocalTime(fromMs: number, hour: number, minute: number, timeZone: string): number {
  const today = localParts(fromMs, timeZone).date;
  for (const date of [today, addDays(today, 1), addDays(today, 2)]) {
    const instants = wallTimeInstants(dateToUtcMs(date) + (hour * 60 + minute) * 60_000, timeZone);
    const next = instants.find((instant) => instant >= fromMs);
    if (next !== undefined) return next;
  }
  throw new RangeError(`no ${hour}:${minute} in ${timeZone} within two days of ${fromMs}`);
}

/**
 * When `ms` falls inside the quiet hours of `timeZone`, the instant they end; otherwise null. A
 * window whose start equals its end is empty.
 */
export function quietHoursEnd(ms: number, quiet: QuietHours, timeZone: string): number | null {
  const { hour, minute } = localParts(ms, timeZone);
  const now = hour * 60 + minute;
  const start = quiet.startHour * 60 + (quiet.startMinute ?? 0);
  const end = quiet.endHour * 60 + (quiet.endMinute ?? 0);
  const inside = start <= end ? now >= start && now < end : now >= start || now < end;
  // The next reading of the end time, not today's: after a fall-back the first one may be past.
  return inside ? nextLocalTime(ms, quiet.endHour, quiet.endMinute ?? 0, timeZone) : null;
}

/** The last `days` local days in a zone, up to and including today, with their bounds. */
export interface LocalDayRange {
  /** `YYYY-MM-DD` of each day, oldest first. */
  dayKeys: string[];
  /** The instant each day starts (local midnight, or the end of a gap that skips it), then the instant the last one ends: one more than `dayKeys`. */
  boundsMs: number[];
}

/** The last `days` local days in `timeZone`, today included: a day is 23 or 25 hours long across a clock change. */
export function localDayRange(nowMs: number, days: number, timeZone: string): LocalDayRange {
  const today = localParts(nowMs, timeZone).date;
  const dayKeys = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const boundsMs = [...dayKeys, addDays(today, 1)].map((date) => zonedTimeToUtcMs(date, 0, 0, timeZone));
  return { dayKeys, boundsMs };
}

/** UTC offset of `timeZone` at `ms`, in ms (positive east of Greenwich). */
export function offsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
  let zoneOffsets = offsets.get(timeZone);
  const cached = zoneOffsets?.get(bucket);
  if (cached !== undefined) return cached;
  const first = uncachedOffsetMs(bucket * OFFSET_BUCKET_MS, timeZone);
  if (first !== uncachedOffsetMs((bucket + 1) * OFFSET_BUCKET_MS - 1000, timeZone)) return uncachedOffsetMs(ms, timeZone);
  if (cachedOffsetCount >= MAX_CACHED_OFFSETS) {
    offsets.clear();
    cachedOffsetCount = 0;
    zoneOffsets = undefined;
  }
  if (zoneOffsets === undefined) offsets.set(timeZone, (zoneOffsets = new Map()));
  zoneOffsets.set(bucket, first);
  cachedOffsetCount++;
  return first;
}

function uncachedOffsetMs(ms: number, timeZone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  return wallClockMs(second, timeZone) - second;
}

/**
 * The wall clock of `ms` in `timeZone`, read as if it were UTC (whole seconds). Parses `format`
 * ("3/8/2026, 02:30:00") rather than using `formatToParts`, which costs three times as much on
 * this hot path; the parts are the fallback should an ICU build format differently.
 */
function wallClockMs(ms: number, timeZone: string): number {
  const formatter = formatterFor(timeZone);
  const fields = formatter.format(ms).match(/\d+/g)?.map(Number) ?? [];
  const [month, day, year, hour, minute, second] = fields.length === 6 ? fields : partsOf(formatter, ms);
  return Date.UTC(year ?? NaN, (month ?? NaN) - 1, day, hour, minute, second);
}

function partsOf(formatter: Intl.DateTimeFormat, ms: number): number[] {
  const parts = formatter.formatToParts(ms);
  const types = ['month', 'day', 'year', 'hour', 'minute', 'second'] as const;
  return types.map((type) => Number(parts.find((part) => part.type === type)?.value));
}

/** A region as the code the tables use: `US-CA`, `ca`, `C.A.` and `California` all become `CA`. */
function regionCodeOf(country: string, region: string | null | undefined): string | undefined {
  const trimmed = region?.trim() ?? '';
  if (trimmed === '') return undefined;
  const named = (country === 'US' ? US_STATE_NAMES : REGION_NAMES[country])?.[trimmed.toLowerCase()];
  if (named !== undefined) return named;
  const code = trimmed.toUpperCase().replace(/[.\s]/g, '');
  return code.startsWith(`${country}-`) ? code.slice(country.length + 1) : code;
}

/** The zone of a US ZIP (`12345`, `12345-6789`, or `2134` with its leading zero lost). */
function usZipZone(postalCode: string | null | undefined): string | undefined {
  const match = /^(\d{4,5})(?:-?\d{4})?$/.exec(postalCode?.trim() ?? '');
  if (match?.[1] === undefined) return undefined;
  const zip3 = Number(match[1].padStart(5, '0').slice(0, 3));
  return US_ZIP3_ZONES.find(([upTo]) => zip3 <= upTo)?.[1];
}

/** Canadian and Australian postal codes name their province or state in the first character. */
function regionOfPostalCode(country: string, postalCode: string | null | undefined): string | undefined {
  const postal = postalCode?.trim().toUpperCase() ?? '';
  if (country === 'CA') return CA_POSTAL_PROVINCES[postal.charAt(0)];
  if (country === 'AU' && /^\d{4}$/.test(postal)) return AU_POSTCODE_STATES[postal.charAt(0)];
  return undefined;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Every instant whose wall clock reads `wallMs` (a local time written as UTC), earliest first:
 * one normally, two in a fall-back overlap, and for a spring-forward gap the single instant the
 * gap ends. Assumes at most one offset change within a day of the wall time, true of every zone.
 */
function wallTimeInstants(wallMs: number, timeZone: string): [number, ...number[]] {
  const before = offsetMs(wallMs - DAY_MS, timeZone);
  const after = offsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])]
    .filter((instant) => offsetMs(instant, timeZone) + instant === wallMs)
    .sort((a, b) => a - b);
  const [first, ...rest] = candidates;
  if (first !== undefined) return [first, ...rest];
  return [transitionBetween(wallMs - after, wallMs - before, timeZone)];
}

/** The first whole second at which the offset differs from the one at `lowMs`. */
function transitionBetween(lowMs: number, highMs: number, timeZone: string): number {
  const lowOffset = offsetMs(lowMs, timeZone);
  let low = Math.floor(lowMs / 1000);
  let high = Math.ceil(highMs / 1000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetMs(middle * 1000, timeZone) === lowOffset) low = middle;
    else high = middle;
  }
  return high * 1000;
}
