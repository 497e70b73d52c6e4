import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuietHours } from './local-time.ts';
import { localDayRange, localParts, nextLocalTime, quietHoursEnd, timeZoneFor, zonedTimeToUtcMs } from './local-time.ts';
import { COUNTRY_ZONES, REGION_ZONES, US_STATE_ZONES, US_ZIP3_ZONES } from './time-zone-tables.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const utc = (iso: string): number => Date.parse(iso);

// [country, region, postal code, zone]
const zoneCases: [string | null, string | null, string | null, string][] = [
  ['US', 'CA', null, 'America/Los_Angeles'],
  ['US', 'NY', null, NEW_YORK],
  ['US', 'TX', null, 'America/Chicago'],
  ['US', 'AZ', null, 'America/Phoenix'],
  ['US', 'HI', null, 'Pacific/Honolulu'],
  ['US', 'AK', null, 'America/Anchorage'],
  ['US', 'CO', null, 'America/Denver'],
  ['US', 'DC', null, NEW_YORK],
  ['US', 'IN', null, 'America/Indiana/Indianapolis'],
  ['US', 'MI', null, 'America/Detroit'],
  ['US', 'california', null, 'America/Los_Angeles'],
  ['us', 'New York', null, NEW_YORK],
  ['US', 'US-WA', null, 'America/Los_Angeles'],
  ['US', 'CA', '10001', 'America/Los_Angeles'],
  ['US', null, '10001', NEW_YORK],
  ['US', null, '90210', 'America/Los_Angeles'],
  ['US', null, '60601', 'America/Chicago'],
  ['US', null, '80202', 'America/Denver'],
  ['US', null, '85001', 'America/Phoenix'],
  ['US', null, '96813', 'Pacific/Honolulu'],
  ['US', null, '99501', 'America/Anchorage'],
  ['US', null, '33101', NEW_YORK],
  ['US', null, '32501', 'America/Chicago'],
  ['US', null, '79901', 'America/Denver'],
  ['US', null, '98101-1234', 'America/Los_Angeles'],
  ['US', null, '02134', NEW_YORK],
  ['US', null, '2134', NEW_YORK],
  ['US', null, '00901', 'America/Puerto_Rico'],
  ['US', 'ZZ', '94105', 'America/Los_Angeles'],
  ['US', null, 'not a zip', NEW_YORK],
  ['US', null, null, NEW_YORK],
  ['CA', 'BC', null, 'America/Vancouver'],
  ['CA', 'Quebec', null, 'America/Toronto'],
  ['CA', null, 'T2P 1J9', 'America/Edmonton'],
  ['CA', null, 'm5v 3l9', 'America/Toronto'],
  ['AU', 'WA', null, 'Australia/Perth'],
  ['AU', 'Queensland', null, 'Australia/Brisbane'],
  ['AU', null, '6000', 'Australia/Perth'],
  ['AU', null, '0800', 'Australia/Darwin'],
  ['AU', null, null, 'Australia/Sydney'],
  ['BR', 'AM', null, 'America/Manaus'],
  ['BR', 'SP', null, 'America/Sao_Paulo'],
  ['MX', 'BCN', null, 'America/Tijuana'],
  ['MX', 'Quintana Roo', null, 'America/Cancun'],
  ['MX', 'JAL', null, 'America/Mexico_City'],
  ['RU', 'KGD', null, 'Europe/Kaliningrad'],
  ['ES', 'TF', null, 'Atlantic/Canary'],
  ['DE', 'BY', '80331', BERLIN],
  ['gb', null, null, 'Europe/London'],
  ['UK', null, null, 'Europe/London'],
  ['FR', null, null, 'Europe/Paris'],
  ['JP', null, null, 'Asia/Tokyo'],
  ['ZZ', 'CA', '90210', 'UTC'],
  [null, null, null, 'UTC'],
];

for (const [country, region, postalCode, zone] of zoneCases) {
  test(`timeZoneFor(${country}, ${region}, ${postalCode}) is ${zone}`, () => {
    assert.equal(timeZoneFor(country, region, postalCode), zone);
  });
}

test('every US state and DC has a zone', () => {
  const states = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY';
  for (const state of states.split(' ')) assert.ok(US_STATE_ZONES[state] !== undefined, state);
});

test('every zone in the tables is one Intl knows', () => {
  const zones = [
    ...Object.values(COUNTRY_ZONES),
    ...Object.values(US_STATE_ZONES),
    ...US_ZIP3_ZONES.map(([, zone]) => zone),
    ...Object.values(REGION_ZONES).flatMap((regions) => Object.values(regions)),
  ];
  for (const zone of new Set(zones)) assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone);
  assert.ok(Object.keys(COUNTRY_ZONES).length >= 40);
});

