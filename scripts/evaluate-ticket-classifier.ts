// Measures the WISMO ticket classifier on the labelled set (test/fixtures/tickets/labelled.jsonl):
// precision, recall and F1 per language and overall, on the held-out test split and, for
// reference, on the training split. Tunes nothing. Run: npx tsx scripts/evaluate-ticket-classifier.ts

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { classifyTicket, TICKET_LANGUAGES } from '../src/core/tickets/classify-ticket.ts';
import type { TicketClassification, TicketLanguage } from '../src/core/tickets/classify-ticket.ts';

export const LABELLED_TICKETS_PATH = new URL('../test/fixtures/tickets/labelled.jsonl', import.meta.url);

export interface LabelledTicket {
  id: string;
  split: 'train' | 'test';
  language: TicketLanguage;
  label: 'wismo' | 'other';
  kind: string;
  subject: string | null;
  text: string;
}

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface Scores extends Confusion {
  precision: number;
  recall: number;
  f1: number;
}

export interface Mistake {
  item: LabelledTicket;
  result: TicketClassification;
}

export interface SplitEvaluation {
  overall: Scores;
  byLanguage: Record<TicketLanguage, Scores>;
  mistakes: Mistake[];
}

export function readLabelledTickets(path: URL = LABELLED_TICKETS_PATH): LabelledTicket[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledTicket);
}

/**
 * Classifies each ticket with its labelled language withheld, so language detection is exercised
 * too, and scores the 'wismo' class.
 */
export function evaluateSplit(items: readonly LabelledTicket[]): SplitEvaluation {
  const overall = emptyConfusion();
  const byLanguage = Object.fromEntries(TICKET_LANGUAGES.map((language) => [language, emptyConfusion()])) as Record<TicketLanguage, Confusion>;
  const mistakes: Mistake[] = [];
  for (const item of items) {
    const result = classifyTicket({ subject: item.subject, text: item.text });
    const predicted = result.intent === 'wismo';
    const actual = item.label === 'wismo';
    for (const confusion of [overall, byLanguage[item.language]]) count(confusion, predicted, actual);
    if (predicted !== actual) mistakes.push({ item, result });
  }
  return {
    overall: score(overall),
    byLanguage: Object.fromEntries(TICKET_LANGUAGES.map((language) => [language, score(byLanguage[language])])) as Record<TicketLanguage, Scores>,
    mistakes,
  };
}

function emptyConfusion(): Confusion {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
}

function count(confusion: Confusion, predicted: boolean, actual: boolean): void {
  if (predicted && actual) confusion.truePositives += 1;
  else if (predicted) confusion.falsePositives += 1;
  else if (actual) confusion.falseNegatives += 1;
  else confusion.trueNegatives += 1;
}

function score(confusion: Confusion): Scores {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  // No prediction at all is vacuously precise; no positive at all is vacuously recalled.
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...confusion, precision, recall, f1 };
}

function formatTable(title: string, evaluation: SplitEvaluation): string {
  const rows = [...TICKET_LANGUAGES.map((language) => [language, evaluation.byLanguage[language]] as const), ['all', evaluation.overall] as const];
  const lines = [title, 'lang  precision  recall  f1     tp  fp  fn  tn'];
  for (const [name, s] of rows) {
    lines.push(
      `${name.padEnd(5)} ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}  ${s.f1.toFixed(3)}  ` +
        `${String(s.truePositives).padStart(3)} ${String(s.falsePositives).padStart(3)} ${String(s.falseNegatives).padStart(3)} ${String(s.trueNegatives).padStart(3)}`,
    );
  }
  return lines.join('\n');
}

function formatMistake({ item, result }: Mistake): string {
  const text = `${item.subject ?? ''} | ${item.text}`.replace(/\s+/g, ' ').slice(0, 140);
  return `  ${item.id} label=${item.label} (${item.kind}) got=${result.intent} conf=${result.confidence}\n    ${text}\n    signals: ${result.signals.join('; ') || '-'}`;
}

function main(): void {
  const items = readLabelledTickets();
  const test = evaluateSplit(items.filter((item) => item.split === 'test'));
  const train = evaluateSplit(items.filter((item) => item.split === 'train'));
  console.log(formatTable(`held-out test split (${items.filter((item) => item.split === 'test').length} tickets)`, test));
  console.log('');
  console.log(formatTable(`training split, for reference (${items.filter((item) => item.split === 'train').length} tickets)`, train));
  console.log('');
  console.log(`misclassified test tickets: ${test.mistakes.length}`);
  for (const mistake of test.mistakes) console.log(formatMistake(mistake));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
