// National public holidays by country and year, for carrier calendars. Rules live in
// holiday-rules.ts; this file computes Easter, normalizes the country and caches the result,
// because the business-hours walk asks for the same country and year on every parcel scan.

import { addDays, isoDate } from './calendar-date.ts';
import { HOLIDAY_RULES } from './holiday-rules.ts';

const EMPTY: ReadonlySet<string> = new Set();

/** Bounds the cache: real traffic needs a few countries and years, bad timestamps could ask for any. */
const MAX_CACHED_YEARS = 1_000;
const cache = new Map<string, ReadonlySet<string>>();

/**
 * Sorted `YYYY-MM-DD` national public holidays of an ISO 3166-1 alpha-2 country (any case) in
 * `year`: the days carriers do not pick up or deliver nationally. Where a country moves a weekend
 * holiday to a weekday, both days are listed. An unknown country has none.
 */
export function publicHolidays(country: string, year: number): string[] {
  return [...publicHolidaySet(country, year)];
}

/** `publicHolidays` as a cached set (in date order), for membership tests on the hot path. */
export function publicHolidaySet(country: string, year: number): ReadonlySet<string> {
  const code = country.trim().toUpperCase();
  const rule = HOLIDAY_RULES[code === 'UK' ? 'GB' : code];
  if (rule === undefined || !Number.isInteger(year)) return EMPTY;
  const key = `${code}:${year}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const easter = easterSunday(year);
  const prefix = `${year}-`;
  const dates = new Set(
    rule(year, (offsetDays) => addDays(easter, offsetDays))
      .filter((date) => date.startsWith(prefix))
      .sort(),
  );
  if (cache.size >= MAX_CACHED_YEARS) cache.clear();
  cache.set(key, dates);
  return dates;
}

/** Easter Sunday (`YYYY-MM-DD`) of a Gregorian year, by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}
