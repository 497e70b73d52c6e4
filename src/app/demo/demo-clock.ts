// The demo's clock: it stands still while the week is played and moves only when the player
// says, so Herald's timers (stall checks, review requests, SLAs) fire at their simulated times.
// When the week is over it joins the real clock, never going backwards.

import type { Clock } from '../../core/ports/clock.ts';

export interface DemoClock extends Clock {
  /** Move to `ms`; earlier times are ignored (time never runs backwards). */
  advanceTo(ms: number): void;
  /** From now on follow `live`, from wherever the simulation stopped. */
  goLive(): void;
}

export function createDemoClock(startMs: number, live: Clock): DemoClock {
  let simulatedMs = startMs;
  let following = false;
  return {
    nowMs: () => (following ? Math.max(simulatedMs, live.nowMs()) : simulatedMs),
    advanceTo(ms) {
      if (ms > simulatedMs) simulatedMs = ms;
    },
    goLive() {
      following = true;
    },
  };
}
