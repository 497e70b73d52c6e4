// The run log: what each workflow run did or did not do, and why. The order's timeline shows it,
// so an operator can always answer "why did (or didn't) the customer get this message?".

export const ACTIVITY_OUTCOMES = ['started', 'matched', 'not_matched', 'done', 'waiting', 'skipped', 'stopped', 'failed'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export interface WorkflowActivityRecord {
  storeId: string;
  orderRef: string;
  /** When it happened (the run's clock). */
  at: string;
  workflowId: string;
  workflowVersion: number;
  /** The run's job key: `run:<workflow>:<order>:<trigger>`. */
  runKey: string;
  /** The step's kind and position (`notify#2`), or `trigger` / `conditions`. */
  step: string;
  outcome: ActivityOutcome;
  /** Why, in words (`order cancelled`, `quiet hours until 08:00 Europe/Berlin`). */
  reason: string | null;
  detail: Record<string, unknown> | null;
}
