// Validate candidate events against the canonical contract and normalize the good ones. Every
// bad field of every bad event is named; good events go on regardless of their neighbours.

import type { FieldIssue } from '../core/errors.ts';
import { crossFieldIssues, eventInputSchema } from '../core/events/event-input-schema.ts';
import { normalizeEvent, type NormalizedEvent } from '../core/events/normalize-event.ts';
import type { BatchItem, BatchRejection } from './parse-event-batch.ts';

export interface ValidateContext {
  storeId: string;
  defaultSource: string;
  receivedAt: string;
}

export interface ValidatedBatch {
  valid: { item: BatchItem; normalized: NormalizedEvent }[];
  rejected: BatchRejection[];
}

export function validateEvents(items: readonly BatchItem[], context: ValidateContext): ValidatedBatch {
  const valid: ValidatedBatch['valid'] = [];
  const rejected: BatchRejection[] = [];
  for (const item of items) {
    const result = eventInputSchema.safeParse(item.value);
    const id = idOf(item.value);
    const crossIssues = crossFieldIssues(item.value);
    if (!result.success || crossIssues.length > 0) {
      const issues = result.success ? [] : toIssues(result.error.issues);
      const named = new Set(issues.map((issue) => issue.field));
      rejected.push({ index: item.index, line: item.line, id, issues: [...issues, ...crossIssues.filter((issue) => !named.has(issue.field))] });
      continue;
    }
    if (result.data.store_id !== undefined && result.data.store_id !== context.storeId) {
      rejected.push({
        index: item.index,
        line: item.line,
        id,
        issues: [{ field: 'store_id', reason: `this API key belongs to store '${context.storeId}'; events for '${result.data.store_id}' need that store's key` }],
      });
      continue;
    }
    const normalized = normalizeEvent(result.data, {
      storeId: context.storeId,
      defaultSource: context.defaultSource,
      receivedAt: context.receivedAt,
      fallbackId: result.data.id ?? item.digest(),
    });
    valid.push({ item, normalized });
  }
  return { valid, rejected };
}

interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
  errors?: readonly (readonly SchemaIssue[])[];
}

export function toIssues(issues: readonly SchemaIssue[]): FieldIssue[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, reason: 'is not a field of the canonical event (put extra facts under "attributes")' }));
    }
    return [{ field: base || '(event)', reason: issue.code === 'invalid_union' ? unionReason(issue) : issue.message }];
  });
}

/** A union fails as a whole; the useful reason is the branch whose type matched but whose rule did not. */
function unionReason(issue: SchemaIssue): string {
  const branches = (issue.errors ?? []).flat();
  const specific = branches.find((branch) => branch.code !== 'invalid_type');
  if (specific) return specific.message;
  return issue.message === 'Invalid input' && branches.length > 0 ? branches.map((b) => b.message).join(', or ') : issue.message;
}

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}
