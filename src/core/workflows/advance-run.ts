// One step of a run's life: from position `pc`, walk the compiled program until it waits or
// ends, and say what it decided (notify, open a case, call a webhook, tag) and why. Pure: the
// app applies the effects in the run's transaction and schedules the continuation as a job.

import { nextLocalTime } from '../calendar/local-time.ts';
import type { RuleContext } from './compile-conditions.ts';
import { readPath } from './compile-conditions.ts';
import type { CompiledWorkflow, Instruction } from './compile-workflow.ts';

type Op<K extends Instruction['op']> = Extract<Instruction, { op: K }>;

export type RunEffect =
  | { kind: 'notify'; pc: number; step: Op<'notify'> }
  | { kind: 'open_case'; pc: number; step: Op<'open_case'> }
  | { kind: 'webhook'; pc: number; step: Op<'webhook'> }
  | { kind: 'tag'; pc: number; step: Op<'tag'> }
  | { kind: 'log'; pc: number; label: string; outcome: 'done' | 'skipped' | 'waiting' | 'stopped'; reason: string };

export interface RunAdvance {
  effects: RunEffect[];
  /** Where and when the run goes on; null when it ended. */
  next: { pc: number; dueAtMs: number } | null;
}

/** Walk from `pc`. `timeZone` is the recipient's, for waits until a local time of day. */
export function advanceRun(workflow: CompiledWorkflow, pc: number, context: RuleContext, nowMs: number, timeZone: string): RunAdvance {
  const effects: RunEffect[] = [];
  const program = workflow.program;
  let at = pc;
  while (at < program.length) {
    const step = program[at]!;
    switch (step.op) {
      case 'notify':
        effects.push({ kind: 'notify', pc: at, step });
        at += 1;
        break;
      case 'open_case':
        effects.push({ kind: 'open_case', pc: at, step });
        at += 1;
        break;
      case 'webhook':
        effects.push({ kind: 'webhook', pc: at, step });
        at += 1;
        break;
      case 'tag':
        effects.push({ kind: 'tag', pc: at, step });
        at += 1;
        break;
      case 'stop':
        effects.push({ kind: 'log', pc: at, label: step.label, outcome: 'stopped', reason: step.reason ?? 'the workflow stops here' });
        return { effects, next: null };
      case 'jump':
        at = step.target;
        break;
      case 'jump_unless': {
        const holds = step.test(context);
        effects.push({ kind: 'log', pc: at, label: step.label, outcome: 'done', reason: holds ? 'condition holds: then' : 'condition does not hold: else' });
        at = holds ? at + 1 : step.target;
        break;
      }
      case 'jump_if_engaged': {
        const engaged = (readPath(context, ['history', 'engaged']) as string[] | undefined)?.includes(step.milestone) ?? false;
        effects.push({
          kind: 'log',
          pc: at,
          label: step.label,
          outcome: 'done',
          reason: engaged ? `the ${step.milestone} message was opened: no fallback` : `the ${step.milestone} message was not opened in time: fallback`,
        });
        at = engaged ? step.target : at + 1;
        break;
      }
      case 'wait': {
        const dueAtMs = waitUntil(step, context, nowMs, timeZone);
        if (dueAtMs === null) {
          effects.push({ kind: 'log', pc: at, label: step.label, outcome: 'skipped', reason: 'no ETA to wait for: going on at once' });
          at += 1;
          break;
        }
        effects.push({ kind: 'log', pc: at, label: step.label, outcome: 'waiting', reason: `waiting until ${new Date(dueAtMs).toISOString()}` });
        return { effects, next: { pc: at + 1, dueAtMs } };
      }
    }
  }
  return { effects, next: null };
}

function waitUntil(step: Op<'wait'>, context: RuleContext, nowMs: number, timeZone: string): number | null {
  if (step.fractionOfEta !== undefined) {
    const eta = readPath(context, ['shipment', 'eta']);
    const etaMs = typeof eta === 'string' ? Date.parse(eta) : Number.NaN;
    if (!Number.isFinite(etaMs) || etaMs <= nowMs) return null;
    return Math.round(nowMs + (etaMs - nowMs) * step.fractionOfEta);
  }
  let due = nowMs + (step.durationMs ?? 0);
  if (step.until) due = nextLocalTime(due, step.until.hour, step.until.minute, timeZone);
  return due;
}
