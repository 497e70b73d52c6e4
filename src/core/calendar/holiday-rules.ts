// National public holiday rules per country: the days carriers neither pick up nor deliver across
// the whole country. Regional holidays are left out on purpose: a parcel crosses regions, and a
// stall clock that stops too rarely is safer than one that stops for half a country.

import { addDays, isoDate, nthWeekday, WEEKDAY, weekdayOf, weekdayOnOrAfter } from './calendar-date.ts';

/** Dates a country closes in `year`; `easter(n)` is the date `n` days after Easter Sunday. */
export type HolidayRule = (year: number, easter: (offsetDays: number) => string) => readonly string[];

const { sun: SUN, mon: MON, thu: THU, fri: FRI, sat: SAT } = WEEKDAY;

/** One-off days by country (royal events, jubilees); the rules cannot foresee them. */
const ONE_OFF: Readonly<Record<string, readonly string[]>> = {
  GB: ['1999-12-31', '2002-06-03', '2011-04-29', '2012-06-05', '2022-06-03', '2022-09-19', '2023-05-08'],
  DE: ['2017-10-31'],
  IE: ['2022-03-18'],
};

/** New Zealand's Matariki follows the Māori lunar calendar; the dates are set by statute. */
const MATARIKI: Readonly<Record<number, string>> = {
  2022: '06-24', 2023: '07-14', 2024: '06-28', 2025: '06-20', 2026: '07-10', 2027: '06-25',
  2028: '07-14', 2029: '07-06', 2030: '06-21', 2031: '07-11', 2032: '07-02', 2033: '06-24',
  2034: '07-07', 2035: '06-29', 2036: '07-18', 2037: '07-10', 2038: '06-25', 2039: '07-15',
  2040: '07-06', 2041: '07-19', 2042: '07-11', 2043: '07-03', 2044: '06-24', 2045: '07-07',
  2046: '06-29', 2047: '07-19', 2048: '07-03', 2049: '06-25', 2050: '07-15', 2051: '06-30',
  2052: '06-21',
};

