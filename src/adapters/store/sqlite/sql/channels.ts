// Statements over channel configs, consent records and install secrets.

import type Database from 'better-sqlite3';
import type { ConsentRecord } from '../../../../core/consent/consent-record.ts';
import type { ChannelConfigRecord } from '../../../../core/notifications/channel-config.ts';
import { compareText, fromBody, type BodyRow } from '../../record-rows.ts';

type ConsentRow = BodyRow<ConsentRecord> & { at: string; channel: string; address: string; purpose: string };

/** Distinct rows (a consent found by address and by contact counts once), newest first, at most `limit`. */
function newestFirst(rows: ConsentRow[], limit: number): ConsentRow[] {
  const seen = new Map<string, ConsentRow>();
  for (const row of rows) seen.set(`${row.channel}\u0000${row.address}\u0000${row.purpose}`, row);
  const order = (a: ConsentRow, b: ConsentRow) => compareText(b.at, a.at) || compareText(a.channel, b.channel) || compareText(a.address, b.address) || compareText(a.purpose, b.purpose);
  return [...seen.values()].sort(order).slice(0, limit);
}

export function createChannelStatements(db: Database.Database) {
  const putConfig = db.prepare(
    `INSERT INTO channel_configs (store_id, channel, body, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (store_id, channel) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  );
  const configs = db.prepare<[string], BodyRow<ChannelConfigRecord>>('SELECT body FROM channel_configs WHERE store_id = ? ORDER BY channel');
  const putConsent = db.prepare(
    `INSERT INTO consents (store_id, channel, address, purpose, contact, status, at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, channel, address, purpose) DO UPDATE SET contact = excluded.contact, status = excluded.status, at = excluded.at, body = excluded.body`,
  );
  // Addresses travel as one JSON array, so one prepared statement per column serves every call.
  // Two indexed lookups, merged here: an OR across the two columns would make SQLite scan the
  // store, and a UNION with its ORDER BY cost five times the two probes (two temporary B-trees).
  // INDEXED BY because, without ANALYZE statistics, SQLite prefers the primary key's store_id
  // prefix (every consent of the store). No `contact IS NOT NULL` term: SQLite took it as a range
  // and read every consent with a contact; the IN term alone implies it.
  const byAddress = db.prepare<{ store: string; addresses: string }, ConsentRow>(
    'SELECT body, at, channel, address, purpose FROM consents INDEXED BY consents_by_address WHERE store_id = @store AND address IN (SELECT value FROM json_each(@addresses))',
  );
  const byContact = db.prepare<{ store: string; addresses: string }, ConsentRow>(
    'SELECT body, at, channel, address, purpose FROM consents INDEXED BY consents_by_contact WHERE store_id = @store AND contact IN (SELECT value FROM json_each(@addresses))',
  );
  const allConsents = db.prepare<{ store: string; limit: number }, BodyRow<ConsentRecord>>(
    'SELECT body FROM consents WHERE store_id = @store ORDER BY at DESC, channel, address, purpose LIMIT @limit',
  );
  const insertSecret = db.prepare('INSERT INTO install_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING');
  const secret = db.prepare<[string], { value: string }>('SELECT value FROM install_secrets WHERE name = ?');

  return {
    saveChannelConfig(record: ChannelConfigRecord): void {
      putConfig.run(record.storeId, record.channel, JSON.stringify(record), record.updatedAt);
    },
    listChannelConfigs(storeId: string): ChannelConfigRecord[] {
      return configs.all(storeId).map(fromBody);
    },
    saveConsents(records: readonly ConsentRecord[]): void {
      for (const c of records) putConsent.run(c.storeId, c.channel, c.address, c.purpose, c.contact, c.status, c.at, JSON.stringify(c));
    },
    listConsents(storeId: string, addresses: readonly string[] | null, limit: number): ConsentRecord[] {
      if (addresses !== null && addresses.length === 0) return [];
      if (addresses === null) return allConsents.all({ store: storeId, limit }).map(fromBody);
      const args = { store: storeId, addresses: JSON.stringify(addresses) };
      return newestFirst([...byAddress.all(args), ...byContact.all(args)], limit).map(fromBody);
    },
    installSecret(name: string, candidate: string, createdAt: string): string {
      insertSecret.run(name, candidate, createdAt);
      return secret.get(name)!.value;
    },
  };
}
