// Source health (DESIGN.md §1, "insights"): per store and source, the last event time, events
// per hour over the last 24 h, signature and parse failures, and unmapped provider codes; and the
// `source.health_check` job that records `source.unhealthy` when a source goes silent or fails
// (rules in src/core/sources/assess-source-health.ts).

import { ownEvent } from '../core/events/own-event.ts';
import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { JobRecord, JobSpec } from '../core/jobs/job.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { SourceStatsRow, Store, StoreReads, StoreTx } from '../core/ports/store.ts';
import { assessSourceHealth, hourKey, RHYTHM_WINDOW_HOURS, type SourceHealth } from '../core/sources/assess-source-health.ts';

const HOUR_MS = 3_600_000;
/** How often each configured source is checked. */
export const HEALTH_CHECK_INTERVAL_MS = HOUR_MS;

export interface SourceHealthView {
  source: string;
  configured: boolean;
  health: SourceHealth;
  last_event_at: string | null;
  events_last_24h: number;
  signature_failures_last_24h: number;
  parse_failures_last_24h: number;
  unmapped_last_24h: number;
  /** Hours of the last 24 with any activity, oldest first. */
  hours: { hour: string; events: number; signature_failures: number; parse_failures: number; unmapped: number }[];
  unmapped_codes: { code: string; count: number; last_seen_at: string }[];
}

export async function describeSourceHealth(store: Store, storeId: string, nowMs: number): Promise<SourceHealthView[]> {
  const [configs, rows, last, codes] = await Promise.all([
    store.admin.listSourceConfigs(storeId),
    store.reads.listSourceStats(storeId, hourKey(nowMs - RHYTHM_WINDOW_HOURS * HOUR_MS)),
    store.reads.lastEventTimes(storeId),
    store.reads.listUnmappedCodes(storeId),
  ]);
  const names = new Set([...configs.map((c) => c.source), ...rows.map((r) => r.source), ...last.keys()]);
  const configured = new Set(configs.map((c) => c.source));
  const dayAgo = hourKey(nowMs - 23 * HOUR_MS);
  return [...names].sort().map((source) => {
    const mine = rows.filter((r) => r.source === source);
    const day = mine.filter((r) => r.hour >= dayAgo);
    const sum = (pick: (r: SourceStatsRow) => number) => day.reduce((total, r) => total + pick(r), 0);
    return {
      source,
      configured: configured.has(source),
      health: assessSourceHealth(mine, last.get(source) ?? null, nowMs),
      last_event_at: last.get(source) ?? null,
      events_last_24h: sum((r) => r.events),
      signature_failures_last_24h: sum((r) => r.signatureFailures),
      parse_failures_last_24h: sum((r) => r.parseFailures),
      unmapped_last_24h: sum((r) => r.unmapped),
      hours: day.map((r) => ({ hour: r.hour, events: r.events, signature_failures: r.signatureFailures, parse_failures: r.parseFailures, unmapped: r.unmapped })),
      unmapped_codes: codes.filter((c) => c.source === source).map((c) => ({ code: c.code, count: c.count, last_seen_at: c.lastSeenAt })),
    };
  });
}

/** The periodic check of one configured source; scheduling it again supersedes the pending one. */
export function sourceHealthCheckJob(storeId: string, source: string, dueAtMs: number): JobSpec {
  return { storeId, kind: 'source.health_check', key: `source-health:${source}`, dueAtMs, payload: { source } };
}

/**
 * Runs at fire time inside the job's transaction: reschedules itself, and returns the
 * `source.unhealthy` signal to ingest, or null. The id names the source and the silence (its last
 * event) or the failing hour, so a retried or repeated check never records the same signal twice.
 */
export async function checkSourceHealth(job: JobRecord, reads: StoreReads, tx: StoreTx, nowMs: number): Promise<CanonicalEvent | null> {
  const source = String(job.payload['source']);
  await tx.scheduleJobs([sourceHealthCheckJob(job.storeId, source, nowMs + HEALTH_CHECK_INTERVAL_MS)]);
  const [rows, last] = await Promise.all([
    reads.listSourceStats(job.storeId, hourKey(nowMs - RHYTHM_WINDOW_HOURS * HOUR_MS)),
    reads.lastEventTimes(job.storeId),
  ]);
  const lastEventAt = last.get(source) ?? null;
  const health = assessSourceHealth(
    rows.filter((r) => r.source === source),
    lastEventAt,
    nowMs,
  );
  if (health.status === 'ok' || health.status === 'waiting') return null;
  const about = health.status === 'silent' ? health.lastEventAt : health.window;
  return ownEvent({ storeId: job.storeId, source: 'herald', type: 'source.unhealthy', id: `source.unhealthy:${source}:${health.status}:${about}`, at: isoAt(nowMs), orderRef: null, attributes: { source_name: source, ...health } });
}

/**
 * At start: make sure every configured source has its periodic check (a config written by any
 * means gets one, and a check parked as dead comes back). Due at once; it reschedules itself.
 */
export async function ensureSourceHealthChecks(store: Store, nowMs: number): Promise<number> {
  const configs = await store.admin.listSourceConfigs(null);
  if (configs.length === 0) return 0;
  await store.transact((tx) => tx.scheduleJobs(configs.map((config) => sourceHealthCheckJob(config.storeId, config.source, nowMs))));
  return configs.length;
}
