// Statements over stores and API keys.

import type { ApiKeyRecord, StoreRecord } from '../../../../core/ports/store.ts';
import type { Db } from './db.ts';
import { toApiKey, type KeyRow } from '../../record-rows.ts';

interface StoreDbRow {
  id: string;
  name: string;
  created_at: string;
}

const KEY_COLUMNS = 'id, store_id, prefix, key_hash, name, created_at, revoked_at';

export async function createStore(db: Db, store: StoreRecord): Promise<void> {
  await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $2, $3)', [store.id, store.name, store.createdAt]);
}

export async function getStore(db: Db, id: string): Promise<StoreRecord | null> {
  const { rows } = await db.query<StoreDbRow>('SELECT id, name, created_at FROM stores WHERE id = $1', [id]);
  return rows[0] ? toStore(rows[0]) : null;
}

/** Byte order (COLLATE "C"), like SQLite's, whatever the database's collation. */
export async function listStores(db: Db): Promise<StoreRecord[]> {
  const { rows } = await db.query<StoreDbRow>('SELECT id, name, created_at FROM stores ORDER BY id COLLATE "C"');
  return rows.map(toStore);
}

export async function createApiKey(db: Db, key: ApiKeyRecord): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [key.id, key.storeId, key.prefix, key.keyHash, key.name, key.createdAt, key.revokedAt],
  );
}

export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRecord | null> {
  const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1`, [keyHash]);
  return rows[0] ? toApiKey(rows[0]) : null;
}

export async function listApiKeys(db: Db, storeId: string): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE store_id = $1 ORDER BY created_at COLLATE "C", id COLLATE "C"`,
    [storeId],
  );
  return rows.map(toApiKey);
}

export async function revokeApiKey(db: Db, storeId: string, keyId: string, revokedAt: string): Promise<boolean> {
  const result = await db.query('UPDATE api_keys SET revoked_at = $1 WHERE store_id = $2 AND id = $3 AND revoked_at IS NULL', [revokedAt, storeId, keyId]);
  return result.rowCount === 1;
}

function toStore(row: StoreDbRow): StoreRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}
