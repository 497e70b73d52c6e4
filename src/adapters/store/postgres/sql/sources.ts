// Statements over sources: per-store configuration, the Shopify fulfillment map, quarantine and
// the source health counters. Counter upserts run in key order, so two transactions adding to
// the same rows wait for each other instead of deadlocking.

import type {
  QuarantineRecord,
  SourceConfigRecord,
  SourceStatsDelta,
  SourceStatsRow,
  UnmappedCodeRow,
} from '../../../../core/ports/store.ts';
import type { Db } from './db.ts';
import { toQuarantine, toSourceConfig, type QuarantineRow, type SourceConfigRow } from '../../record-rows.ts';
import { toNumber } from './db.ts';

const CONFIG_COLUMNS = 'store_id, source, secret, url_token, shop_domain, settings, created_at';
const QUARANTINE_COLUMNS = 'id, store_id, source, received_at, content_type, headers, body, error, replayed_at, replay_result';

export async function saveSourceConfig(db: Db, config: SourceConfigRecord): Promise<void> {
  await db.query(
    `INSERT INTO source_configs (${CONFIG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (store_id, source) DO UPDATE SET secret = excluded.secret, url_token = excluded.url_token,
       shop_domain = excluded.shop_domain, settings = excluded.settings, created_at = excluded.created_at`,
    [config.storeId, config.source, config.secret, config.urlToken, config.shopDomain, config.settings ? JSON.stringify(config.settings) : null, config.createdAt],
  );
}

export async function getSourceConfig(db: Db, storeId: string, source: string): Promise<SourceConfigRecord | null> {
  const { rows } = await db.query<SourceConfigRow>(`SELECT ${CONFIG_COLUMNS} FROM source_configs WHERE store_id = $1 AND source = $2`, [storeId, source]);
  return rows[0] ? toSourceConfig(rows[0]) : null;
}

export async function listSourceConfigs(db: Db, storeId: string | null): Promise<SourceConfigRecord[]> {
  const { rows } =
    storeId === null
      ? await db.query<SourceConfigRow>(`SELECT ${CONFIG_COLUMNS} FROM source_configs ORDER BY store_id COLLATE "C", source COLLATE "C"`)
      : await db.query<SourceConfigRow>(`SELECT ${CONFIG_COLUMNS} FROM source_configs WHERE store_id = $1 ORDER BY source COLLATE "C"`, [storeId]);
  return rows.map(toSourceConfig);
}

export async function saveFulfillmentParcels(db: Db, storeId: string, parcels: ReadonlyMap<string, string>): Promise<void> {
  if (parcels.size === 0) return;
  const ids = [...parcels.keys()].sort();
  await db.query(
    `INSERT INTO fulfillment_parcels (store_id, fulfillment_id, tracking_number)
     SELECT $1, f, t FROM unnest($2::text[], $3::text[]) AS u(f, t) ON CONFLICT DO NOTHING`,
    [storeId, ids, ids.map((id) => parcels.get(id)!)],
  );
}

export async function loadFulfillmentParcels(db: Db, storeId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ fulfillment_id: string; tracking_number: string }>(
    'SELECT fulfillment_id, tracking_number FROM fulfillment_parcels WHERE store_id = $1 AND fulfillment_id = ANY($2::text[])',
    [storeId, [...ids]],
  );
  return new Map(rows.map((row) => [row.fulfillment_id, row.tracking_number]));
}

