// Simulation: replay history against a workflow version without sending anything. The events run
// through the real ingest path and the real job handlers, inside a throw-away sandbox store on a
// clock that follows the events, so what it reports is what a live run would have sent.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import type { Store } from '../core/ports/store.ts';

const DAY_MS = 86_400_000;

/** A fresh store with the workflow under test as its only enabled workflow. */
export interface SimulationSandbox {
  storeId: string;
  store: Store;
  setClock(ms: number): void;
  ingest(events: readonly NormalizedEvent[]): Promise<void>;
  /** Run every job due at the sandbox clock's time. */
  fireDue(): Promise<number>;
}

export interface SimulationReport {
  events: number;
  orders: number;
  /** Per milestone and channel: how many messages would have gone out, to how many orders. */
  wouldSend: { milestone: string; channel: string; messages: number; orders: number }[];
  /** Per status and reason: what would have been held back, and why. */
  suppressed: { milestone: string; channel: string; status: string; reason: string; count: number }[];
  casesOpened: number;
}

export interface SimulationOptions {
  /** How long after the last event to keep firing timers (waits, follow-ups, stall checks). */
  horizonMs?: number;
  onProgress?: (done: number) => void;
}

/** Feed events (in `occurred_at` order) through the sandbox, firing timers as the clock passes them. */
export async function simulateWorkflows(sandbox: SimulationSandbox, events: AsyncIterable<NormalizedEvent[]> | Iterable<NormalizedEvent[]>, options: SimulationOptions = {}): Promise<SimulationReport> {
  let count = 0;
  let lastMs = 0;
  const orderRefs = new Set<string>();
  for await (const chunk of events) {
    const sorted = [...chunk].sort((a, b) => a.event.occurred_at.localeCompare(b.event.occurred_at));
    for (const item of sorted) {
      const atMs = Date.parse(item.event.occurred_at);
      await runTimersUntil(sandbox, Math.max(lastMs, atMs));
      lastMs = Math.max(lastMs, atMs);
      sandbox.setClock(lastMs);
      await sandbox.ingest([{ ...item, event: { ...item.event, store_id: sandbox.storeId, received_at: item.event.occurred_at } }]);
      await runTimersUntil(sandbox, lastMs);
      count += 1;
      if (item.event.order_ref !== null) orderRefs.add(item.event.order_ref);
      if (count % 100 === 0) options.onProgress?.(count);
    }
  }
  await runTimersUntil(sandbox, lastMs + (options.horizonMs ?? 14 * DAY_MS));
  options.onProgress?.(count);
  return { ...(await summarize(sandbox, count)), orders: orderRefs.size };
}

/** Jump the clock from one due job to the next up to `untilMs`, running each as it comes due. */
async function runTimersUntil(sandbox: SimulationSandbox, untilMs: number): Promise<void> {
  for (let rounds = 0; rounds < 100_000; rounds += 1) {
    const next = await sandbox.store.jobs.nextDueAtMs();
    if (next === null || next > untilMs) return;
    sandbox.setClock(Math.max(next, 0));
    if ((await sandbox.fireDue()) === 0) return;
  }
}

async function summarize(sandbox: SimulationSandbox, events: number): Promise<Omit<SimulationReport, 'orders'>> {
  const all: NotificationRecord[] = await sandbox.store.reads.listNotifications(sandbox.storeId, { limit: 1_000_000 });
  const sent = new Map<string, { milestone: string; channel: string; messages: number; orders: Set<string> }>();
  const held = new Map<string, { milestone: string; channel: string; status: string; reason: string; count: number }>();
  for (const n of all) {
    if (n.status === 'sent') {
      const key = `${n.milestone}\u0000${n.channel}`;
      const row = sent.get(key) ?? { milestone: n.milestone, channel: n.channel, messages: 0, orders: new Set<string>() };
      row.messages += 1;
      row.orders.add(n.orderRef);
      sent.set(key, row);
    } else if (n.status !== 'queued') {
      const reason = (n.statusReason ?? '').replace(/\d+/g, 'N');
      const key = `${n.milestone}\u0000${n.channel}\u0000${n.status}\u0000${reason}`;
      const row = held.get(key) ?? { milestone: n.milestone, channel: n.channel, status: n.status, reason: n.statusReason ?? '', count: 0 };
      row.count += 1;
      held.set(key, row);
    }
  }
  const cases = await sandbox.store.reads.listCases(sandbox.storeId, { limit: 1_000_000 });
  return {
    events,
    wouldSend: [...sent.values()].map((r) => ({ milestone: r.milestone, channel: r.channel, messages: r.messages, orders: r.orders.size })).sort((a, b) => b.messages - a.messages),
    suppressed: [...held.values()].sort((a, b) => b.count - a.count),
    casesOpened: cases.length,
  };
}
