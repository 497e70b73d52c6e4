// Statements over sources: per-store configuration, the Shopify fulfillment map, quarantine and
// the source health counters.

import type Database from 'better-sqlite3';
import { toQuarantine, toSourceConfig, type QuarantineRow, type SourceConfigRow } from '../../record-rows.ts';
import type {
  QuarantineRecord,
  SourceConfigRecord,
  SourceStatsDelta,
  SourceStatsRow,
  UnmappedCodeRow,
} from '../../../../core/ports/store.ts';

interface StatsRow {
  source: string;
  hour: string;
  events: number;
  signature_failures: number;
  parse_failures: number;
  unmapped: number;
  last_event_at: string | null;
}

export function createSourceStatements(db: Database.Database) {
  const upsertConfig = db.prepare(
    `INSERT INTO source_configs (store_id, source, secret, url_token, shop_domain, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, source) DO UPDATE SET secret = excluded.secret, url_token = excluded.url_token,
       shop_domain = excluded.shop_domain, settings = excluded.settings, created_at = excluded.created_at`,
  );
  const getConfig = db.prepare<[string, string], SourceConfigRow>('SELECT * FROM source_configs WHERE store_id = ? AND source = ?');
  const configsOfStore = db.prepare<[string], SourceConfigRow>('SELECT * FROM source_configs WHERE store_id = ? ORDER BY source');
  const allConfigs = db.prepare<[], SourceConfigRow>('SELECT * FROM source_configs ORDER BY store_id, source');
  const insertParcel = db.prepare('INSERT INTO fulfillment_parcels (store_id, fulfillment_id, tracking_number) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const getParcel = db.prepare<[string, string], { tracking_number: string }>(
    'SELECT tracking_number FROM fulfillment_parcels WHERE store_id = ? AND fulfillment_id = ?',
  );
  const insertQuarantine = db.prepare(
    `INSERT INTO quarantine (id, store_id, source, received_at, content_type, headers, body, error, replayed_at, replay_result)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const replayed = db.prepare('UPDATE quarantine SET replayed_at = ?, replay_result = ? WHERE store_id = ? AND id = ?');
  const listQuarantine = db.prepare<[string, number], QuarantineRow>('SELECT * FROM quarantine WHERE store_id = ? ORDER BY received_at DESC, id DESC LIMIT ?');
  const getQuarantine = db.prepare<[string, string], QuarantineRow>('SELECT * FROM quarantine WHERE store_id = ? AND id = ?');
  const addStats = db.prepare(
    `INSERT INTO source_stats (store_id, source, hour, events, signature_failures, parse_failures, unmapped, last_event_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, source, hour) DO UPDATE SET
       events = events + excluded.events,
       signature_failures = signature_failures + excluded.signature_failures,
       parse_failures = parse_failures + excluded.parse_failures,
       unmapped = unmapped + excluded.unmapped,
       last_event_at = CASE WHEN excluded.last_event_at IS NULL THEN last_event_at
                            WHEN last_event_at IS NULL OR excluded.last_event_at > last_event_at THEN excluded.last_event_at
                            ELSE last_event_at END`,
  );
  const addCode = db.prepare(
    `INSERT INTO source_unmapped_codes (store_id, source, code, count, last_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (store_id, source, code) DO UPDATE SET count = count + excluded.count,
       last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
  );
  const stats = db.prepare<[string, string], StatsRow>(
    'SELECT source, hour, events, signature_failures, parse_failures, unmapped, last_event_at FROM source_stats WHERE store_id = ? AND hour >= ? ORDER BY hour, source',
  );
  const lastEvents = db.prepare<[string], { source: string; last: string }>(
    'SELECT source, max(last_event_at) AS last FROM source_stats WHERE store_id = ? AND last_event_at IS NOT NULL GROUP BY source',
  );
  const codes = db.prepare<[string], { source: string; code: string; count: number; last_seen_at: string }>(
    'SELECT source, code, count, last_seen_at FROM source_unmapped_codes WHERE store_id = ? ORDER BY source, count DESC, code',
  );

  return {
    saveSourceConfig(config: SourceConfigRecord): void {
      upsertConfig.run(
        config.storeId,
        config.source,
        config.secret,
        config.urlToken,
        config.shopDomain,
        config.settings ? JSON.stringify(config.settings) : null,
        config.createdAt,
      );
    },
    getSourceConfig(storeId: string, source: string): SourceConfigRecord | null {
      const row = getConfig.get(storeId, source);
      return row ? toSourceConfig(row) : null;
    },
    listSourceConfigs(storeId: string | null): SourceConfigRecord[] {
      return (storeId === null ? allConfigs.all() : configsOfStore.all(storeId)).map(toSourceConfig);
    },
    saveFulfillmentParcels(storeId: string, parcels: ReadonlyMap<string, string>): void {
      for (const [fulfillmentId, trackingNumber] of parcels) insertParcel.run(storeId, fulfillmentId, trackingNumber);
    },
    loadFulfillmentParcels(storeId: string, ids: readonly string[]): Map<string, string> {
      const found = new Map<string, string>();
      for (const id of ids) {
        const row = getParcel.get(storeId, id);
        if (row) found.set(id, row.tracking_number);
      }
      return found;
    },
    quarantine(record: QuarantineRecord): void {
      insertQuarantine.run(
        record.id,
        record.storeId,
        record.source,
        record.receivedAt,
        record.contentType,
        JSON.stringify(record.headers),
        Buffer.from(record.body.buffer, record.body.byteOffset, record.body.byteLength),
        JSON.stringify(record.error),
        record.replayedAt,
        record.replayResult === null ? null : JSON.stringify(record.replayResult),
      );
    },
    markReplayed(storeId: string, id: string, at: string, result: Record<string, unknown>): boolean {
      return replayed.run(at, JSON.stringify(result), storeId, id).changes === 1;
    },
    listQuarantine(storeId: string, limit: number): QuarantineRecord[] {
      return listQuarantine.all(storeId, limit).map(toQuarantine);
    },
    getQuarantine(storeId: string, id: string): QuarantineRecord | null {
      const row = getQuarantine.get(storeId, id);
      return row ? toQuarantine(row) : null;
    },
    addSourceStats(deltas: readonly SourceStatsDelta[]): void {
      for (const d of deltas) {
        addStats.run(d.storeId, d.source, d.hour, d.events, d.signatureFailures, d.parseFailures, d.unmapped, d.lastEventAt);
        for (const [code, count] of Object.entries(d.unmappedCodes)) addCode.run(d.storeId, d.source, code, count, d.lastEventAt ?? `${d.hour}:00:00.000Z`);
      }
    },
    listSourceStats(storeId: string, sinceHour: string): SourceStatsRow[] {
      return stats.all(storeId, sinceHour).map((row) => ({
        source: row.source,
        hour: row.hour,
        events: row.events,
        signatureFailures: row.signature_failures,
        parseFailures: row.parse_failures,
        unmapped: row.unmapped,
        lastEventAt: row.last_event_at,
      }));
    },
    lastEventTimes(storeId: string): Map<string, string> {
      return new Map(lastEvents.all(storeId).map((row) => [row.source, row.last]));
    },
    listUnmappedCodes(storeId: string): UnmappedCodeRow[] {
      return codes.all(storeId).map((row) => ({ source: row.source, code: row.code, count: row.count, lastSeenAt: row.last_seen_at }));
    },
  };
}