export async function quarantine(db: Db, record: QuarantineRecord): Promise<void> {
  await db.query(`INSERT INTO quarantine (${QUARANTINE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
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
  ]);
}

export async function markReplayed(db: Db, storeId: string, id: string, at: string, result: Record<string, unknown>): Promise<boolean> {
  const outcome = await db.query('UPDATE quarantine SET replayed_at = $1, replay_result = $2 WHERE store_id = $3 AND id = $4', [
    at,
    JSON.stringify(result),
    storeId,
    id,
  ]);
  return outcome.rowCount === 1;
}

export async function listQuarantine(db: Db, storeId: string, limit: number): Promise<QuarantineRecord[]> {
  const { rows } = await db.query<QuarantineRow>(
    `SELECT ${QUARANTINE_COLUMNS} FROM quarantine WHERE store_id = $1 ORDER BY received_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT $2`,
    [storeId, limit],
  );
  return rows.map(toQuarantine);
}

export async function getQuarantine(db: Db, storeId: string, id: string): Promise<QuarantineRecord | null> {
  const { rows } = await db.query<QuarantineRow>(`SELECT ${QUARANTINE_COLUMNS} FROM quarantine WHERE store_id = $1 AND id = $2`, [storeId, id]);
  return rows[0] ? toQuarantine(rows[0]) : null;
}

export async function addSourceStats(db: Db, deltas: readonly SourceStatsDelta[]): Promise<void> {
  const sorted = [...deltas].sort((a, b) => compareKeys([a.storeId, a.source, a.hour], [b.storeId, b.source, b.hour]));
  for (const d of sorted) {
    await db.query(
      `INSERT INTO source_stats AS s (store_id, source, hour, events, signature_failures, parse_failures, unmapped, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (store_id, source, hour) DO UPDATE SET
         events = s.events + excluded.events,
         signature_failures = s.signature_failures + excluded.signature_failures,
         parse_failures = s.parse_failures + excluded.parse_failures,
         unmapped = s.unmapped + excluded.unmapped,
         last_event_at = CASE WHEN excluded.last_event_at IS NULL THEN s.last_event_at
                              WHEN s.last_event_at IS NULL OR excluded.last_event_at COLLATE "C" > s.last_event_at COLLATE "C" THEN excluded.last_event_at
                              ELSE s.last_event_at END`,
      [d.storeId, d.source, d.hour, d.events, d.signatureFailures, d.parseFailures, d.unmapped, d.lastEventAt],
    );
    for (const code of Object.keys(d.unmappedCodes).sort()) {
      await db.query(
        `INSERT INTO source_unmapped_codes AS c (store_id, source, code, count, last_seen_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (store_id, source, code) DO UPDATE SET count = c.count + excluded.count,
           last_seen_at = GREATEST(c.last_seen_at COLLATE "C", excluded.last_seen_at COLLATE "C")`,
        [d.storeId, d.source, code, d.unmappedCodes[code], d.lastEventAt ?? `${d.hour}:00:00.000Z`],
      );
    }
  }
}

export async function listSourceStats(db: Db, storeId: string, sinceHour: string): Promise<SourceStatsRow[]> {
  const { rows } = await db.query<{
    source: string;
    hour: string;
    events: number;
    signature_failures: number;
    parse_failures: number;
    unmapped: number;
    last_event_at: string | null;
  }>(
    `SELECT source, hour, events, signature_failures, parse_failures, unmapped, last_event_at FROM source_stats
     WHERE store_id = $1 AND hour COLLATE "C" >= $2 ORDER BY hour COLLATE "C", source COLLATE "C"`,
    [storeId, sinceHour],
  );
  return rows.map((row) => ({
    source: row.source,
    hour: row.hour,
    events: row.events,
    signatureFailures: row.signature_failures,
    parseFailures: row.parse_failures,
    unmapped: row.unmapped,
    lastEventAt: row.last_event_at,
  }));
}

export async function lastEventTimes(db: Db, storeId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ source: string; last: string }>(
    `SELECT source, max(last_event_at COLLATE "C") AS last FROM source_stats
     WHERE store_id = $1 AND last_event_at IS NOT NULL GROUP BY source`,
    [storeId],
  );
  return new Map(rows.map((row) => [row.source, row.last]));
}

export async function listUnmappedCodes(db: Db, storeId: string): Promise<UnmappedCodeRow[]> {
  const { rows } = await db.query<{ source: string; code: string; count: number | string; last_seen_at: string }>(
    'SELECT source, code, count, last_seen_at FROM source_unmapped_codes WHERE store_id = $1 ORDER BY source COLLATE "C", count DESC, code COLLATE "C"',
    [storeId],
  );
  return rows.map((row) => ({ source: row.source, code: row.code, count: toNumber(row.count), lastSeenAt: row.last_seen_at }));
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i += 1) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}
