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
  /** The score behind the priority, with its reasons in words. */
  risk?: RiskAssessment | undefined;
  /** Every action on the case and who took it, oldest first: the audit trail. */
  history?: CaseAction[] | undefined;
  /** How many times the SLA was breached and the case escalated. */
  escalations?: number | undefined;
  /** Drafted customer messages (notification ids) waiting for an agent's approval. */
  drafts?: string[] | undefined;
  /** The resolution's note and the shipment evidence it was made on. */
  resolution?: { note: string | null; shipments: { trackingNumber: string; state: string; reason: string | null }[] } | undefined;
}

export const CASE_OUTCOMES = ['reship', 'refund', 'replacement', 'address_corrected', 'carrier_claim_filed', 'wait', 'customer_informed', 'no_action'] as const;
/** How a case ended. */
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_ACTIONS = ['opened', 'evidence', 'assigned', 'commented', 'escalated', 'draft_approved', 'draft_rejected', 'resolved', 'reopened'] as const;
export type CaseActionKind = (typeof CASE_ACTIONS)[number];

export interface CaseAction {
  at: string;
  /** Who: `agent:<name>`, `workflow:<id>`, `sla`, `api`, `cli`. */
  actor: string;
  action: CaseActionKind;
  detail: string | null;
}

export interface RiskAssessment {
  /** 0-100. */
  score: number;
  priority: CasePriority;
  /** Why, in words, biggest contribution first. */
  reasons: string[];
}

/** Hours to a first answer, by priority, unless the workflow says otherwise. */
export const SLA_HOURS: Readonly<Record<CasePriority, number>> = { urgent: 2, high: 8, normal: 24, low: 72 };

export function higherPriority(a: CasePriority, b: CasePriority): CasePriority {
  return CASE_PRIORITIES.indexOf(a) >= CASE_PRIORITIES.indexOf(b) ? a : b;
}
