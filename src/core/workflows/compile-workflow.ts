// A validated workflow document compiled once per version into a flat program: nested branches
// and fallbacks become jumps, so a run's position is one number (`pc`) that a durable job can
// carry across waits and restarts.

import type { CasePriority, OwnerTeam } from '../cases/case-record.ts';
import { formatPath } from './format-path.ts';
import { compileCondition, conditionPaths, type CompiledCondition, type ConditionProblem } from './compile-conditions.ts';
import type { ChannelName, MessageTemplate, Step, Trigger, WorkflowDocument } from './workflow-schema.ts';

const HOUR_MS = 3_600_000;

interface Labelled {
  /** Where the step is in the document (`steps[2].branch.then[0]`), for the run log. */
  label: string;
}

export type Instruction = Labelled &
  (
    | { op: 'notify'; milestone: string; channels: ChannelName[]; critical: boolean; approval: boolean; purpose: 'transactional' | 'marketing'; message: MessageTemplate; translations: Record<string, MessageTemplate> }
    | { op: 'wait'; durationMs: number | null; until: { hour: number; minute: number } | null; fractionOfEta?: number | undefined }
    | { op: 'jump_unless'; test: CompiledCondition; target: number }
    | { op: 'jump'; target: number }
    | { op: 'jump_if_engaged'; milestone: string; target: number }
    | { op: 'open_case'; team: OwnerTeam; priority: CasePriority; reason: string; summary: string | null; slaHours: number | null }
    | { op: 'webhook'; url: string; headers: Record<string, string> }
    | { op: 'tag'; add: string[]; remove: string[] }
    | { op: 'stop'; reason: string | null }
  );

export interface CompiledWorkflow {
  id: string;
  name: string;
  trigger: Trigger;
  conditions: CompiledCondition | null;
  /**
   * What the conditions need to be decided when the trigger happens, from the order and the
   * parcel alone (no messages, cases, other parcels or customer history): 'order' or 'parcel'
   * (the triggering parcel too); null when they need more (or are a CEL expression).
   */
  decidableFrom: 'order' | 'parcel' | null;
  program: Instruction[];
  /** Milestones this workflow may send, in program order. */
  milestones: string[];
}

export function compileWorkflow(document: WorkflowDocument): { ok: true; workflow: CompiledWorkflow } | { ok: false; problems: ConditionProblem[] } {
  const problems: ConditionProblem[] = [];
  let conditions: CompiledCondition | null = null;
  if (document.conditions) {
    const compiled = compileCondition(document.conditions, ['conditions']);
    if (compiled.ok) conditions = compiled.test;
    else problems.push(...compiled.problems);
  }
  const program: Instruction[] = [];
  const milestones: string[] = [];
  if (document.trigger.after_days !== undefined) {
    program.push({ op: 'wait', label: 'trigger.after_days', durationMs: document.trigger.after_days * 24 * HOUR_MS, until: null });
  }
  emit(document.steps, ['steps'], program, milestones, problems);
  if (problems.length > 0) return { ok: false, problems };
  const decidableFrom = document.conditions ? decidableFromPaths(conditionPaths(document.conditions)) : null;
  return { ok: true, workflow: { id: document.id, name: document.name, trigger: document.trigger, conditions, decidableFrom, program, milestones } };
}

/** Paths the rule context fills from the order alone, or from the order and one parcel. */
const NEEDS_MORE = new Set(['order.status', 'order.status_words', 'customer.order_count', 'customer.first_time']);

function decidableFromPaths(paths: string[] | null): 'order' | 'parcel' | null {
  if (paths === null) return null;
  let needsParcel = false;
  for (const path of paths) {
    const [root, field] = path.split('.');
    if (NEEDS_MORE.has(`${root}.${field}`)) return null;
    if (root === 'shipment') needsParcel = true;
    else if (root !== 'order' && root !== 'customer' && root !== 'store' && root !== 'trigger') return null;
  }
  return needsParcel ? 'parcel' : 'order';
}

function emit(steps: readonly Step[], path: PropertyKey[], program: Instruction[], milestones: string[], problems: ConditionProblem[]): void {
  steps.forEach((step, index) => emitStep(step, [...path, index], program, milestones, problems));
}

function emitStep(step: Step, path: PropertyKey[], program: Instruction[], milestones: string[], problems: ConditionProblem[]): void {
  const label = formatPath(path);
  if ('notify' in step) {
    const n = step.notify;
    milestones.push(n.milestone);
    program.push({ op: 'notify', label, milestone: n.milestone, channels: n.channels, critical: n.critical, approval: n.approval, purpose: n.purpose, message: n.message, translations: n.translations ?? {} });
  } else if ('wait' in step) {
    const w = step.wait;
    const durationMs = ((w.days ?? 0) * 24 + (w.hours ?? 0) + (w.minutes ?? 0) / 60) * HOUR_MS;
    const until = w.until === undefined ? null : { hour: Number(w.until.slice(0, 2)), minute: Number(w.until.slice(3, 5)) };
    program.push({ op: 'wait', label, durationMs: durationMs > 0 ? durationMs : null, until, fractionOfEta: w.fraction_of_eta });
  } else if ('wait_for_engagement' in step) {
    const w = step.wait_for_engagement;
    if (!milestones.includes(w.milestone)) {
      problems.push({ path: [...path, 'wait_for_engagement', 'milestone'], reason: `must name the milestone of an earlier notify step (earlier: ${milestones.join(', ') || 'none'})` });
    }
    program.push({ op: 'wait', label, durationMs: w.within_hours * HOUR_MS, until: null });
    const check = program.push({ op: 'jump_if_engaged', label, milestone: w.milestone, target: -1 }) - 1;
    emit(w.otherwise, [...path, 'wait_for_engagement', 'otherwise'], program, milestones, problems);
    program[check] = { ...(program[check] as Extract<Instruction, { op: 'jump_if_engaged' }>), target: program.length };
  } else if ('branch' in step) {
    const b = step.branch;
    const compiled = compileCondition(b.if, [...path, 'branch', 'if']);
    if (!compiled.ok) problems.push(...compiled.problems);
    const test = compiled.ok ? compiled.test : () => false;
    const decide = program.push({ op: 'jump_unless', label, test, target: -1 }) - 1;
    emit(b.then, [...path, 'branch', 'then'], program, milestones, problems);
    if (b.else && b.else.length > 0) {
      const skipElse = program.push({ op: 'jump', label, target: -1 }) - 1;
      program[decide] = { op: 'jump_unless', label, test, target: program.length };
      emit(b.else, [...path, 'branch', 'else'], program, milestones, problems);
      program[skipElse] = { op: 'jump', label, target: program.length };
    } else {
      program[decide] = { op: 'jump_unless', label, test, target: program.length };
    }
  } else if ('open_case' in step) {
    const c = step.open_case;
    program.push({ op: 'open_case', label, team: c.team, priority: c.priority, reason: c.reason, summary: c.summary ?? null, slaHours: c.sla_hours ?? null });
  } else if ('webhook' in step) {
    program.push({ op: 'webhook', label, url: step.webhook.url, headers: step.webhook.headers ?? {} });
  } else if ('tag' in step) {
    program.push({ op: 'tag', label, add: step.tag.add ?? [], remove: step.tag.remove ?? [] });
  } else {
    program.push({ op: 'stop', label, reason: step.stop?.reason ?? null });
  }
}
