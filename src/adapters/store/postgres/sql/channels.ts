// Statements over channel configs, consent records and install secrets.

import type { ConsentRecord } from '../../../../core/consent/consent-record.ts';
import type { ChannelConfigRecord } from '../../../../core/notifications/channel-config.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';
import { bodiesParam, type Db } from './db.ts';

export async function saveChannelConfig(db: Db, record: ChannelConfigRecord): Promise<void> {
  await db.query(
    `INSERT INTO channel_configs (store_id, channel, body, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id, channel) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    [record.storeId, record.channel, JSON.stringify(record), record.updatedAt],
  );
}

export async function listChannelConfigs(db: Db, storeId: string): Promise<ChannelConfigRecord[]> {
  const { rows } = await db.query<BodyRow<ChannelConfigRecord>>('SELECT body FROM channel_configs WHERE store_id = $1 ORDER BY channel COLLATE "C"', [storeId]);
  return rows.map(fromBody);
}

// Keys in order, so concurrent writers of the same consents queue instead of deadlocking; of
// several records with one key in a call, the last wins.
const SAVE_CONSENTS = `
INSERT INTO consents (store_id, channel, address, purpose, contact, status, at, body)
SELECT b.body->>'storeId', b.body->>'channel', b.body->>'address', b.body->>'purpose', b.body->>'contact', b.body->>'status', b.body->>'at', b.body::jsonb
FROM json_array_elements($1::json) AS b (body)
ORDER BY b.body->>'storeId' COLLATE "C", b.body->>'channel' COLLATE "C", b.body->>'address' COLLATE "C", b.body->>'purpose' COLLATE "C"
ON CONFLICT (store_id, channel, address, purpose) DO UPDATE SET contact = excluded.contact, status = excluded.status, at = excluded.at, body = excluded.body`;

export async function saveConsents(db: Db, records: readonly ConsentRecord[]): Promise<void> {
  const latest = new Map<string, ConsentRecord>();
  for (const c of records) latest.set([c.storeId, c.channel, c.address, c.purpose].join('\u0000'), c);
  if (latest.size === 0) return;
  await db.query(SAVE_CONSENTS, [bodiesParam([...latest.values()])]);
}

export async function listConsents(db: Db, storeId: string, addresses: readonly string[] | null, limit: number): Promise<ConsentRecord[]> {
  if (addresses !== null && addresses.length === 0) return [];
  const { rows } = await db.query<BodyRow<ConsentRecord>>(
    `SELECT body FROM consents
     WHERE store_id = $1 AND ($2::text[] IS NULL OR address = ANY($2::text[]) OR contact = ANY($2::text[]))
     ORDER BY at COLLATE "C" DESC, channel COLLATE "C", address COLLATE "C", purpose COLLATE "C" LIMIT $3`,
    [storeId, addresses, limit],
  );
  return rows.map(fromBody);
}

export async function installSecret(db: Db, name: string, candidate: string, createdAt: string): Promise<string> {
  await db.query('INSERT INTO install_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [name, candidate, createdAt]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM install_secrets WHERE name = $1', [name]);
  return rows[0]!.value;
}
