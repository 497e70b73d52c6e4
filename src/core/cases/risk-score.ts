// The risk score behind a case's priority (issue 7): how much it matters that this order goes
// wrong, from facts an operator can check, each contribution explained in words. Weights are the
// store's to tune (settings `caseRiskWeights`); the score decides the priority, and rules decide
// what is automated and what goes to a person.

import type { CasePriority, RiskAssessment } from './case-record.ts';

export interface RiskFacts {
  /** Order value in its currency, and the store's high-value threshold in the same currency. */
  orderValue: number | null;
  highValueThreshold: number;
  vip: boolean;
  /** Days until the promise date (negative: past it); null without one. */
  daysToPromise: number | null;
  /** Days since the first parcel shipped; null when nothing shipped. */
  shipmentAgeDays: number | null;
  /** Exceptions seen on the order's parcels (attempts, holds, losses, returns). */
  exceptions: number;
  /** Times the customer already contacted support about the order. */
  priorContacts: number;
}

/** Points each fact can add at most; the sum of the maximums is 100 with the defaults. */
export interface RiskWeights {
  value: number;
  vip: number;
  promise: number;
  age: number;
  exceptions: number;
  contacts: number;
}

export const DEFAULT_RISK_WEIGHTS: Readonly<RiskWeights> = Object.freeze({ value: 25, vip: 15, promise: 20, age: 10, exceptions: 15, contacts: 15 });

/** Score bands: at or above each, the priority. */
const BANDS: readonly [number, CasePriority][] = [
  [60, 'urgent'],
  [30, 'high'],
  [15, 'normal'],
  [0, 'low'],
];

export function assessRisk(facts: RiskFacts, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskAssessment {
  const parts: { points: number; reason: string }[] = [];
  if (facts.orderValue !== null && facts.highValueThreshold > 0) {
    const share = Math.min(1, facts.orderValue / (facts.highValueThreshold * 2));
    const points = weights.value * share;
    if (points >= 1) parts.push({ points, reason: facts.orderValue >= facts.highValueThreshold ? `high-value order (${facts.orderValue}, threshold ${facts.highValueThreshold})` : `order value ${facts.orderValue}` });
  }
  if (facts.vip) parts.push({ points: weights.vip, reason: 'VIP customer' });
  if (facts.daysToPromise !== null) {
    const d = facts.daysToPromise;
    const share = d < 0 ? Math.min(1, 0.6 + -d * 0.1) : d <= 1 ? 0.5 : d <= 3 ? 0.25 : 0;
    if (share > 0) parts.push({ points: weights.promise * share, reason: d < 0 ? `${Math.ceil(-d)} day${Math.ceil(-d) === 1 ? '' : 's'} past the promised date` : `promised date ${d <= 1 ? 'today or tomorrow' : `in ${Math.ceil(d)} days`}` });
  }
  if (facts.shipmentAgeDays !== null && facts.shipmentAgeDays >= 5) {
    parts.push({ points: weights.age * Math.min(1, (facts.shipmentAgeDays - 4) / 10), reason: `shipped ${Math.floor(facts.shipmentAgeDays)} days ago` });
  }
  if (facts.exceptions > 0) parts.push({ points: weights.exceptions * Math.min(1, facts.exceptions / 3), reason: `${facts.exceptions} delivery exception${facts.exceptions === 1 ? '' : 's'}` });
  if (facts.priorContacts > 0) parts.push({ points: weights.contacts * Math.min(1, facts.priorContacts / 2), reason: `the customer already contacted support ${facts.priorContacts === 1 ? 'once' : `${facts.priorContacts} times`}` });
  parts.sort((a, b) => b.points - a.points);
  const score = Math.min(100, Math.round(parts.reduce((sum, p) => sum + p.points, 0)));
  const priority = BANDS.find(([floor]) => score >= floor)![1];
  return { score, priority, reasons: parts.length > 0 ? parts.map((p) => `${p.reason} (+${Math.round(p.points)})`) : ['nothing raises the risk'] };
}
