// Split a request body (or an import file) into candidate events: NDJSON, a JSON array, or an
// object with an `events` array. A line that is not JSON is rejected by number; the rest go on.

import { createHash } from 'node:crypto';
import type { FieldIssue } from '../core/errors.ts';
import { ValidationError } from '../core/errors.ts';

export interface BatchItem {
  /** 0-based position among the events of the body. */
  index: number;
  /** 1-based line in an NDJSON body. */
  line: number | null;
  value: unknown;
  /** sha256 of the item's bytes: the event id when the event carries none. Computed on demand. */
  digest: () => string;
}

export interface BatchRejection {
  index: number;
  line: number | null;
  id: string | null;
  issues: FieldIssue[];
}

export interface ParsedBatch {
  items: BatchItem[];
  rejected: BatchRejection[];
}

export function isNdjson(contentType: string | undefined): boolean {
  return /^application\/(x-)?ndjson|^application\/jsonl|^application\/x-jsonlines/i.test(contentType ?? '');
}

export function parseEventBatch(text: string, ndjson: boolean): ParsedBatch {
  return ndjson ? parseLines(text) : parseJsonBody(text);
}

export function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function parseLines(text: string): ParsedBatch {
  const items: BatchItem[] = [];
  const rejected: BatchRejection[] = [];
  const lines = text.split('\n');
  let index = 0;
  lines.forEach((rawLine, lineIndex) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    try {
      items.push({ index, line: lineIndex + 1, value: JSON.parse(line), digest: () => digestOf(line) });
    } catch (error) {
      rejected.push({ index, line: lineIndex + 1, id: null, issues: [{ field: '(line)', reason: `not valid JSON: ${(error as Error).message}` }] });
    }
    index += 1;
  });
  return { items, rejected };
}

function parseJsonBody(text: string): ParsedBatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('the body is not valid JSON', [{ field: '(body)', reason: (error as Error).message }]);
  }
  const list = Array.isArray(body) ? body : isEventsEnvelope(body) ? body.events : null;
  if (list === null) {
    throw new ValidationError('a batch must be a JSON array of events, an object with an "events" array, or NDJSON', [
      { field: '(body)', reason: 'expected an array of events' },
    ]);
  }
  return {
    items: list.map((value, index) => ({ index, line: null, value, digest: () => digestOf(JSON.stringify(value)) })),
    rejected: [],
  };
}

function isEventsEnvelope(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { events?: unknown }).events);
}
