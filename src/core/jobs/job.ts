// Durable units of future work (DESIGN.md §6). Timers are check-at-fire: a handler re-reads
// what it is about and does nothing when the world moved on, so timers never need cancelling.

export const JOB_KINDS = [
  'shipment.stall_check',
  'source.health_check',
  /** Start or continue a workflow run at its position (src/app/run-workflow.ts). */
  'workflow.run',
  /** Re-check, render and hand one notification to its channel. */
  'notification.send',
  /** `late`: the promise date has passed and not every parcel is delivered. */
  'order.late_check',
  /** `fulfillment_stalled`: paid, and nothing shipped after N hours. */
  'order.fulfillment_check',
  /** A workflow's webhook step: an HTTP call outside any transaction. */
  'webhook.call',
  /** A case's SLA: escalate it when it is still open at its due time (check-at-fire). */
  'case.sla_check',
  /** Read a new help-desk ticket: classify it, link it to its order, answer or tag it (an HTTP call to the help desk). */
  'ticket.triage',
  /** Hand one rendered notification to its provider: an HTTP or SMTP call outside any transaction. */
  'notification.dispatch',
  /** A delivery receipt that came before Herald recorded the send it is about: applied again later. */
  'notification.receipt_retry',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Claim order between kinds: higher first. The notification pipeline's later stages come first
 * (a provider call, then a render, then a workflow run, then timers), so under a surge messages
 * leave while runs are still queued instead of after the last of them. A claim still gives every
 * level a share (`claimByPriority`), so no level starves. Stored per job row (migration 0007).
 */
export const JOB_PRIORITY: Readonly<Record<JobKind, number>> = {
  'notification.dispatch': 3,
  'webhook.call': 3,
  'notification.send': 2,
  'notification.receipt_retry': 2,
  'workflow.run': 1,
  'shipment.stall_check': 0,
  'source.health_check': 0,
  'order.late_check': 0,
  'order.fulfillment_check': 0,
  'case.sla_check': 0,
  'ticket.triage': 0,
};

/** The priority levels, highest first. */
export const PRIORITY_LEVELS: readonly number[] = [...new Set(Object.values(JOB_PRIORITY))].sort((a, b) => b - a);

/**
 * How both stores split a claim of `limit` jobs between the levels: first up to a share of each
 * level (an eighth of the limit with four levels), highest first, then what is left of the limit
 * by priority. The share is what keeps a due timer firing within a second while a backlog of
 * higher-priority jobs waits. `claimLevel` leases up to `count` due jobs of one level, oldest first.
 */
export async function claimByPriority<T>(limit: number, claimLevel: (priority: number, count: number) => Promise<T[]> | T[]): Promise<T[]> {
  const share = Math.max(1, Math.floor(limit / (2 * PRIORITY_LEVELS.length)));
  const claimed: T[] = [];
  const drained = new Set<number>();
  for (const level of PRIORITY_LEVELS) {
    const count = Math.min(share, limit - claimed.length);
    if (count <= 0) break;
    const got = await claimLevel(level, count);
    claimed.push(...got);
    if (got.length < count) drained.add(level);
  }
  for (const level of PRIORITY_LEVELS) {
    const count = limit - claimed.length;
    if (count <= 0) break;
    if (!drained.has(level)) claimed.push(...(await claimLevel(level, count)));
  }
  return claimed;
}

export interface JobSpec {
  storeId: string;
  kind: JobKind;
  /** Unique per store: scheduling the same key again supersedes the pending job. */
  key: string;
  dueAtMs: number;
  payload: Record<string, unknown>;
  maxAttempts?: number | undefined;
}

export interface JobRecord extends Required<JobSpec> {
  id: string;
  attempts: number;
  /** Bumped on every supersede; completion only removes the revision it claimed. */
  revision: number;
  lockedUntilMs: number | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface JobStats {
  /** Jobs waiting (due or not), excluding dead ones. */
  pending: number;
  /** Jobs whose due time has passed and are not finished: the backlog. */
  due: number;
  /** Age of the oldest due job in ms (0 when nothing is due). */
  oldestDueAgeMs: number;
  running: number;
  dead: number;
}

export interface JobBacklog {
  /** Due, unfinished jobs. */
  due: number;
  oldestDueAgeMs: number;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Exponential backoff with full jitter, capped. `random` is in [0, 1) and comes from the caller,
 * keeping this pure.
 */
export function backoffDelayMs(attempts: number, random: number, baseMs = 1_000, capMs = 3_600_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