test('ZIP3 ranges ascend and end at 999', () => {
  const bounds = US_ZIP3_ZONES.map(([upTo]) => upTo);
  assert.deepEqual(bounds, [...bounds].sort((a, b) => a - b));
  assert.equal(bounds.at(-1), 999);
});

// [instant, zone, local date, hour, minute, weekday]
const partsCases: [string, string, string, number, number, number][] = [
  ['2026-03-29T00:59:59Z', BERLIN, '2026-03-29', 1, 59, 0],
  ['2026-03-29T01:00:00Z', BERLIN, '2026-03-29', 3, 0, 0],
  ['2026-11-01T05:30:00Z', NEW_YORK, '2026-11-01', 1, 30, 0],
  ['2026-11-01T06:30:00Z', NEW_YORK, '2026-11-01', 1, 30, 0],
  ['2026-12-31T15:00:00Z', 'Asia/Tokyo', '2027-01-01', 0, 0, 5],
  ['2026-05-11T03:59:00Z', NEW_YORK, '2026-05-10', 23, 59, 0],
  ['2026-05-11T12:00:00Z', 'Asia/Kolkata', '2026-05-11', 17, 30, 1],
  ['1969-12-31T23:59:00Z', 'UTC', '1969-12-31', 23, 59, 3],
];

for (const [iso, zone, date, hour, minute, weekday] of partsCases) {
  test(`localParts(${iso}, ${zone}) is ${date} ${hour}:${minute}`, () => {
    const [year, month, day] = date.split('-').map(Number);
    assert.deepEqual(localParts(utc(iso), zone), { year, month, day, hour, minute, weekday, date });
  });
}

// [case, local date, hour, minute, zone, instant]
const wallCases: [string, string, number, number, string, string][] = [
  ['a winter time in Berlin', '2026-01-15', 9, 0, BERLIN, '2026-01-15T08:00:00Z'],
  ['a summer time in Berlin', '2026-07-15', 9, 0, BERLIN, '2026-07-15T07:00:00Z'],
  ['Berlin spring-forward gap maps to its end', '2026-03-29', 2, 30, BERLIN, '2026-03-29T01:00:00Z'],
  ['Berlin fall-back overlap maps to the first occurrence', '2026-10-25', 2, 30, BERLIN, '2026-10-25T00:30:00Z'],
  ['New York spring-forward gap maps to its end', '2026-03-08', 2, 30, NEW_YORK, '2026-03-08T07:00:00Z'],
  ['New York fall-back overlap maps to the first occurrence', '2026-11-01', 1, 30, NEW_YORK, '2026-11-01T05:30:00Z'],
  ['a midnight that does not exist (Santiago)', '2026-09-06', 0, 0, 'America/Santiago', '2026-09-06T04:00:00Z'],
  ['a half-hour zone', '2026-05-11', 17, 30, 'Asia/Kolkata', '2026-05-11T12:00:00Z'],
  ['UTC', '2026-05-11', 0, 0, 'UTC', '2026-05-11T00:00:00Z'],
];

for (const [name, date, hour, minute, zone, iso] of wallCases) {
  test(`zonedTimeToUtcMs: ${name}`, () => {
    assert.equal(new Date(zonedTimeToUtcMs(date, hour, minute, zone)).toISOString(), new Date(iso).toISOString());
  });
}

// [case, from, hour, minute, zone, next]
const nextCases: [string, string, number, number, string, string][] = [
  ['later the same day', '2026-05-11T06:00:00Z', 9, 0, BERLIN, '2026-05-11T07:00:00Z'],
  ['exactly now', '2026-05-11T07:00:00Z', 9, 0, BERLIN, '2026-05-11T07:00:00Z'],
  ['tomorrow once today has passed', '2026-05-11T07:00:01Z', 9, 0, BERLIN, '2026-05-12T07:00:00Z'],
  ['across Berlin spring-forward (23 hours later)', '2026-03-28T08:00:01Z', 9, 0, BERLIN, '2026-03-29T07:00:00Z'],
  ['across Berlin fall-back (25 hours later)', '2026-10-24T07:00:01Z', 9, 0, BERLIN, '2026-10-25T08:00:00Z'],
  ['across New York spring-forward', '2026-03-07T15:00:00Z', 9, 0, NEW_YORK, '2026-03-08T13:00:00Z'],
  ['across New York fall-back', '2026-10-31T14:00:00Z', 9, 0, NEW_YORK, '2026-11-01T14:00:00Z'],
  ['a time skipped by spring-forward gives the end of the gap', '2026-03-08T05:00:00Z', 2, 30, NEW_YORK, '2026-03-08T07:00:00Z'],
  ['the second reading of a repeated time', '2026-11-01T05:45:00Z', 1, 30, NEW_YORK, '2026-11-01T06:30:00Z'],
];

