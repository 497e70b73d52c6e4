// Business time on a carrier's calendar, for stall clocks: "48 hours without a scan" should not
// fire on Monday morning because nobody scans parcels on Sundays or on Thanksgiving. Days are the
// carrier's local days, so a business day lasts from local midnight to local midnight (23 or 25
// hours on a DST change) and a closed day contributes nothing.

import { addDays, dateFromUtcMs, dateToUtcMs, weekdayOf, WEEKDAY, yearOf } from './calendar-date.ts';
import { offsetMs, timeZoneFor, zonedTimeToUtcMs } from './local-time.ts';
import { publicHolidaySet } from './public-holidays.ts';

/** When a carrier works: its weekdays and holidays, in the local days of one zone. */
export interface BusinessCalendar {
  /** ISO 3166-1 alpha-2 country the holidays come from ('' for none); kept for explanations. */
  country: string;
  /** Weekdays the carrier scans parcels, 0 = Sunday .. 6 = Saturday. */
  workingDays: readonly number[];
  /** IANA zone whose local days the calendar counts in. */
  timeZone: string;
  /** Closed `YYYY-MM-DD` dates of a year; called once per day walked, so it should be cached. */
  holidays: (year: number) => ReadonlySet<string>;
}

const HOUR_MS = 3_600_000;

/** A calendar closed this many days in a row has no business days (or a broken holiday list). */
const MAX_CLOSED_DAYS = 366;

const { mon: MON, tue: TUE, wed: WED, thu: THU, fri: FRI, sat: SAT } = WEEKDAY;

/**
 * Carriers that move parcels on Saturdays. Sunday is never a business day: USPS and Amazon
 * deliver on Sundays in places, but parcels are not scanned as picked up, so a stall clock
 * that ran on Sundays would fire every Monday.
 */
const SATURDAY_CARRIERS: ReadonlySet<string> = new Set([
  'usps', 'ups', 'fedex', 'dhl', 'amazon', 'ontrac', 'lasership', 'royal_mail', 'deutsche_post', 'la_poste',
]);

/**
 * The calendar of `carrier` (a Herald carrier code) delivering in `country`: Monday to Saturday
 * for carriers that work Saturdays, Monday to Friday for the rest and for unknown carriers, with
 * the country's national public holidays, in the country's main time zone.
 */
export function carrierCalendar(carrier: string | null, country: string | null): BusinessCalendar {
  const code = country?.trim().toUpperCase() ?? '';
  const weekdays = [MON, TUE, WED, THU, FRI];
  return {
    country: code,
    workingDays: SATURDAY_CARRIERS.has(carrier?.trim().toLowerCase() ?? '') ? [...weekdays, SAT] : weekdays,
    timeZone: timeZoneFor(code),
    holidays: (year) => publicHolidaySet(code, year),
  };
}

/** Whether the local date `date` (`YYYY-MM-DD`) is a business day of `calendar`. */
export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return calendar.workingDays.includes(weekdayOf(date)) && !calendar.holidays(yearOf(date)).has(date);
}

/**
 * The instant `hours` business hours after `startMs`: time on business days counts in full,
 * closed days (non-working weekdays and holidays) not at all. A start on a closed day waits for
 * the next business day. Walks one local day at a time.
 */
export function addBusinessHours(startMs: number, hours: number, calendar: BusinessCalendar): number {
  if (!Number.isFinite(hours)) throw new RangeError(`business hours must be a finite number, got ${hours}`);
  if (hours <= 0) return startMs;
  let remainingMs = hours * HOUR_MS;
  let dueMs: number | undefined;
  let closedDays = 0;
  walkLocalDays(startMs, calendar.timeZone, (date, fromMs, untilMs) => {
    if (!isBusinessDay(date, calendar)) {
      if (++closedDays > MAX_CLOSED_DAYS) {
        throw new RangeError(`calendar for '${calendar.country}' has no business day in ${MAX_CLOSED_DAYS} days`);
      }
      return true;
    }
    closedDays = 0;
    if (remainingMs <= untilMs - fromMs) {
      dueMs = fromMs + remainingMs;
      return false;
    }
    remainingMs -= untilMs - fromMs;
    return true;
  });
  return dueMs ?? startMs;
}

/** Business hours from `startMs` to `endMs` (0 unless `endMs` is later); the inverse of `addBusinessHours`. */
export function businessHoursBetween(startMs: number, endMs: number, calendar: BusinessCalendar): number {
  let businessMs = 0;
  if (endMs <= startMs) return 0;
  walkLocalDays(startMs, calendar.timeZone, (date, fromMs, untilMs) => {
    if (isBusinessDay(date, calendar)) businessMs += Math.min(untilMs, endMs) - fromMs;
    return untilMs < endMs;
  });
  return businessMs / HOUR_MS;
}

/**
 * Calls `visit` with each local day from the one holding `startMs` (the first day cut to start
 * at `startMs`) until it returns false. A day usually keeps the previous day's offset, so its end
 * costs one Intl call to confirm; only a day with an offset change searches for its midnight.
 */
function walkLocalDays(
  startMs: number,
  timeZone: string,
  visit: (date: string, fromMs: number, untilMs: number) => boolean,
): void {
  let offset = offsetMs(startMs, timeZone);
  let date = dateFromUtcMs(startMs + offset);
  let fromMs = startMs;
  while (true) {
    const nextDate = addDays(date, 1);
    let untilMs = dateToUtcMs(nextDate) - offset;
    if (offsetMs(untilMs, timeZone) !== offset) {
      untilMs = zonedTimeToUtcMs(nextDate, 0, 0, timeZone);
      offset = offsetMs(untilMs, timeZone);
    }
    if (!visit(date, fromMs, untilMs)) return;
    fromMs = untilMs;
    date = nextDate;
  }
}
