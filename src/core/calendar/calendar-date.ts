// Arithmetic on local calendar dates (`YYYY-MM-DD`) without a time zone: holiday rules and the
// business-day walk step through days, and days have no length until a zone is applied.

const DAY_MS = 86_400_000;

/** Weekday numbers as the calendar module uses them (0 = Sunday, as `Date#getUTCDay`). */
export const WEEKDAY = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

/** `YYYY-MM-DD` for a year, month (1-12) and day; out-of-range days roll over like `Date.UTC`. */
export function isoDate(year: number, month: number, day: number): string {
  const monthIndex = month - 1;
  const normalizedYear = year + Math.floor(monthIndex / 12);
  const normalizedMonth = (((monthIndex % 12) + 12) % 12) + 1;
  return formatDayNumber(daysFromCivil(normalizedYear, normalizedMonth, 1) + day - 1);
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return formatDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekdayOf(date: string): number {
  // Day 0 of the epoch (1970-01-01) was a Thursday.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Milliseconds from the epoch to midnight UTC of `date`: the date's wall clock read as UTC. */
export function dateToUtcMs(date: string): number {
  return dayNumber(date) * DAY_MS;
}

/** The UTC date holding `ms`; the inverse of `dateToUtcMs`. */
export function dateFromUtcMs(ms: number): string {
  return formatDayNumber(Math.floor(ms / DAY_MS));
}

/**
 * The `n`th given weekday of a month (n = 1 is the first); a negative `n` counts from the end
 * (-1 is the last).
 */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = isoDate(year, month, 1);
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = isoDate(year, month + 1, 0);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7) + (n + 1) * 7);
}

/** The first given weekday on or after `date`. */
export function weekdayOnOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

// Date arithmetic runs several times per parcel scan, and `Date#toISOString` was most of its cost;
// these are Howard Hinnant's days-from-civil and civil-from-days, on the proleptic Gregorian calendar.

function dayNumber(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function formatDayNumber(days: number): string {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
