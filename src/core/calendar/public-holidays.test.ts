import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOLIDAY_RULES } from './holiday-rules.ts';
import { easterSunday, publicHolidays } from './public-holidays.ts';

const easters: [number, string][] = [
  [2024, '2024-03-31'],
  [2025, '2025-04-20'],
  [2026, '2026-04-05'],
  [2000, '2000-04-23'],
  [2019, '2019-04-21'],
  [2038, '2038-04-25'], // the latest possible date
  [2285, '2285-03-22'], // the earliest possible date
];

for (const [year, expected] of easters) {
  test(`Easter Sunday ${year} is ${expected}`, () => {
    assert.equal(easterSunday(year), expected);
  });
}

const fullYears: [string, number, string[]][] = [
  ['US', 2026, [
    '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-07-04',
    '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  ]],
  ['GB', 2026, [
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25',
    '2026-12-26', '2026-12-28',
  ]],
  ['DE', 2026, [
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03',
    '2026-12-25', '2026-12-26',
  ]],
  ['JP', 2026, [
    '2026-01-01', '2026-01-12', '2026-02-11', '2026-02-23', '2026-03-20', '2026-04-29', '2026-05-03',
    '2026-05-04', '2026-05-05', '2026-05-06', '2026-07-20', '2026-08-11', '2026-09-21', '2026-09-22',
    '2026-09-23', '2026-10-12', '2026-11-03', '2026-11-23',
  ]],
];

for (const [country, year, expected] of fullYears) {
  test(`${country} ${year} has exactly its national holidays`, () => {
    assert.deepEqual(publicHolidays(country, year), expected);
  });
}

const includes: [string, number, string, string][] = [
  ['US', 2026, '2026-11-26', 'Thanksgiving, fourth Thursday of November'],
  ['US', 2026, '2026-07-03', 'Independence Day observed on Friday (4 July is a Saturday)'],
  ['US', 2027, '2027-06-18', 'Juneteenth observed on Friday (19 June is a Saturday)'],
  ['US', 2022, '2022-12-26', 'Christmas observed on Monday (25 December is a Sunday)'],
  ['US', 2021, '2021-12-31', "New Year's Day 2022 observed in 2021 (1 January is a Saturday)"],
  ['CA', 2026, '2026-05-18', 'Victoria Day, the Monday before 25 May'],
  ['CA', 2026, '2026-10-12', 'Thanksgiving, second Monday of October'],
  ['CA', 2022, '2022-12-27', 'Christmas substitute on Tuesday when Boxing Day holds the Monday'],
  ['GB', 2026, '2026-04-06', 'Easter Monday'],
  ['GB', 2021, '2021-12-28', 'Boxing Day substitute when Christmas is a Saturday'],
  ['GB', 2022, '2022-06-03', 'Platinum Jubilee'],
  ['GB', 2022, '2022-01-03', "New Year's Day substitute"],
  ['DE', 2026, '2026-04-03', 'Karfreitag'],
  ['DE', 2017, '2017-10-31', 'Reformationstag 500th anniversary'],
  ['FR', 2026, '2026-05-14', 'Ascension'],
  ['FR', 2026, '2026-07-14', 'Fête nationale'],
  ['ES', 2026, '2026-12-08', 'Inmaculada Concepción'],
  ['IT', 2027, '2027-10-04', 'San Francesco, a national holiday again from 2026'],
  ['NL', 2025, '2025-04-26', "King's Day on Saturday when 27 April is a Sunday"],
  ['BE', 2026, '2026-07-21', 'National Day'],
  ['AT', 2026, '2026-06-04', 'Fronleichnam'],
  ['CH', 2026, '2026-08-01', 'Swiss National Day'],
  ['IE', 2026, '2026-02-02', "St Brigid's Day, first Monday of February"],
  ['IE', 2030, '2030-02-01', "St Brigid's Day on 1 February when that is a Friday"],
  ['AU', 2026, '2026-01-26', 'Australia Day'],
  ['NZ', 2026, '2026-07-10', 'Matariki'],
  ['NZ', 2026, '2026-04-27', 'Anzac Day Mondayised'],
  ['PL', 2025, '2025-12-24', 'Wigilia, a holiday from 2025'],
  ['SE', 2026, '2026-06-19', 'Midsummer Eve'],
  ['DK', 2023, '2023-05-05', 'Store bededag before its abolition'],
  ['NO', 2026, '2026-05-17', 'Constitution Day'],
  ['PT', 2026, '2026-06-10', 'Dia de Portugal'],
  ['JP', 2025, '2025-11-24', 'substitute for Labour Thanksgiving Day on a Sunday'],
  ['MX', 2026, '2026-03-16', "Benito Juárez's birthday, third Monday of March"],
  ['MX', 2024, '2024-10-01', 'presidential inauguration'],
];

for (const [country, year, date, name] of includes) {
  test(`${country} ${year} includes ${date}: ${name}`, () => {
    assert.ok(publicHolidays(country, year).includes(date), publicHolidays(country, year).join(', '));
  });
}

const excludes: [string, number, string, string][] = [
  ['US', 2020, '2020-06-19', 'Juneteenth became federal in 2021'],
  ['US', 2022, '2022-12-31', "a Saturday New Year's Day is not observed in the year it starts"],
  ['DE', 2026, '2026-01-06', 'Heilige Drei Könige is regional'],
  ['IT', 2025, '2025-10-04', 'San Francesco returns only in 2026'],
  ['DK', 2024, '2024-04-26', 'Store bededag was abolished from 2024'],
  ['PL', 2024, '2024-12-24', 'Wigilia before 2025'],
  ['PT', 2014, '2014-12-01', 'Restauração da Independência was suspended in 2013-2015'],
  ['JP', 2019, '2019-12-23', 'no Emperor’s Birthday in the year of the abdication'],
];

for (const [country, year, date, reason] of excludes) {
  test(`${country} ${year} excludes ${date}: ${reason}`, () => {
    assert.ok(!publicHolidays(country, year).includes(date));
  });
}

test('country codes are case-insensitive and UK means GB', () => {
  assert.deepEqual(publicHolidays('de', 2026), publicHolidays('DE', 2026));
  assert.deepEqual(publicHolidays(' uk ', 2026), publicHolidays('GB', 2026));
});

test('an unknown country has no holidays', () => {
  assert.deepEqual(publicHolidays('ZZ', 2026), []);
  assert.deepEqual(publicHolidays('', 2026), []);
});

test('every country lists sorted, distinct dates inside the year asked for', () => {
  for (const country of Object.keys(HOLIDAY_RULES)) {
    for (let year = 2000; year <= 2040; year++) {
      const dates = publicHolidays(country, year);
      assert.ok(dates.length >= 5, `${country} ${year}`);
      assert.deepEqual(dates, [...new Set(dates)].sort(), `${country} ${year}`);
      assert.ok(dates.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && date.startsWith(`${year}-`)), `${country} ${year}`);
    }
  }
});

test('the returned list is a copy: changing it does not change the next answer', () => {
  publicHolidays('US', 2026).push('2026-02-30');
  assert.ok(!publicHolidays('US', 2026).includes('2026-02-30'));
});
