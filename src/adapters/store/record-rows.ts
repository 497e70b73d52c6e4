// Rows of the tables both stores share, and their mapping to port records. JSON columns arrive as
// text from SQLite and already parsed from PostgreSQL (jsonb); `fromJson` takes either.

import type { ApiKeyRecord, QuarantineRecord, SourceConfigRecord } from '../../core/ports/store.ts';

type Json<T> = T | string;

export interface KeyRow {
  id: string;
  store_id: string;
  prefix: string;
  key_hash: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SourceConfigRow {
  store_id: string;
  source: string;
  secret: string;
  url_token: string | null;
  shop_domain: string | null;
  settings: Json<Record<string, unknown>> | null;
  created_at: string;
}

export interface QuarantineRow {
  id: string;
  store_id: string;
  source: string;
  received_at: string;
  content_type: string;
  headers: Json<Record<string, string>>;
  body: Buffer;
  error: Json<Record<string, unknown>>;
  replayed_at: string | null;
  replay_result: Json<Record<string, unknown>> | null;
}

export function fromJson<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export function toApiKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    prefix: row.prefix,
    keyHash: row.key_hash,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function toSourceConfig(row: SourceConfigRow): SourceConfigRecord {
  return {
    storeId: row.store_id,
    source: row.source,
    secret: row.secret,
    urlToken: row.url_token,
    shopDomain: row.shop_domain,
    settings: row.settings === null ? null : fromJson(row.settings),
    createdAt: row.created_at,
  };
}

export function toQuarantine(row: QuarantineRow): QuarantineRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    source: row.source,
    receivedAt: row.received_at,
    contentType: row.content_type,
    headers: fromJson(row.headers),
    body: new Uint8Array(row.body),
    error: fromJson(row.error),
    replayedAt: row.replayed_at,
    replayResult: row.replay_result === null ? null : fromJson(row.replay_result),
  };
}
