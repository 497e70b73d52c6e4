import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BusinessCalendar } from './business-hours.ts';
import { addBusinessHours, businessHoursBetween, carrierCalendar, isBusinessDay } from './business-hours.ts';
import { zonedTimeToUtcMs } from './local-time.ts';

const MON_SAT = [1, 2, 3, 4, 5, 6];
const MON_FRI = [1, 2, 3, 4, 5];
const NEW_YORK = 'America/New_York';

function calendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return { country: 'US', workingDays: MON_SAT, timeZone: NEW_YORK, holidays: () => new Set(), ...overrides };
}

/** A local wall time as `YYYY-MM-DD HH:MM`, in the calendar's zone. */
function local(wall: string, timeZone: string): number {
  return zonedTimeToUtcMs(wall.slice(0, 10), Number(wall.slice(11, 13)), Number(wall.slice(14, 16)), timeZone);
}

const ups = carrierCalendar('ups', 'US');
const unknownUs = carrierCalendar(null, 'US');
const dhlDe = carrierCalendar('dhl', 'DE');
const unknownGb = carrierCalendar('unknown_courier', 'GB');

// [case, calendar, start (local), business hours, due (local), due as UTC]
const dueCases: [string, BusinessCalendar, string, number, string, string][] = [
  ['Saturday 10:00 + 48h on Mon-Sat skips Sunday', calendar(), '2026-05-09 10:00', 48, '2026-05-12 10:00', '2026-05-12T14:00:00Z'],
  ['Friday 10:00 + 48h on Mon-Fri skips the weekend', calendar({ workingDays: MON_FRI }), '2026-05-08 10:00', 48, '2026-05-12 10:00', '2026-05-12T14:00:00Z'],
  ['a start on Sunday waits for Monday', calendar(), '2026-05-10 15:00', 24, '2026-05-12 00:00', '2026-05-12T04:00:00Z'],
  ['a few hours within one business day', calendar(), '2026-05-11 08:00', 5, '2026-05-11 13:00', '2026-05-11T17:00:00Z'],
  ['fractional hours', calendar(), '2026-05-11 08:00', 1.5, '2026-05-11 09:30', '2026-05-11T13:30:00Z'],
  ['exactly to local midnight', calendar(), '2026-05-11 20:00', 4, '2026-05-12 00:00', '2026-05-12T04:00:00Z'],
  ['a stall across US Thanksgiving (UPS, Mon-Sat)', ups, '2026-11-25 15:00', 48, '2026-11-28 15:00', '2026-11-28T20:00:00Z'],
  ['a stall across US Thanksgiving and a weekend (Mon-Fri)', unknownUs, '2026-11-25 15:00', 48, '2026-11-30 15:00', '2026-11-30T20:00:00Z'],
  ['observed Independence Day and the Saturday itself', ups, '2026-07-02 12:00', 24, '2026-07-06 12:00', '2026-07-06T16:00:00Z'],
  ['New York spring-forward falls on the skipped Sunday', calendar(), '2026-03-07 10:00', 48, '2026-03-10 10:00', '2026-03-10T14:00:00Z'],
  ['New York fall-back falls on the skipped Sunday', calendar(), '2026-10-31 10:00', 48, '2026-11-03 10:00', '2026-11-03T15:00:00Z'],
  ['Berlin spring-forward (DHL, Mon-Sat)', dhlDe, '2026-03-28 10:00', 48, '2026-03-31 10:00', '2026-03-31T08:00:00Z'],
  ['Berlin fall-back (DHL, Mon-Sat)', dhlDe, '2026-10-24 10:00', 48, '2026-10-27 10:00', '2026-10-27T09:00:00Z'],
  ['German Christmas: 24 December counts, 25 and 26 do not', carrierCalendar(null, 'DE'), '2026-12-23 09:00', 48, '2026-12-28 09:00', '2026-12-28T08:00:00Z'],
  ['English Easter: Good Friday to Easter Monday closed', unknownGb, '2026-04-02 12:00', 24, '2026-04-07 12:00', '2026-04-07T11:00:00Z'],
  ['a business DST day counts its 23 real hours', calendar({ workingDays: [0, ...MON_SAT] }), '2026-03-07 12:00', 24, '2026-03-08 13:00', '2026-03-08T17:00:00Z'],
  ['a business DST day counts its 25 real hours', calendar({ workingDays: [0, ...MON_SAT] }), '2026-10-31 12:00', 24, '2026-11-01 11:00', '2026-11-01T16:00:00Z'],
  ['zero hours is the start itself', calendar(), '2026-05-10 15:00', 0, '2026-05-10 15:00', '2026-05-10T19:00:00Z'],
];