export const HOLIDAY_RULES: Readonly<Record<string, HolidayRule>> = {
  // Next year's New Year's Day is listed so a Saturday 1 January is observed on 31 December.
  US: (y) => [
    ...[md(y, 1, 1), md(y + 1, 1, 1), md(y, 7, 4), md(y, 11, 11), md(y, 12, 25)].flatMap(usObserved),
    ...(y >= 2021 ? usObserved(md(y, 6, 19)) : []), nthWeekday(y, 1, MON, 3), nthWeekday(y, 2, MON, 3),
    nthWeekday(y, 5, MON, -1), nthWeekday(y, 9, MON, 1), nthWeekday(y, 10, MON, 2), nthWeekday(y, 11, THU, 4),
  ],
  CA: (y, e) =>
    withSubstitutes([md(y, 1, 1), md(y, 7, 1), md(y, 12, 25), md(y, 12, 26)], [
      e(-2), victoriaDay(y), nthWeekday(y, 8, MON, 1), nthWeekday(y, 9, MON, 1),
      ...(y >= 2021 ? [md(y, 9, 30)] : []), nthWeekday(y, 10, MON, 2), md(y, 11, 11),
    ]),
  GB: (y, e) =>
    withSubstitutes([md(y, 1, 1), md(y, 12, 25), md(y, 12, 26)], [
      e(-2), e(1), gbEarlyMay(y), gbSpring(y), nthWeekday(y, 8, MON, -1), ...oneOff('GB', y),
    ]),
  DE: (y, e) => [
    md(y, 1, 1), e(-2), e(1), md(y, 5, 1), e(39), e(50), md(y, 10, 3), md(y, 12, 25), md(y, 12, 26),
    ...oneOff('DE', y),
  ],
  FR: (y, e) => [
    md(y, 1, 1), e(1), md(y, 5, 1), md(y, 5, 8), e(39), e(50), md(y, 7, 14), md(y, 8, 15),
    md(y, 11, 1), md(y, 11, 11), md(y, 12, 25),
  ],
  ES: (y, e) => [
    md(y, 1, 1), md(y, 1, 6), e(-2), md(y, 5, 1), md(y, 8, 15), md(y, 10, 12), md(y, 11, 1),
    md(y, 12, 6), md(y, 12, 8), md(y, 12, 25),
  ],
  IT: (y, e) => [
    md(y, 1, 1), md(y, 1, 6), e(0), e(1), md(y, 4, 25), md(y, 5, 1), md(y, 6, 2), md(y, 8, 15),
    ...(y >= 2026 ? [md(y, 10, 4)] : []), md(y, 11, 1), md(y, 12, 8), md(y, 12, 25), md(y, 12, 26),
  ],
  NL: (y, e) => [md(y, 1, 1), e(0), e(1), kingsDay(y), e(39), e(49), e(50), md(y, 12, 25), md(y, 12, 26)],
  BE: (y, e) => [
    md(y, 1, 1), e(0), e(1), md(y, 5, 1), e(39), e(49), e(50), md(y, 7, 21), md(y, 8, 15),
    md(y, 11, 1), md(y, 11, 11), md(y, 12, 25),
  ],
  AT: (y, e) => [
    md(y, 1, 1), md(y, 1, 6), e(0), e(1), md(y, 5, 1), e(39), e(49), e(50), e(60), md(y, 8, 15),
    md(y, 10, 26), md(y, 11, 1), md(y, 12, 8), md(y, 12, 25), md(y, 12, 26),
  ],
  // Berchtold's Day and Good Friday are cantonal, but most cantons (and Swiss Post) close.
  CH: (y, e) => [md(y, 1, 1), md(y, 1, 2), e(-2), e(0), e(1), e(39), e(49), e(50), md(y, 8, 1), md(y, 12, 25), md(y, 12, 26)],
  IE: (y, e) =>
    withSubstitutes([md(y, 1, 1), md(y, 3, 17), md(y, 12, 25), md(y, 12, 26)], [
      ...(y >= 2023 ? [stBrigidsDay(y)] : []), e(1), nthWeekday(y, 5, MON, 1), nthWeekday(y, 6, MON, 1),
      nthWeekday(y, 8, MON, 1), nthWeekday(y, 10, MON, -1), ...oneOff('IE', y),
    ]),
  AU: (y, e) => withSubstitutes([md(y, 1, 1), md(y, 1, 26), md(y, 12, 25), md(y, 12, 26)], [e(-2), e(1), md(y, 4, 25)]),
  NZ: (y, e) =>
    withSubstitutes(
      [md(y, 1, 1), md(y, 1, 2), md(y, 12, 25), md(y, 12, 26), ...(y >= 2014 ? [md(y, 2, 6), md(y, 4, 25)] : [])],
      [
        ...(y < 2014 ? [md(y, 2, 6), md(y, 4, 25)] : []), e(-2), e(1), nthWeekday(y, 6, MON, 1),
        ...(MATARIKI[y] === undefined ? [] : [`${y}-${MATARIKI[y]}`]), nthWeekday(y, 10, MON, 4),
      ],
    ),
  PL: (y, e) => [
    md(y, 1, 1), md(y, 1, 6), e(0), e(1), md(y, 5, 1), md(y, 5, 3), e(49), e(60), md(y, 8, 15),
    md(y, 11, 1), md(y, 11, 11), ...(y >= 2025 ? [md(y, 12, 24)] : []), md(y, 12, 25), md(y, 12, 26),
  ],
  // Midsummer Eve, Christmas Eve and New Year's Eve are not statutory, but PostNord does not work.
  SE: (y, e) => [
    md(y, 1, 1), md(y, 1, 6), e(-2), e(0), e(1), md(y, 5, 1), e(39), e(49), md(y, 6, 6),
    weekdayOnOrAfter(md(y, 6, 19), FRI), weekdayOnOrAfter(md(y, 6, 20), SAT),
    weekdayOnOrAfter(md(y, 10, 31), SAT), md(y, 12, 24), md(y, 12, 25), md(y, 12, 26), md(y, 12, 31),
  ],
  DK: (y, e) => [
    md(y, 1, 1), e(-3), e(-2), e(0), e(1), ...(y < 2024 ? [e(26)] : []), e(39), e(49), e(50),
    md(y, 6, 5), md(y, 12, 24), md(y, 12, 25), md(y, 12, 26),
  ],
  NO: (y, e) => [
    md(y, 1, 1), e(-3), e(-2), e(0), e(1), md(y, 5, 1), md(y, 5, 17), e(39), e(49), e(50),
    md(y, 12, 25), md(y, 12, 26),
  ],
  PT: (y, e) => {
    // Corpus Christi, 5 October, 1 November and 1 December were suspended in 2013-2015.
    const suspended = y >= 2013 && y <= 2015;
    return [
      md(y, 1, 1), e(-2), e(0), md(y, 4, 25), md(y, 5, 1), md(y, 6, 10), md(y, 8, 15), md(y, 12, 8),
      md(y, 12, 25), ...(suspended ? [] : [e(60), md(y, 10, 5), md(y, 11, 1), md(y, 12, 1)]),
    ];
  },
  JP: (y) => japanese(y),
  // Holy Thursday and Good Friday are not statutory in Mexico, but banks and Correos close.
  MX: (y, e) => [
    md(y, 1, 1), nthWeekday(y, 2, MON, 1), nthWeekday(y, 3, MON, 3), e(-3), e(-2), md(y, 5, 1),
    md(y, 9, 16), ...mexicanInauguration(y), nthWeekday(y, 11, MON, 3), md(y, 12, 25),
  ],
};

