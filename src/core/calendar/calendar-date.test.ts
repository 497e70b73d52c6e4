import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, isoDate, nthWeekday, WEEKDAY, weekdayOf, weekdayOnOrAfter } from './calendar-date.ts';

const { sun: SUN, mon: MON, thu: THU } = WEEKDAY;

const nthCases: [string, number, number, number, number, string][] = [
  ['third Monday of January 2026', 2026, 1, MON, 3, '2026-01-19'],
  ['first Monday when the month starts on one', 2026, 6, MON, 1, '2026-06-01'],
  ['fourth Thursday of November 2026', 2026, 11, THU, 4, '2026-11-26'],
  ['last Monday of May 2026', 2026, 5, MON, -1, '2026-05-25'],
  ['last Monday when the month ends on one', 2026, 8, MON, -1, '2026-08-31'],
  ['last Sunday of October 2026', 2026, 10, SUN, -1, '2026-10-25'],
  ['second-to-last Monday of May 2026', 2026, 5, MON, -2, '2026-05-18'],
];

for (const [name, year, month, weekday, n, expected] of nthCases) {
  test(`nthWeekday: ${name} is ${expected}`, () => {
    assert.equal(nthWeekday(year, month, weekday, n), expected);
  });
}

const rollovers: [string, () => string, string][] = [
  ['month 13 is January of the next year', () => isoDate(2026, 13, 1), '2027-01-01'],
  ['month 0 is December of the year before', () => isoDate(2026, 0, 31), '2025-12-31'],
  ['day 0 is the last day of the month before', () => isoDate(2026, 3, 0), '2026-02-28'],
  ['30 February of a leap year is 1 March', () => isoDate(2024, 2, 30), '2024-03-01'],
  ['adding days crosses a year end', () => addDays('2026-12-30', 3), '2027-01-02'],
  ['negative days go back over 29 February', () => addDays('2024-03-01', -1), '2024-02-29'],
  ['a century year that is not a leap year', () => addDays('2100-02-28', 1), '2100-03-01'],
  ['the next Friday on or after a Friday is that day', () => weekdayOnOrAfter('2026-06-19', WEEKDAY.fri), '2026-06-19'],
];

for (const [name, compute, expected] of rollovers) {
  test(`calendar dates: ${name}`, () => {
    assert.equal(compute(), expected);
  });
}

test('weekdayOf and addDays agree with Date for every day from 1900 to 2200', () => {
  for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2200, 0, 1); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    assert.equal(weekdayOf(date), new Date(ms).getUTCDay(), date);
    assert.equal(addDays(date, 1), new Date(ms + 86_400_000).toISOString().slice(0, 10), date);
  }
});