for (const [name, from, hour, minute, zone, iso] of nextCases) {
  test(`nextLocalTime: ${name}`, () => {
    assert.equal(new Date(nextLocalTime(utc(from), hour, minute, zone)).toISOString(), new Date(iso).toISOString());
  });
}

const night: QuietHours = { startHour: 21, endHour: 8 };
const lunch: QuietHours = { startHour: 12, startMinute: 30, endHour: 14, endMinute: 0 };
const lateNight: QuietHours = { startHour: 22, endHour: 2, endMinute: 30 };

// [case, instant, quiet hours, zone, end of quiet hours or null]
const quietCases: [string, string, QuietHours, string, string | null][] = [
  ['Berlin, the evening before spring-forward', '2026-03-28T21:00:00Z', night, BERLIN, '2026-03-29T06:00:00Z'],
  ['Berlin, just after the spring-forward gap', '2026-03-29T01:30:00Z', night, BERLIN, '2026-03-29T06:00:00Z'],
  ['Berlin, the evening before fall-back', '2026-10-24T21:00:00Z', night, BERLIN, '2026-10-25T07:00:00Z'],
  ['Berlin, in the repeated hour', '2026-10-25T01:30:00Z', night, BERLIN, '2026-10-25T07:00:00Z'],
  ['Berlin, midday on fall-back day', '2026-10-25T11:00:00Z', night, BERLIN, null],
  ['Berlin, a minute before quiet hours', '2026-10-25T19:59:00Z', night, BERLIN, null],
  ['Berlin, as quiet hours start', '2026-10-25T20:00:00Z', night, BERLIN, '2026-10-26T07:00:00Z'],
  ['New York, the evening before spring-forward', '2026-03-08T03:00:00Z', night, NEW_YORK, '2026-03-08T12:00:00Z'],
  ['New York, the evening before fall-back', '2026-11-01T03:00:00Z', night, NEW_YORK, '2026-11-01T13:00:00Z'],
  ['New York, the second 01:30 after fall-back', '2026-11-01T06:30:00Z', night, NEW_YORK, '2026-11-01T13:00:00Z'],
  ['New York, as quiet hours end', '2026-11-01T13:00:00Z', night, NEW_YORK, null],
  ['a window inside one day', '2026-05-11T11:00:00Z', lunch, BERLIN, '2026-05-11T12:00:00Z'],
  ['outside a window inside one day', '2026-05-11T09:00:00Z', lunch, BERLIN, null],
  ['a window ending in the spring-forward gap ends with the gap', '2026-03-29T00:15:00Z', lateNight, BERLIN, '2026-03-29T01:00:00Z'],
  ['a window ending in the repeated hour ends at its next reading', '2026-10-25T01:15:00Z', lateNight, BERLIN, '2026-10-25T01:30:00Z'],
  ['an empty window', '2026-05-11T11:00:00Z', { startHour: 8, endHour: 8 }, BERLIN, null],
];

for (const [name, iso, quiet, zone, end] of quietCases) {
  test(`quietHoursEnd: ${name}`, () => {
    const result = quietHoursEnd(utc(iso), quiet, zone);
    assert.equal(result === null ? null : new Date(result).toISOString(), end === null ? null : new Date(end).toISOString());
  });
}

test('an unknown zone is a RangeError', () => {
  assert.throws(() => localParts(0, 'Mars/Olympus_Mons'), RangeError);
});

test('localDayRange: the last N local days with their midnights, a day 25 hours long across the fall-back', () => {
  // 2026-11-03 10:00 in Los Angeles; the clocks went back on Sunday 2026-11-01 at 02:00.
  const { dayKeys, boundsMs } = localDayRange(Date.parse('2026-11-03T18:00:00Z'), 4, 'America/Los_Angeles');
  assert.deepEqual(dayKeys, ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
  assert.deepEqual(boundsMs.map((ms) => new Date(ms).toISOString()), ['2026-10-31T07:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z', '2026-11-03T08:00:00.000Z', '2026-11-04T08:00:00.000Z']);
  // Just after midnight UTC it is still the day before in Los Angeles, and already the next in Tokyo.
  assert.equal(localDayRange(Date.parse('2026-11-20T01:00:00Z'), 1, 'America/Los_Angeles').dayKeys[0], '2026-11-19');
  assert.equal(localDayRange(Date.parse('2026-11-19T16:00:00Z'), 1, 'Asia/Tokyo').dayKeys[0], '2026-11-20');
  assert.deepEqual(localDayRange(Date.parse('2026-11-20T12:00:00Z'), 2, 'UTC').boundsMs.map((ms) => new Date(ms).toISOString()), ['2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
});
