// Which runs an accepted event starts, and which signal timers it sets. Called inside the
// ingest transaction with rules already in memory, so it costs no query: one job per run started.
// Conditions that read only the order and the triggering parcel (most of the default pack's:
// local pickup, international, days to ETA) are decided here, on the order and parcel as this
// transaction leaves them, which is what the run would read: a run that would stop at its
// conditions is not started, and its run log line is written here instead.

import type { JobSpec } from '../core/jobs/job.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { RuleContext } from '../core/workflows/compile-conditions.ts';
import type { CompiledWorkflow } from '../core/workflows/compile-workflow.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';
import { buildRuleContext } from '../core/workflows/rule-context.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import { matchesTrigger, lateKey, type TriggerFact } from '../core/workflows/trigger-facts.ts';
import type { StoreRules } from './workflow-catalog.ts';

const HOUR_MS = 3_600_000;

/** What a `workflow.run` job carries: the run's identity, its pinned version and its position. */
export interface RunPayload {
  runKey: string;
  workflowId: string;
  version: number;
  orderRef: string;
  trackingNumber: string | null;
  trigger: { kind: TriggerFact['kind']; value: string; key: string; occurredAt: string; anchor?: string | undefined };
  pc: number;
  startedAtMs: number;
  [key: string]: unknown;
}

export function runKeyOf(workflowId: string, fact: TriggerFact): string {
  return `run:${workflowId}:${fact.orderRef}:${fact.key}`;
}

/**
 * The rule context of the order and the triggering parcel as in memory, for conditions that read
 * no more (`decidableFrom`); null when it cannot be built here (the order is not in this batch).
 */
export type EarlyContext = (fact: TriggerFact, from: 'order' | 'parcel') => RuleContext | null;

export interface PlannedRuns {
  jobs: JobSpec[];
  /** Run log lines of the runs whose conditions failed here (no job for them). */
  notMatched: WorkflowActivityRecord[];
}

/** One job per (workflow, trigger occurrence): a repeat of the same fact supersedes, never doubles. */
export function planRuns(storeId: string, rules: StoreRules | undefined, facts: readonly TriggerFact[], nowMs: number, early?: EarlyContext): PlannedRuns {
  const planned: PlannedRuns = { jobs: [], notMatched: [] };
  if (!rules || rules.workflows.length === 0) return planned;
  for (const fact of facts) {
    for (const workflow of rules.workflows) {
      if (!matchesTrigger(workflow.compiled, fact)) continue;
      const runKey = runKeyOf(workflow.workflowId, fact);
      const payload: RunPayload = {
        runKey,
        workflowId: workflow.workflowId,
        version: workflow.version,
        orderRef: fact.orderRef,
        trackingNumber: fact.trackingNumber,
        trigger: { kind: fact.kind, value: fact.value, key: fact.key, occurredAt: fact.occurredAt, anchor: fact.anchor },
        pc: 0,
        startedAtMs: nowMs,
      };
      if (failsEarly(workflow.compiled, fact, early)) {
        const at = isoAt(nowMs);
        planned.notMatched.push({ storeId, orderRef: fact.orderRef, at, workflowId: workflow.workflowId, workflowVersion: workflow.version, runKey, step: 'conditions', outcome: 'not_matched', reason: notMatchedReason(payload), detail: null });
        continue;
      }
      planned.jobs.push({ storeId, kind: 'workflow.run', key: `${runKey}@0`, dueAtMs: nowMs, payload });
    }
  }
  return planned;
}

/**
 * The rule context of a fact's order (and parcel) as this batch leaves them, for conditions that
 * read nothing else: no messages, cases or other parcels (those fields stay empty here, and
 * `decidableFrom` guarantees the conditions do not read them).
 */
export function earlyContext(rules: StoreRules, orders: ReadonlyMap<string, OrderRecord>, parcels: ReadonlyMap<string, ShipmentRecord>, nowMs: number): EarlyContext {
  const built = new Map<TriggerFact, RuleContext | null>();
  return (fact, from) => {
    if (built.has(fact)) return built.get(fact)!;
    const order = orders.get(fact.orderRef);
    const parcel = fact.trackingNumber === null ? undefined : parcels.get(fact.trackingNumber);
    // The trigger as the run's payload carries it (src/app/plan-runs.ts).
    const trigger = { kind: fact.kind, value: fact.value, key: fact.key, occurredAt: fact.occurredAt, anchor: fact.anchor };
    const context = !order || (from === 'parcel' && !parcel)
      ? null
      : buildRuleContext({ order, shipments: parcel ? [parcel] : [], trackingNumber: fact.trackingNumber, notifications: [], openCases: [], ticketCount: order.ticketCount ?? 0, exceptionCount: 0, customerOrderCount: 1, settings: rules.settings, storeName: rules.storeName, trigger, nowMs });
    built.set(fact, context);
    return context;
  };
}

function failsEarly(workflow: CompiledWorkflow, fact: TriggerFact, early: EarlyContext | undefined): boolean {
  const from = workflow.decidableFrom;
  if (!early || !workflow.conditions || from === null) return false;
  // A parcel's fields are known only for a fact about one parcel.
  if (from === 'parcel' && fact.trackingNumber === null) return false;
  const context = early(fact, from);
  return context !== null && !workflow.conditions(context);
}

/** The run log's words for a run whose conditions do not hold. */
export function notMatchedReason(run: RunPayload): string {
  return `${describeTrigger(run)}: the conditions do not hold for this order`;
}

export function describeTrigger(run: RunPayload): string {
  const t = run.trigger;
  const parcel = run.trackingNumber ? ` (parcel ${run.trackingNumber})` : '';
  switch (t.kind) {
    case 'event':
      return `event ${t.value}${parcel}`;
    case 'state':
      return `parcel entered ${t.value}${parcel}`;
    case 'reason':
      return `parcel needs attention: ${t.value}${parcel}`;
    case 'signal':
      return `signal ${t.value}${parcel}`;
  }
}

/**
 * Timers an order change sets: `fulfillment_stalled` N hours after payment, `late` at the end of
 * the promise date. Both are check-at-fire, so they are (re)set freely.
 */
export function orderSignalTimers(before: OrderRecord | null, after: OrderRecord, rules: StoreRules | undefined): JobSpec[] {
  if (!rules) return [];
  const jobs: JobSpec[] = [];
  if (after.paidAt !== null && before?.paidAt !== after.paidAt && after.cancelledAt === null) {
    jobs.push({
      storeId: after.storeId,
      kind: 'order.fulfillment_check',
      key: `fulfillment:${after.orderRef}`,
      dueAtMs: Date.parse(after.paidAt) + rules.settings.fulfillmentStallAfterHours * HOUR_MS,
      payload: { orderRef: after.orderRef, paidAt: after.paidAt },
    });
  }
  if (after.promiseDate !== null && before?.promiseDate !== after.promiseDate) {
    const promise = after.promiseDate;
    const endMs = promise.length === 10 ? Date.parse(`${promise}T23:59:59Z`) + 1_000 : Date.parse(promise);
    jobs.push({
      storeId: after.storeId,
      kind: 'order.late_check',
      key: lateKey(after.orderRef, promise),
      dueAtMs: endMs,
      payload: { orderRef: after.orderRef, promiseDate: promise },
    });
  }
  return jobs;
}
