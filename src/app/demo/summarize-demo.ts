// What the demo week left behind, read back from the store: messages per channel, open cases,
// and a few orders worth opening on the tracking page (one per kind of story).

import { SENT_STATUSES } from '../../core/notifications/notification-record.ts';
import type { StoreReads } from '../../core/ports/store.ts';
import type { ScanKind } from './demo-payloads.ts';
import type { DemoFate } from './plan-parcel-journey.ts';
import type { DemoPlan } from './plan-shop-week.ts';

export interface DemoSummary {
  orders: number;
  parcels: number;
  messagesByChannel: Record<string, number>;
  heldBack: number;
  casesOpen: number;
  casesByReason: Record<string, number>;
  tickets: number;
  /** Orders to look at: their number, what happened, and their tracking page token. */
  showcase: { number: string; story: string; token: string }[];
}

/** Stories worth a look, and the scan that must have happened by the end of the week. */
const STORIES: readonly (readonly [DemoFate, ScanKind, string])[] = [
  ['delivered', 'delivered', 'delivered'],
  ['customs_hold', 'customs_held', 'held in customs'],
  ['stalled', 'in_transit', 'stalled: no scan for days'],
  ['attempted', 'attempt_failed', 'a failed delivery attempt'],
  ['attempted_twice', 'returning', 'two failed attempts, returning to sender'],
  ['returned', 'returning', 'address unknown, returning to sender'],
];
const MAX_SHOWCASE = 5;

const MAX_ROWS = 100_000;

export async function summarizeDemo(reads: StoreReads, storeId: string, plan: DemoPlan): Promise<DemoSummary> {
  const notifications = await reads.listNotifications(storeId, { limit: MAX_ROWS });
  const messagesByChannel: Record<string, number> = {};
  let heldBack = 0;
  for (const notification of notifications) {
    if (SENT_STATUSES.has(notification.status)) messagesByChannel[notification.channel] = (messagesByChannel[notification.channel] ?? 0) + 1;
    else heldBack += 1;
  }
  const cases = await reads.listCases(storeId, { status: 'open', limit: MAX_ROWS });
  const casesByReason: Record<string, number> = {};
  for (const record of cases) casesByReason[record.reason] = (casesByReason[record.reason] ?? 0) + 1;

  const showcase: DemoSummary['showcase'] = [];
  for (const [fate, kind, story] of STORIES) {
    if (showcase.length >= MAX_SHOWCASE) break;
    // The latest order of that fate whose telling scan happened before the week ended.
    const order = plan.orders.filter((o) => o.fate === fate && o.scans.some((scan) => scan.kind === kind && scan.atMs <= plan.endMs)).at(fate === 'stalled' ? 0 : -1);
    if (!order) continue;
    const record = await reads.getOrder(storeId, String(order.facts.id));
    if (record?.trackingToken) showcase.push({ number: `#${order.facts.number}`, story, token: record.trackingToken });
  }
  return {
    orders: plan.orders.length,
    parcels: plan.orders.filter((order) => order.parcel !== null).length,
    messagesByChannel,
    heldBack,
    casesOpen: cases.length,
    casesByReason,
    tickets: plan.tickets,
    showcase,
  };
}
