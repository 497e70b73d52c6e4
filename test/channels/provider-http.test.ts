// Retry-After as every HTTP channel transport and help desk client reads it: delay-seconds or an
// HTTP date (RFC 9110 §10.2.3), never anything looser.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRetryAfterMs } from '../../src/adapters/channels/provider-http.ts';

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2026-11-20T12:00:00Z');
  // [header, expected]
  const cases: [string | null, number | null][] = [
    ['7', 7000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Fri, 20 Nov 2026 12:01:30 GMT', 90_000],
    ['Fri, 20 Nov 2026 11:00:00 GMT', 0],
    ['7 days', null],
    ['2026', 2_026_000],
    ['20 Nov 2026 12:01:30 GMT', null],
    ['Friday, 20-Nov-26 12:01:30 GMT', 90_000],
    ['Fri Nov 20 12:01:30 2026', 90_000],
    ['-1', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} is ${String(expected)}`, () => {
      assert.equal(parseRetryAfterMs(header, nowMs), expected);
    });
  }
});
