// Dates on the customer pages: in the page's language and the given zone, an unknown zone read as
// UTC, and formatters kept per language and zone never mixed up.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime, formatDay, formatDayRange, pickLanguage } from '../../src/web/shared/i18n.ts';

const lateEvening = '2026-12-02T23:30:00.000Z';

test('a day and a time are written in the page language and the zone asked for, each zone its own', () => {
  assert.equal(formatDay('en', lateEvening, 'UTC'), 'Wed 2 Dec');
  assert.equal(formatDay('en', lateEvening, 'Europe/Berlin'), 'Thu 3 Dec', 'past midnight in Berlin');
  assert.equal(formatDay('en', lateEvening, 'UTC'), 'Wed 2 Dec', 'the Berlin formatter is not reused for UTC');
  assert.equal(formatDay('de', lateEvening, 'Europe/Berlin'), 'Do., 3. Dez.');
  assert.equal(formatDateTime('en', lateEvening, 'America/New_York'), 'Wed 2 Dec, 18:30');
  assert.equal(formatDateTime('fr', lateEvening, 'UTC'), 'mer. 2 déc., 23:30');
});

test('an unknown zone is read as UTC instead of breaking the page', () => {
  assert.equal(formatDay('en', lateEvening, 'Mars/Olympus_Mons'), 'Wed 2 Dec');
  assert.equal(formatDateTime('en', lateEvening, 'not a zone'), 'Wed 2 Dec, 23:30');
});

test('a range of days is one day when both ends fall on it', () => {
  assert.equal(formatDayRange('en', '2026-12-03T09:00:00Z', '2026-12-04T09:00:00Z', 'UTC'), 'Thu 3 Dec\u2009–\u2009Fri 4 Dec', 'thin spaces around the dash');
  assert.equal(formatDayRange('en', '2026-12-03T09:00:00Z', '2026-12-03T18:00:00Z', 'UTC'), 'Thu 3 Dec');
});

test('the language comes from ?lang=, then Accept-Language by q, then the hint, then English', () => {
  assert.equal(pickLanguage('DE', 'fr'), 'de');
  assert.equal(pickLanguage(undefined, 'fr;q=0.5, es;q=0.9'), 'es');
  assert.equal(pickLanguage(undefined, 'ja', 'fr-CA'), 'fr');
  assert.equal(pickLanguage(undefined, undefined), 'en');
});
