// A case: an exception in the review queue, with an owner team and a priority (DESIGN.md §2).
// One open case per order and reason: a new signal adds evidence instead of a duplicate.

export const OWNER_TEAMS = ['support', 'fulfillment', 'finance', 'operations'] as const;
export type OwnerTeam = (typeof OWNER_TEAMS)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export interface CaseEvidence {
  at: string;
  /** `event`, `notification` or `workflow`. */
  kind: string;
  /** Event key, notification id or run key. */
  ref: string;
  summary: string;
}

export interface CaseRecord {
  id: string;
  storeId: string;
  orderRef: string;
  /** A shipment reason, a signal (`stalled`, `late`) or a workflow's own word. */
  reason: string;
  /** The reason in words, for the queue. */
  summary: string;
  team: OwnerTeam;
  priority: CasePriority;
  status: 'open' | 'resolved';
  assignee: string | null;
  openedAt: string;
  /** When the case must be answered by. */
  slaDueAt: string | null;
  resolvedAt: string | null;
  outcome: string | null;
  openedBy: string;
  evidence: CaseEvidence[];
  updatedAt: string;
}
