// Held-out evaluation of the WISMO ticket classifier on test/fixtures/tickets/labelled.jsonl.
// The pure cue, blocker and extraction tests sit beside the code in src/core/tickets/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSplit, readLabelledTickets } from '../../scripts/evaluate-ticket-classifier.ts';
import { classifyTicket, TICKET_LANGUAGES } from '../../src/core/tickets/classify-ticket.ts';

const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.8;
const MIN_PRECISION_PER_LANGUAGE = 0.9;

const items = readLabelledTickets();
const testItems = items.filter((item) => item.split === 'test');

test('the labelled set is large, balanced and split about 70/30 per language and label', () => {
  assert.ok(items.length >= 320, `${items.length} tickets`);
  assert.equal(new Set(items.map((item) => item.id)).size, items.length, 'ids are unique');
  const wismoShare = items.filter((item) => item.label === 'wismo').length / items.length;
  assert.ok(wismoShare > 0.4 && wismoShare < 0.5, `WISMO share ${wismoShare}`);
  for (const language of TICKET_LANGUAGES) {
    for (const label of ['wismo', 'other'] as const) {
      const group = items.filter((item) => item.language === language && item.label === label);
      const testShare = group.filter((item) => item.split === 'test').length / group.length;
      assert.ok(testShare > 0.25 && testShare < 0.35, `${language}/${label}: test share ${testShare}`);
    }
  }
});

test(`held-out precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL} overall, precision >= ${MIN_PRECISION_PER_LANGUAGE} per language`, () => {
  const evaluation = evaluateSplit(testItems);
  const mistakes = evaluation.mistakes.map(({ item, result }) => `${item.id} (${item.kind}) -> ${result.intent}`).join(', ');
  assert.ok(evaluation.overall.precision >= MIN_PRECISION, `precision ${evaluation.overall.precision}; ${mistakes}`);
  assert.ok(evaluation.overall.recall >= MIN_RECALL, `recall ${evaluation.overall.recall}; ${mistakes}`);
  for (const language of TICKET_LANGUAGES) {
    const { precision } = evaluation.byLanguage[language];
    assert.ok(precision >= MIN_PRECISION_PER_LANGUAGE, `${language} precision ${precision}; ${mistakes}`);
  }
});

test('no held-out ticket labelled other is ever marked routine', () => {
  const routineOthers = testItems
    .filter((item) => item.label === 'other')
    .filter((item) => classifyTicket({ subject: item.subject, text: item.text }).routine)
    .map((item) => item.id);
  assert.deepEqual(routineOthers, []);
});

test('every held-out damaged, refund and return ticket is other and carries its blocker', () => {
  const blockerOf: Readonly<Record<string, string>> = { damaged: 'damaged', refund: 'refund', return: 'return' };
  for (const item of testItems.filter((candidate) => candidate.kind in blockerOf)) {
    const result = classifyTicket({ subject: item.subject, text: item.text });
    assert.equal(result.intent, 'other', item.id);
    assert.ok(result.blockers.includes(blockerOf[item.kind]!), `${item.id}: ${result.blockers.join(', ')}`);
  }
});
