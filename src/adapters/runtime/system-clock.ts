// The real clock.

import type { Clock } from '../../core/ports/clock.ts';

export const systemClock: Clock = { nowMs: () => Date.now() };
