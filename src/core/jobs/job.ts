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
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

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