function md(year: number, month: number, day: number): string {
  return isoDate(year, month, day);
}

function oneOff(country: string, year: number): readonly string[] {
  return (ONE_OFF[country] ?? []).filter((date) => date.startsWith(`${year}-`));
}

/** US federal rule: a Saturday holiday is observed on Friday, a Sunday one on Monday. */
function usObserved(date: string): string[] {
  const weekday = weekdayOf(date);
  if (weekday === SAT) return [date, addDays(date, -1)];
  if (weekday === SUN) return [date, addDays(date, 1)];
  return [date];
}

/**
 * The Commonwealth rule: a holiday that falls on a weekend gives the next weekday that is not
 * already a holiday. The weekend date stays in the list, because carriers close on it too.
 */
function withSubstitutes(substitutable: readonly string[], others: readonly string[]): string[] {
  const taken = new Set([...substitutable, ...others].filter((date) => !isWeekend(date)));
  const result = [...substitutable, ...others];
  for (const date of [...substitutable].sort()) {
    if (!isWeekend(date)) continue;
    let substitute = addDays(date, 1);
    while (isWeekend(substitute) || taken.has(substitute)) substitute = addDays(substitute, 1);
    taken.add(substitute);
    result.push(substitute);
  }
  return result;
}

function isWeekend(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === SAT || weekday === SUN;
}

/** The Monday before 25 May. */
function victoriaDay(year: number): string {
  return weekdayOnOrAfter(md(year, 5, 18), MON);
}

function gbEarlyMay(year: number): string {
  if (year === 1995) return '1995-05-08';
  if (year === 2020) return '2020-05-08';
  return nthWeekday(year, 5, MON, 1);
}

function gbSpring(year: number): string {
  if (year === 2002) return '2002-06-04';
  if (year === 2012) return '2012-06-04';
  if (year === 2022) return '2022-06-02';
  return nthWeekday(year, 5, MON, -1);
}

/** First Monday of February, or 1 February itself when that is a Friday. */
function stBrigidsDay(year: number): string {
  const first = md(year, 2, 1);
  return weekdayOf(first) === FRI ? first : nthWeekday(year, 2, MON, 1);
}

/** King's Day moves to Saturday when 27 April (Queen's Day, 30 April, before 2014) is a Sunday. */
function kingsDay(year: number): string {
  const date = year >= 2014 ? md(year, 4, 27) : md(year, 4, 30);
  return weekdayOf(date) === SUN ? addDays(date, -1) : date;
}

function mexicanInauguration(year: number): string[] {
  if (year >= 2024) return (year - 2024) % 6 === 0 ? [md(year, 10, 1)] : [];
  return (year - 2018) % 6 === 0 ? [md(year, 12, 1)] : [];
}

/** Japan's holidays with the substitute-day and sandwiched-day laws (rules as of 2020). */
function japanese(y: number): string[] {
  // The equinox approximation holds for 1980-2099.
  const shift = 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4);
  const base = [
    md(y, 1, 1), nthWeekday(y, 1, MON, 2), md(y, 2, 11), md(y, 3, Math.floor(20.8431 + shift)),
    md(y, 4, 29), md(y, 5, 3), md(y, 5, 4), md(y, 5, 5), nthWeekday(y, 7, MON, 3),
    ...(y >= 2016 ? [md(y, 8, 11)] : []), nthWeekday(y, 9, MON, 3),
    md(y, 9, Math.floor(23.2488 + shift)), nthWeekday(y, 10, MON, 2), md(y, 11, 3), md(y, 11, 23),
    y >= 2020 ? md(y, 2, 23) : md(y, 12, 23),
  ].filter((date) => date !== '2019-12-23');
  const national = new Set(base);
  const days = new Set(base);
  for (const date of [...base].sort()) {
    if (weekdayOf(date) !== SUN) continue;
    let substitute = addDays(date, 1);
    while (days.has(substitute)) substitute = addDays(substitute, 1);
    days.add(substitute);
  }
  for (const date of base) {
    const between = addDays(date, 1);
    if (!days.has(between) && national.has(addDays(date, 2)) && weekdayOf(between) !== SUN) days.add(between);
  }
  return [...days];
}
