// Which runs an accepted event starts, and which signal timers it sets. Called inside the
// ingest transaction with rules already in memory, so it costs no query: one job per run started.

import type { JobSpec } from '../core/jobs/job.ts';
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

/** One job per (workflow, trigger occurrence): a repeat of the same fact supersedes, never doubles. */
export function planRuns(storeId: string, rules: StoreRules | undefined, facts: readonly TriggerFact[], nowMs: number): JobSpec[] {
  if (!rules || rules.workflows.length === 0) return [];
  const jobs: JobSpec[] = [];
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
      jobs.push({ storeId, kind: 'workflow.run', key: `${runKey}@0`, dueAtMs: nowMs, payload });
    }
  }
  return jobs;
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
