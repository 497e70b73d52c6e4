// Condition trees compiled to plain functions, without eval: all / any / not over leaves of
// (path, operator, value), and optional CEL expressions (a safe, non-Turing-complete language).

import { parse as parseCel } from '@marcbachmann/cel-js';
import type { ConditionNode, Operator } from './workflow-schema.ts';

/** What conditions read: order, customer, shipment, history, event (docs/workflows.md). */
export type RuleContext = Readonly<Record<string, unknown>>;

export type CompiledCondition = (context: RuleContext) => boolean;

export interface ConditionProblem {
  path: PropertyKey[];
  reason: string;
}

/** Compile a condition tree; CEL syntax errors are reported with the path of the expression. */
export function compileCondition(node: ConditionNode, path: PropertyKey[] = []): { ok: true; test: CompiledCondition } | { ok: false; problems: ConditionProblem[] } {
  const problems: ConditionProblem[] = [];
  const test = build(node, path, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, test };
}

function build(node: ConditionNode, path: PropertyKey[], problems: ConditionProblem[]): CompiledCondition {
  if ('all' in node) {
    const parts = node.all.map((child, i) => build(child, [...path, 'all', i], problems));
    return (context) => parts.every((part) => part(context));
  }
  if ('any' in node) {
    const parts = node.any.map((child, i) => build(child, [...path, 'any', i], problems));
    return (context) => parts.some((part) => part(context));
  }
  if ('not' in node) {
    const inner = build(node.not, [...path, 'not'], problems);
    return (context) => !inner(context);
  }
  if ('cel' in node) return buildCel(node.cel, [...path, 'cel'], problems);
  const problem = checkLeaf(node.op, node.value);
  if (problem) problems.push({ path: [...path, 'value'], reason: problem });
  const keys = node.path.split('.');
  const compare = OPERATIONS[node.op];
  return (context) => compare(readPath(context, keys), node.value);
}

function buildCel(expression: string, path: PropertyKey[], problems: ConditionProblem[]): CompiledCondition {
  let evaluate: (context: Record<string, unknown>) => unknown;
  try {
    evaluate = parseCel(expression) as (context: Record<string, unknown>) => unknown;
  } catch (error) {
    problems.push({ path, reason: `is not a valid CEL expression: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    return () => false;
  }
  // A CEL expression that fails on this order's data (a missing field) is false, not a crash.
  return (context) => {
    try {
      return evaluate(context as Record<string, unknown>) === true;
    } catch {
      return false;
    }
  };
}

function checkLeaf(op: Operator, value: unknown): string | null {
  if (op === 'exists' || op === 'not_exists') return value === undefined ? null : `must be left out for ${op}`;
  if (value === undefined) return `is required for ${op}`;
  if ((op === 'in' || op === 'not_in') && !Array.isArray(value)) return `must be a list for ${op}`;
  if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof value !== 'number' && typeof value !== 'string') return `must be a number or a date for ${op}`;
  return null;
}

/** Every path a condition tree reads; null when it holds a CEL expression (which may read anything). */
export function conditionPaths(node: ConditionNode): string[] | null {
  if ('all' in node) return joinPaths(node.all.map(conditionPaths));
  if ('any' in node) return joinPaths(node.any.map(conditionPaths));
  if ('not' in node) return conditionPaths(node.not);
  if ('cel' in node) return null;
  return [node.path];
}

function joinPaths(parts: (string[] | null)[]): string[] | null {
  return parts.some((part) => part === null) ? null : parts.flat() as string[];
}

export function readPath(context: RuleContext, keys: readonly string[]): unknown {
  let value: unknown = context;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const OPERATIONS: Readonly<Record<Operator, (actual: unknown, expected: unknown) => boolean>> = {
  eq: (a, e) => same(a, e),
  neq: (a, e) => !same(a, e),
  gt: (a, e) => order(a, e, (x, y) => x > y),
  gte: (a, e) => order(a, e, (x, y) => x >= y),
  lt: (a, e) => order(a, e, (x, y) => x < y),
  lte: (a, e) => order(a, e, (x, y) => x <= y),
  in: (a, e) => Array.isArray(e) && e.some((item) => same(a, item)),
  not_in: (a, e) => Array.isArray(e) && !e.some((item) => same(a, item)),
  contains: (a, e) => contains(a, e),
  not_contains: (a, e) => !contains(a, e),
  exists: (a) => a !== undefined && a !== null && a !== '',
  not_exists: (a) => a === undefined || a === null || a === '',
  starts_with: (a, e) => typeof a === 'string' && typeof e === 'string' && a.toLowerCase().startsWith(e.toLowerCase()),
};

/** Strings compare case-insensitively (tags, countries and shipping methods come in any case). */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase();
  if (typeof actual === 'number' && typeof expected === 'string' && expected.trim() !== '') return actual === Number(expected);
  return actual === expected;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => same(item, expected));
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase().includes(expected.toLowerCase());
  return false;
}

/** Numbers compare as numbers; ISO dates and other strings compare as text (ISO-8601 sorts). */
function order(actual: unknown, expected: unknown, test: (x: number | string, y: number | string) => boolean): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return test(actual, expected);
  if (typeof actual === 'number' && typeof expected === 'string' && Number.isFinite(Number(expected))) return test(actual, Number(expected));
  if (typeof actual === 'string' && typeof expected === 'string') return test(actual, expected);
  return false;
}
