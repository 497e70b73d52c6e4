// The dashboard's scorecard (DESIGN.md §1, "insights"): over the last N days, orders, messages
// sent per channel, what was held back and why, exceptions per carrier and reason, parcels per
// state, WISMO tickets and tracking page visits per day, the self-service deflection rate, and
// the review queue's throughput with its median time to resolve. Days are the store's local days
// (its `time_zone` setting): a merchant's "today" starts at their own midnight.

import { localDayRange, localParts } from '../core/calendar/local-time.ts';
import type { Store } from '../core/ports/store.ts';

/** Statuses that mean the message left Herald (handed to and accepted by a provider, or later). */
const SENT = new Set(['sent', 'delivered', 'opened', 'clicked', 'bounced', 'unconfirmed']);
/** Statuses that mean nothing was sent on purpose (a rule said no). */
const HELD = new Set(['suppressed', 'superseded', 'skipped']);
/** Tracking page counters that are a customer looking up their order themselves. */
const SELF_SERVICE_PAGES = new Set(['tracking', 'tracking_json', 'lookup']);

export interface Scorecard {
  days: number;
  from: string;
  to: string;
  /** The zone whose days these are (the store's `time_zone`). */
  timeZone: string;
  /** Every day of the range, oldest first (`YYYY-MM-DD` in `timeZone`). */
  dayKeys: string[];
  orders: number;
  messagesByChannel: { channel: string; sent: number; failed: number; held: number }[];
  messagesSent: number;
  /** Held-back messages per status and reason (numbers in the reason folded to N). */
  held: { status: string; reason: string; count: number }[];
  exceptions: { carrier: string; reason: string; parcels: number }[];
  shipmentStates: { state: string; parcels: number }[];
  wismoPerDay: { day: string; count: number }[];
  visitsPerDay: { day: string; count: number }[];
  wismoTickets: number;
  trackingVisits: number;
  /** visits / (visits + WISMO tickets); null when there was neither. */
  deflection: number | null;
  cases: { opened: number; resolved: number; openNow: number; medianResolveMs: number | null };
}

/** The scorecard of the last `days` local days in `timeZone`, today included. */
export async function buildScorecard(store: Store, storeId: string, nowMs: number, days: number, timeZone: string): Promise<Scorecard> {
  const { dayKeys, boundsMs } = localDayRange(nowMs, days, timeZone);
  const from = new Date(boundsMs[0]!).toISOString();
  const to = new Date(boundsMs[days]!).toISOString();
  const [facts, visits] = await Promise.all([store.reads.scorecardFacts(storeId, from, to), store.reads.listPageVisits(storeId, dayKeys[0]!)]);

  const channels = new Map<string, { channel: string; sent: number; failed: number; held: number }>();
  const held = new Map<string, { status: string; reason: string; count: number }>();
  for (const m of facts.messages) {
    const row = channels.get(m.channel) ?? { channel: m.channel, sent: 0, failed: 0, held: 0 };
    if (SENT.has(m.status)) row.sent += m.count;
    else if (m.status === 'failed') row.failed += m.count;
    else if (HELD.has(m.status)) {
      row.held += m.count;
      const reason = foldReason(m.reason);
      const key = `${m.status}\u0000${reason}`;
      const h = held.get(key) ?? { status: m.status, reason, count: 0 };
      h.count += m.count;
      held.set(key, h);
    }
    channels.set(m.channel, row);
  }

  const wismo = perDay(dayKeys, facts.tickets.filter((t) => t.intent === 'wismo').map((t) => ({ day: localParts(Date.parse(`${t.minute}:00Z`), timeZone).date, count: t.count })));
  const visitsPerDay = perDay(dayKeys, visits.filter((v) => SELF_SERVICE_PAGES.has(v.page)).map((v) => ({ day: v.day, count: v.visits })));
  const wismoTickets = sum(wismo);
  const trackingVisits = sum(visitsPerDay);

  const resolvedInRange = facts.cases.filter((k) => k.resolvedAt !== null && k.resolvedAt >= from && k.resolvedAt < to);
  const durations = resolvedInRange.map((k) => Date.parse(k.resolvedAt!) - Date.parse(k.openedAt)).filter((ms) => Number.isFinite(ms) && ms >= 0);

  return {
    days,
    from,
    to,
    timeZone,
    dayKeys,
    orders: facts.orders,
    messagesByChannel: [...channels.values()].sort((a, b) => b.sent - a.sent || a.channel.localeCompare(b.channel)),
    messagesSent: [...channels.values()].reduce((n, r) => n + r.sent, 0),
    held: [...held.values()].sort((a, b) => b.count - a.count),
    exceptions: facts.exceptions.map((e) => ({ carrier: e.carrier ?? 'unknown', reason: e.reason ?? 'exception', parcels: e.parcels })).sort((a, b) => b.parcels - a.parcels),
    shipmentStates: [...facts.shipmentStates].sort((a, b) => b.parcels - a.parcels),
    wismoPerDay: wismo,
    visitsPerDay,
    wismoTickets,
    trackingVisits,
    deflection: trackingVisits + wismoTickets === 0 ? null : trackingVisits / (trackingVisits + wismoTickets),
    cases: {
      opened: facts.cases.filter((k) => k.openedAt >= from && k.openedAt < to).length,
      resolved: resolvedInRange.length,
      openNow: facts.cases.filter((k) => k.status === 'open').length,
      medianResolveMs: median(durations),
    },
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function foldReason(reason: string | null): string {
  return (reason ?? 'no reason recorded').replace(/\d+/g, 'N');
}

function perDay(dayKeys: readonly string[], rows: readonly { day: string; count: number }[]): { day: string; count: number }[] {
  const counts = new Map(dayKeys.map((d) => [d, 0]));
  for (const r of rows) if (counts.has(r.day)) counts.set(r.day, counts.get(r.day)! + r.count);
  return dayKeys.map((day) => ({ day, count: counts.get(day)! }));
}

function sum(rows: readonly { count: number }[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}
