// Replay a quarantined payload: read its archived bytes again with the current code and the
// store's current source configuration, and ingest what they now yield. The entry is marked
// replayed in the ingest transaction; events already in the log stay deduplicated, so replaying
// twice (or after the provider's own retry got through) applies nothing twice.

import { HeraldError, NotFoundError, ValidationError } from '../core/errors.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { SourceResolver } from '../core/ports/source.ts';
import type { QuarantineRecord, Store } from '../core/ports/store.ts';
import type { IngestGateway } from './ingest-gateway.ts';
import { digestOf } from './parse-event-batch.ts';
import { validateEvents } from './validate-events.ts';

export interface ReplayDeps {
  store: Store;
  gateway: IngestGateway;
  clock: Clock;
  sources: SourceResolver;
}

export interface ReplayOutcome {
  id: string;
  events: number;
  accepted: number;
  duplicates: number;
}

export async function replayQuarantined(deps: ReplayDeps, storeId: string, id: string): Promise<ReplayOutcome> {
  const entry = await deps.store.reads.getQuarantine(storeId, id);
  if (!entry) throw new NotFoundError(`no quarantined payload '${id}' in store '${storeId}'`);
  // The store's current configuration: a fixed generic mapping applies to the replay.
  const config = await deps.store.admin.getSourceConfig(storeId, entry.source);
  const adapter = deps.sources(entry.source, config?.settings ?? null);
  if (!adapter) throw new HeraldError('source_unknown', `source '${entry.source}' is not known to this Herald build; upgrade before replaying '${id}'`);
  const receivedAt = isoAt(deps.clock.nowMs());
  let parsed;
  try {
    parsed = await adapter.parse({
      body: entry.body,
      headers: entry.headers,
      url: new URL(`http://herald.invalid/v1/sources/${encodeURIComponent(entry.source)}/${encodeURIComponent(storeId)}`),
      receivedAtMs: Date.parse(entry.receivedAt),
    });
  } catch (error) {
    throw new HeraldError('source_parse_failed', `quarantined payload '${id}' still cannot be read: ${error instanceof Error ? error.message : String(error)}`, {
      details: { quarantineId: id, field: (error as { details?: { field?: unknown } }).details?.field ?? null },
    });
  }
  const text = new TextDecoder().decode(entry.body);
  const { valid, rejected } = validateEvents(
    parsed.events.map((value, index) => ({ index, line: null, value, digest: () => `${digestOf(text)}:${index}` })),
    { storeId, defaultSource: entry.source, receivedAt },
  );
  const first = rejected[0];
  if (first) {
    throw new ValidationError(
      `quarantined payload '${id}' still yields ${rejected.length} event(s) the canonical contract refuses (event ${first.index}); nothing was stored`,
      first.issues,
    );
  }
  if (valid.length === 0) {
    // Nothing to ingest (a topic Herald does not track): the entry is still settled.
    await deps.gateway.ingest([], null, { replayOf: { storeId, id } });
    return { id, events: 0, accepted: 0, duplicates: 0 };
  }
  const outcome = await deps.gateway.ingest(
    valid.map((v) => v.normalized),
    { storeId, source: entry.source, receivedAt, contentType: entry.contentType, body: entry.body, headers: entry.headers },
    { replayOf: { storeId, id } },
  );
  return { id, events: valid.length, accepted: outcome.accepted, duplicates: outcome.duplicates };
}

/** The quarantine entry as the API and the CLI show it (the body as text when it is UTF-8). */
export function quarantineView(entry: QuarantineRecord, withBody: boolean) {
  const view: Record<string, unknown> = {
    id: entry.id,
    source: entry.source,
    received_at: entry.receivedAt,
    content_type: entry.contentType,
    size_bytes: entry.body.byteLength,
    error: entry.error,
    replayed_at: entry.replayedAt,
    replay_result: entry.replayResult,
  };
  if (withBody) {
    view['headers'] = entry.headers;
    try {
      view['body'] = new TextDecoder('utf-8', { fatal: true }).decode(entry.body);
    } catch {
      view['body_base64'] = Buffer.from(entry.body).toString('base64');
    }
  }
  return view;
}
