// Opening a case, wherever it comes from (a workflow step, a message no channel could deliver, a
// draft waiting for approval, a customer on the tracking page): the risk score decides the
// priority unless the rule asked for a higher one, the SLA follows the priority, the audit trail
// starts, and the SLA timer is set. A second signal for the same order and reason adds evidence.

import { higherPriority, SLA_HOURS, type CasePriority, type CaseRecord } from '../core/cases/case-record.ts';
import { assessRisk, DEFAULT_RISK_WEIGHTS, type RiskFacts } from '../core/cases/risk-score.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import type { StoreSettings } from '../core/settings/store-settings.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CaseOpening {
  id: string;
  storeId: string;
  orderRef: string;
  reason: string;
  summary: string;
  team: CaseRecord['team'];
  /** The least priority the rule wants; the risk score may raise it. */
  priority: CasePriority;
  /** Hours to answer; the priority's SLA when null. */
  slaHours: number | null;
  openedBy: string;
  evidence: CaseRecord['evidence'];
  drafts?: string[];
}

export async function openCaseWithRisk(tx: StoreTx, opening: CaseOpening, settings: Pick<StoreSettings, 'highValueThreshold' | 'caseRiskWeights'>, nowMs: number): Promise<{ case: CaseRecord; opened: boolean }> {
  const now = isoAt(nowMs);
  const order = (await tx.loadOrders(opening.storeId, [opening.orderRef])).get(opening.orderRef) ?? null;
  const shipments = await tx.loadShipmentsOfOrders(opening.storeId, [opening.orderRef]);
  const risk = assessRisk(riskFacts(order, shipments, settings.highValueThreshold, nowMs), settings.caseRiskWeights ?? DEFAULT_RISK_WEIGHTS);
  const priority = higherPriority(opening.priority, risk.priority);
  const record: CaseRecord = {
    id: opening.id,
    storeId: opening.storeId,
    orderRef: opening.orderRef,
    reason: opening.reason,
    summary: opening.summary,
    team: opening.team,
    priority,
    status: 'open',
    assignee: null,
    openedAt: now,
    slaDueAt: isoAt(nowMs + (opening.slaHours ?? SLA_HOURS[priority]) * HOUR_MS),
    resolvedAt: null,
    outcome: null,
    openedBy: opening.openedBy,
    evidence: opening.evidence,
    updatedAt: now,
    risk,
    history: [{ at: now, actor: opening.openedBy, action: 'opened', detail: `${opening.reason}: priority ${priority} (risk ${risk.score}: ${risk.reasons.join('; ')})` }],
    escalations: 0,
    drafts: opening.drafts ?? [],
  };
  const result = await tx.openCase(record);
  if (result.opened) {
    await tx.scheduleJobs([{ storeId: record.storeId, kind: 'case.sla_check', key: `sla:${record.id}`, dueAtMs: Date.parse(record.slaDueAt!), payload: { caseId: record.id } }]);
  } else if (opening.drafts && opening.drafts.length > 0) {
    const merged = result.case;
    const updated = { ...merged, drafts: [...new Set([...(merged.drafts ?? []), ...opening.drafts])] };
    await tx.saveCase(updated);
    return { case: updated, opened: false };
  }
  return result;
}

export function riskFacts(order: OrderRecord | null, shipments: readonly ShipmentRecord[], highValueThreshold: number, nowMs: number): RiskFacts {
  const total = Number(order?.facts.total);
  const shippedAt = shipments
    .map((s) => Date.parse(s.createdAt))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b)[0];
  return {
    orderValue: Number.isFinite(total) ? total : null,
    highValueThreshold,
    vip: (order?.facts.tags ?? []).some((tag) => tag.toLowerCase() === 'vip'),
    daysToPromise: order?.promiseDate ? (Date.parse(order.promiseDate) - nowMs) / DAY_MS : null,
    shipmentAgeDays: shippedAt === undefined ? null : (nowMs - shippedAt) / DAY_MS,
    exceptions: shipments.filter((s) => s.truth.reason !== null || s.truth.state === 'exception' || s.truth.state === 'returning_to_sender' || s.truth.state === 'delivery_attempted').length,
    priorContacts: order?.ticketCount ?? 0,
  };
}
