// When is a source unhealthy? Pure rules over its hourly counters (DESIGN.md §1, "insights").
//
// - Silent: no new event for longer than its usual rhythm. The rhythm is the median gap between
//   the hours that had events over the last 7 days; the limit is max(6 h, 4 x that median). A
//   source that never sent anything is "waiting", not silent (nobody may have set it up yet).
// - Failing: at least 5 signature or parse failures over the current and the previous hour, and
//   at least as many failures as new events in that window (a few bad retries among a busy feed
//   are not an outage; a feed that only fails is).

const HOUR_MS = 3_600_000;

export const SILENCE_FLOOR_HOURS = 6;
export const SILENCE_RHYTHM_FACTOR = 4;
export const RHYTHM_WINDOW_HOURS = 7 * 24;
export const FAILURE_THRESHOLD = 5;

export interface HourlyCounts {
  /** `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  events: number;
  signatureFailures: number;
  parseFailures: number;
}

export type SourceHealth =
  | { status: 'ok'; silenceLimitHours: number }
  | { status: 'waiting'; silenceLimitHours: number }
  | { status: 'silent'; silenceLimitHours: number; silentForHours: number; lastEventAt: string }
  | { status: 'failing'; silenceLimitHours: number; failures: number; events: number; window: string };

/** `hours`: the source's counters of (at least) the last 7 days; `lastEventAt`: its newest event ever. */
export function assessSourceHealth(hours: readonly HourlyCounts[], lastEventAt: string | null, nowMs: number): SourceHealth {
  const silenceLimitHours = silenceLimit(hours, nowMs);
  const current = hourKey(nowMs);
  const previous = hourKey(nowMs - HOUR_MS);
  const recent = hours.filter((h) => h.hour === current || h.hour === previous);
  const failures = recent.reduce((sum, h) => sum + h.signatureFailures + h.parseFailures, 0);
  const events = recent.reduce((sum, h) => sum + h.events, 0);
  if (failures >= FAILURE_THRESHOLD && failures >= events) return { status: 'failing', silenceLimitHours, failures, events, window: previous };
  if (lastEventAt === null) return { status: 'waiting', silenceLimitHours };
  const silentForHours = (nowMs - Date.parse(lastEventAt)) / HOUR_MS;
  if (silentForHours > silenceLimitHours) return { status: 'silent', silenceLimitHours, silentForHours: Math.floor(silentForHours), lastEventAt };
  return { status: 'ok', silenceLimitHours };
}

/** max(6 h, 4 x the median gap between active hours of the last 7 days). */
export function silenceLimit(hours: readonly HourlyCounts[], nowMs: number): number {
  const since = hourKey(nowMs - RHYTHM_WINDOW_HOURS * HOUR_MS);
  const active = hours
    .filter((h) => h.events > 0 && h.hour >= since)
    .map((h) => Date.parse(`${h.hour}:00:00Z`))
    .sort((a, b) => a - b);
  const gaps = active.slice(1).map((at, i) => (at - active[i]!) / HOUR_MS);
  if (gaps.length === 0) return SILENCE_FLOOR_HOURS;
  const sorted = [...gaps].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.max(SILENCE_FLOOR_HOURS, SILENCE_RHYTHM_FACTOR * median);
}

export function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}
