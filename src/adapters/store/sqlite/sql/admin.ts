// Statements over stores and API keys.

import type Database from 'better-sqlite3';
import type { ApiKeyRecord, StoreRecord } from '../../../../core/ports/store.ts';
import { toApiKey, type KeyRow } from '../../record-rows.ts';

export function createAdminStatements(db: Database.Database) {
  const insertStore = db.prepare('INSERT INTO stores (id, name, created_at) VALUES (?, ?, ?)');
  const getStore = db.prepare<[string], { id: string; name: string; created_at: string }>('SELECT * FROM stores WHERE id = ?');
  const allStores = db.prepare<[], { id: string; name: string; created_at: string }>('SELECT * FROM stores ORDER BY id');
  const insertKey = db.prepare(
    'INSERT INTO api_keys (id, store_id, prefix, key_hash, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const keyByHash = db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE key_hash = ?');
  const keysOfStore = db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE store_id = ? ORDER BY created_at');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE store_id = ? AND id = ? AND revoked_at IS NULL');

  return {
    createStore(store: StoreRecord): void {
      insertStore.run(store.id, store.name, store.createdAt);
    },
    getStore(id: string): StoreRecord | null {
      const row = getStore.get(id);
      return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
    },
    listStores(): StoreRecord[] {
      return allStores.all().map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
    },
    createApiKey(key: ApiKeyRecord): void {
      insertKey.run(key.id, key.storeId, key.prefix, key.keyHash, key.name, key.createdAt, key.revokedAt);
    },
    findApiKeyByHash(keyHash: string): ApiKeyRecord | null {
      const row = keyByHash.get(keyHash);
      return row ? toApiKey(row) : null;
    },
    listApiKeys(storeId: string): ApiKeyRecord[] {
      return keysOfStore.all(storeId).map(toApiKey);
    },
    revokeApiKey(storeId: string, keyId: string, revokedAt: string): boolean {
      return revoke.run(revokedAt, storeId, keyId).changes === 1;
    },
  };
}
