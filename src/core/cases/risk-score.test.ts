import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessRisk, DEFAULT_RISK_WEIGHTS, type RiskFacts } from './risk-score.ts';

const calm: RiskFacts = { orderValue: 40, highValueThreshold: 500, vip: false, daysToPromise: 5, shipmentAgeDays: 1, exceptions: 0, priorContacts: 0 };

test('a cheap order on time with no history is low risk and says so', () => {
  const risk = assessRisk({ ...calm, orderValue: null });
  assert.deepEqual(risk, { score: 0, priority: 'low', reasons: ['nothing raises the risk'] });
});

const table: [string, Partial<RiskFacts>, string, RegExp][] = [
  ['a VIP order past its promise with two contacts is urgent', { vip: true, daysToPromise: -2, priorContacts: 2, orderValue: 800 }, 'urgent', /VIP customer/],
  ['a high-value order alone is normal', { orderValue: 1_000 }, 'normal', /high-value order \(1000, threshold 500\)/],
  ['two days past the promise alone is normal', { daysToPromise: -2 }, 'normal', /2 days past the promised date/],
  ['three exceptions and an old parcel is high', { exceptions: 3, shipmentAgeDays: 14, priorContacts: 1 }, 'high', /3 delivery exceptions/],
];
for (const [name, facts, priority, reason] of table) {
  test(name, () => {
    const risk = assessRisk({ ...calm, ...facts });
    assert.equal(risk.priority, priority, JSON.stringify(risk));
    assert.ok(risk.reasons.some((r) => reason.test(r)), risk.reasons.join('; '));
  });
}

test('reasons come biggest first, and the score never passes 100', () => {
  const risk = assessRisk({ orderValue: 10_000, highValueThreshold: 500, vip: true, daysToPromise: -10, shipmentAgeDays: 30, exceptions: 9, priorContacts: 9 });
  assert.equal(risk.score, 100);
  const points = risk.reasons.map((r) => Number(/\(\+(\d+)\)$/.exec(r)![1]));
  assert.deepEqual(points, [...points].sort((a, b) => b - a));
});

test('operators can tune the weights: contacts only', () => {
  const weights = { ...DEFAULT_RISK_WEIGHTS, value: 0, vip: 0, promise: 0, age: 0, exceptions: 0, contacts: 80 };
  assert.equal(assessRisk({ ...calm, vip: true, priorContacts: 2 }, weights).priority, 'urgent');
  assert.equal(assessRisk({ ...calm, vip: true }, weights).priority, 'low');
});
