// Statements over per-store settings: one JSON body per store, saved whole.

import type Database from 'better-sqlite3';
import type { StoreSettings } from '../../../../core/settings/store-settings.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';

export function createSettingsStatements(db: Database.Database) {
  const get = db.prepare<[string], BodyRow<Partial<StoreSettings>>>('SELECT body FROM store_settings WHERE store_id = ?');
  const put = db.prepare(
    `INSERT INTO store_settings (store_id, body, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (store_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  );

  return {
    getStoreSettings(storeId: string): Partial<StoreSettings> | null {
      const row = get.get(storeId);
      return row ? fromBody(row) : null;
    },
    saveStoreSettings(storeId: string, settings: Partial<StoreSettings>, updatedAt: string): void {
      put.run(storeId, JSON.stringify(settings), updatedAt);
    },
  };
}
