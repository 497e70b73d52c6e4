// Time enters Herald only through this port, so tests drive a fake clock and never sleep.

/** Reads the current time. Implementations: the system clock, and a settable one in tests. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
