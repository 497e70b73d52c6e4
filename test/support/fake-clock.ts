// A settable clock for tests: time moves only when the test says so.

import type { Clock } from '../../src/core/ports/clock.ts';

export interface FakeClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function createFakeClock(startMs = Date.parse('2026-11-20T12:00:00Z')): FakeClock {
  let now = startMs;
  return {
    nowMs: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