for (const [name, cal, start, hours, dueLocal, dueUtc] of dueCases) {
  test(`addBusinessHours: ${name}`, () => {
    const due = addBusinessHours(local(start, cal.timeZone), hours, cal);
    assert.equal(new Date(due).toISOString(), new Date(dueUtc).toISOString());
    assert.equal(due, local(dueLocal, cal.timeZone));
  });
}

test('businessHoursBetween undoes addBusinessHours across a month with a DST change and holidays', () => {
  for (const cal of [ups, unknownUs, dhlDe, carrierCalendar('royal_mail', 'GB')]) {
    const first = Date.parse('2026-03-01T00:00:00Z');
    for (let startMs = first; startMs < first + 31 * 86_400_000; startMs += 7 * 3_600_000 + 60_000) {
      for (const hours of [1, 24, 48, 72.5]) {
        const due = addBusinessHours(startMs, hours, cal);
        assert.equal(businessHoursBetween(startMs, due, cal), hours, `${cal.timeZone} ${new Date(startMs).toISOString()} +${hours}h`);
      }
    }
  }
});

const betweenCases: [string, BusinessCalendar, string, string, number][] = [
  ['Saturday to Tuesday on Mon-Sat', calendar(), '2026-05-09 10:00', '2026-05-12 10:00', 48],
  ['a whole weekend on Mon-Fri', calendar({ workingDays: MON_FRI }), '2026-05-09 00:00', '2026-05-11 00:00', 0],
  ['Thanksgiving counts nothing', ups, '2026-11-26 00:00', '2026-11-27 00:00', 0],
  ['an end before the start', calendar(), '2026-05-12 10:00', '2026-05-11 10:00', 0],
];

for (const [name, cal, start, end, hours] of betweenCases) {
  test(`businessHoursBetween: ${name} is ${hours}h`, () => {
    assert.equal(businessHoursBetween(local(start, cal.timeZone), local(end, cal.timeZone), cal), hours);
  });
}

// [carrier, country, working days, zone]
const carrierCases: [string | null, string | null, number[], string][] = [
  ['usps', 'US', MON_SAT, NEW_YORK],
  ['UPS', 'us', MON_SAT, NEW_YORK],
  ['fedex', 'US', MON_SAT, NEW_YORK],
  ['amazon', 'US', MON_SAT, NEW_YORK],
  ['dhl', 'DE', MON_SAT, 'Europe/Berlin'],
  ['royal_mail', 'GB', MON_SAT, 'Europe/London'],
  ['dpd', 'FR', MON_FRI, 'Europe/Paris'],
  [null, 'JP', MON_FRI, 'Asia/Tokyo'],
  ['someone', null, MON_FRI, 'UTC'],
];

for (const [carrier, country, workingDays, timeZone] of carrierCases) {
  test(`carrierCalendar: ${carrier ?? 'no carrier'} in ${country ?? 'no country'} works ${workingDays.join(',')} in ${timeZone}`, () => {
    const cal = carrierCalendar(carrier, country);
    assert.deepEqual([...cal.workingDays], workingDays);
    assert.equal(cal.timeZone, timeZone);
    assert.ok(!cal.workingDays.includes(0), 'Sunday is never a business day for stall purposes');
  });
}

test("carrierCalendar closes on the country's public holidays", () => {
  assert.ok(ups.holidays(2026).has('2026-11-26'));
  assert.equal(carrierCalendar('ups', null).holidays(2026).size, 0);
});

const businessDays: [string, BusinessCalendar, string, boolean][] = [
  ['a Monday', ups, '2026-05-11', true],
  ['a Saturday for a Mon-Sat carrier', ups, '2026-05-09', true],
  ['a Saturday for a Mon-Fri carrier', unknownUs, '2026-05-09', false],
  ['a Sunday', ups, '2026-05-10', false],
  ['Thanksgiving', ups, '2026-11-26', false],
  ['the Friday Independence Day is observed on', ups, '2026-07-03', false],
];

for (const [name, cal, date, expected] of businessDays) {
  test(`isBusinessDay: ${name} (${date}) is ${expected ? '' : 'not '}a business day`, () => {
    assert.equal(isBusinessDay(date, cal), expected);
  });
}

test('a calendar without business days is refused instead of looping', () => {
  assert.throws(() => addBusinessHours(0, 1, calendar({ workingDays: [] })), RangeError);
});

test('non-finite hours are refused', () => {
  assert.throws(() => addBusinessHours(0, Number.POSITIVE_INFINITY, calendar()), RangeError);
  assert.throws(() => addBusinessHours(0, Number.NaN, calendar()), RangeError);
});
