// Source health counters of one ingest: per source and UTC hour, how many new events arrived,
// when the last one did, and which provider codes no mapping table knew. Only new events count:
// tracking providers repeat the whole history in every webhook. Events of the canonical API
// (`api`) and Herald's own signals (`herald`) are not a webhook source and are not counted.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { SourceStatsDelta } from '../core/ports/store.ts';

const NOT_COUNTED: ReadonlySet<string> = new Set(['api', 'herald']);

export function countSourceStats(items: readonly NormalizedEvent[], inserted: readonly boolean[]): SourceStatsDelta[] {
  const deltas = new Map<string, SourceStatsDelta>();
  items.forEach((item, index) => {
    const { event } = item;
    if (NOT_COUNTED.has(event.source) || !inserted[index]) return;
    const hour = hourOf(event.received_at);
    const key = `${event.store_id}\u0000${event.source}\u0000${hour}`;
    let delta = deltas.get(key);
    if (!delta) {
      delta = emptyDelta(event.store_id, event.source, hour);
      deltas.set(key, delta);
    }
    delta.events += 1;
    if (delta.lastEventAt === null || event.received_at > delta.lastEventAt) delta.lastEventAt = event.received_at;
    if (item.unmapped) {
      delta.unmapped += 1;
      const code = `${item.unmapped.provider}:${item.unmapped.code}`;
      delta.unmappedCodes[code] = (delta.unmappedCodes[code] ?? 0) + 1;
    }
  });
  return [...deltas.values()];
}

/** `YYYY-MM-DDTHH` of an ISO-8601 UTC time: the bucket source health counts in. */
export function hourOf(iso: string): string {
  return iso.slice(0, 13);
}

export function emptyDelta(storeId: string, source: string, hour: string): SourceStatsDelta {
  return { storeId, source, hour, events: 0, signatureFailures: 0, parseFailures: 0, unmapped: 0, lastEventAt: null, unmappedCodes: {} };
}
