import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessSourceHealth, silenceLimit, type HourlyCounts } from './assess-source-health.ts';

const NOW = Date.parse('2026-11-20T12:30:00Z');
const H = 3_600_000;
const hour = (hoursAgo: number, counts: Partial<HourlyCounts> = {}): HourlyCounts => ({
  hour: new Date(NOW - hoursAgo * H).toISOString().slice(0, 13),
  events: 0,
  signatureFailures: 0,
  parseFailures: 0,
  ...counts,
});

test('the silence limit is 6 h, or 4x the median gap between active hours when that is longer', () => {
  assert.equal(silenceLimit([], NOW), 6);
  assert.equal(silenceLimit([hour(1, { events: 3 }), hour(2, { events: 1 })], NOW), 6, 'hourly feed: 4 x 1 h < 6 h');
  const daily = [24, 48, 72, 96].map((ago) => hour(ago, { events: 1 }));
  assert.equal(silenceLimit(daily, NOW), 96, 'a daily feed may be quiet for 4 days');
  assert.equal(silenceLimit([hour(200, { events: 1 }), hour(300, { events: 1 })], NOW), 6, 'older than 7 days does not count');
});

test('silent, failing, waiting and ok, table-driven', () => {
  const cases: { name: string; hours: HourlyCounts[]; last: string | null; status: string }[] = [
    { name: 'never sent anything', hours: [], last: null, status: 'waiting' },
    { name: 'an event 2 h ago on an hourly feed', hours: [hour(2, { events: 5 }), hour(3, { events: 5 })], last: new Date(NOW - 2 * H).toISOString(), status: 'ok' },
    { name: 'nothing for 7 h on an hourly feed', hours: [hour(7, { events: 5 }), hour(8, { events: 5 })], last: new Date(NOW - 7 * H).toISOString(), status: 'silent' },
    { name: '5 signature failures and no events this hour', hours: [hour(0, { signatureFailures: 5 })], last: new Date(NOW - H).toISOString(), status: 'failing' },
    { name: '5 failures among 50 events', hours: [hour(0, { signatureFailures: 5, events: 50 })], last: new Date(NOW).toISOString(), status: 'ok' },
    { name: '4 parse failures is below the threshold', hours: [hour(1, { parseFailures: 4 })], last: new Date(NOW - H).toISOString(), status: 'ok' },
  ];
  for (const c of cases) assert.equal(assessSourceHealth(c.hours, c.last, NOW).status, c.status, c.name);
});
