// Read a workflow document from YAML (or JSON, which is YAML) and validate it. Every problem is
// reported with the file, the line and column it is on, the field and what is wrong, so an
// operator can fix a rule without reading code.

import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { compileWorkflow, type CompiledWorkflow } from './compile-workflow.ts';
import { formatPath } from './format-path.ts';
import { workflowSchema, type WorkflowDocument } from './workflow-schema.ts';

export interface WorkflowProblem {
  file: string;
  /** 1-based; 0 when the problem has no place in the text. */
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `steps[2].notify.channels[0]`; empty for the whole document. */
  field: string;
  reason: string;
}

export type ParsedWorkflow =
  | { ok: true; document: WorkflowDocument; compiled: CompiledWorkflow }
  | { ok: false; problems: WorkflowProblem[] };

/** Parse and validate one workflow text. `file` only labels the problems. */
export function parseWorkflowText(file: string, text: string): ParsedWorkflow {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return { file, line: at.line, column: at.col, field: '', reason: error.message.split('\n')[0] ?? error.message };
      }),
    };
  }
  return validateWorkflow(file, doc.toJS({ maxAliasCount: 50 }) as unknown, (path) => {
    const offset = offsetOf(doc.contents, path);
    if (offset === null) return { line: 0, column: 0 };
    const at = lines.linePos(offset);
    return { line: at.line, column: at.col };
  });
}

/** Validate an already-parsed document (a JSON body). `locate` maps a field path to its place. */
export function validateWorkflow(
  file: string,
  value: unknown,
  locate: (path: readonly PropertyKey[]) => { line: number; column: number } = () => ({ line: 0, column: 0 }),
): ParsedWorkflow {
  const result = workflowSchema.safeParse(value);
  if (!result.success) return { ok: false, problems: flatten(result.error.issues).map((issue) => toProblem(file, issue, locate)) };
  const compiled = compileWorkflow(result.data);
  if (!compiled.ok) {
    return { ok: false, problems: compiled.problems.map((p) => ({ file, ...locate(p.path), field: formatPath(p.path), reason: p.reason })) };
  }
  return { ok: true, document: result.data, compiled: compiled.workflow };
}

/** A union that failed on every branch: report the branch that got furthest, not a wall of alternatives. */
function flatten(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const best = pickBranch(issue.errors);
    if (best === null) return [issue];
    return flatten(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | null {
  // The branch whose keys matched (no unrecognized-key complaint at its root) is the one meant.
  const meant = branches.filter((issues) => !issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0));
  if (meant.length === 0) return null;
  return meant.reduce((a, b) => (depth(b) > depth(a) ? b : a));
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function toProblem(file: string, issue: z.core.$ZodIssue, locate: (path: readonly PropertyKey[]) => { line: number; column: number }): WorkflowProblem {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const reason = issue.code === 'unrecognized_keys' ? `is not a known field (${issue.keys.join(', ')})` : issue.message;
  return { file, ...locate(path), field: formatPath(path), reason };
}


/** Offset of the deepest node on `path` that exists (a missing field points at its parent). */
function offsetOf(root: unknown, path: readonly PropertyKey[]): number | null {
  let node = root as YamlNode | null;
  let offset = node?.range?.[0] ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      const keyNode = pair.key as YamlNode | null;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
