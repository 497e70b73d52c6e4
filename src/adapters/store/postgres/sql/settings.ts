// Statements over per-store settings: one JSONB body per store, saved whole.

import type { StoreSettings } from '../../../../core/settings/store-settings.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';
import type { Db } from './db.ts';

export async function getStoreSettings(db: Db, storeId: string): Promise<Partial<StoreSettings> | null> {
  const { rows } = await db.query<BodyRow<Partial<StoreSettings>>>('SELECT body FROM store_settings WHERE store_id = $1', [storeId]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function saveStoreSettings(db: Db, storeId: string, settings: Partial<StoreSettings>, updatedAt: string): Promise<void> {
  await db.query(
    `INSERT INTO store_settings (store_id, body, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (store_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    [storeId, JSON.stringify(settings), updatedAt],
  );
}
