// Statements that page through a store's event log by time (simulation replays history with it).
// The log is partitioned by received_at, which says nothing about occurred_at, so no partition can
// be pruned; the query walks every partition's primary key (seq, received_at) from `afterSeq` in
// seq order (a Merge Append) and stops after `limit` matches, so each page starts where the last
// one ended and no page sorts the whole range.

import type { CanonicalEvent } from '../../../../core/events/canonical-event.ts';
import type { StoredEvent } from '../../../../core/ports/store.ts';
import { toNumber, type Db } from './db.ts';

export async function listEventsBetween(db: Db, storeId: string, fromIso: string, toIso: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<{ seq: string; body: CanonicalEvent; tracking_number: string | null }>(
    `SELECT seq, body, tracking_number FROM events
     WHERE seq > $4 AND store_id = $1 AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz
     ORDER BY seq LIMIT $5`,
    [storeId, fromIso, toIso, afterSeq, limit],
  );
  return rows.map((row) => ({ seq: toNumber(row.seq), event: row.body, trackingNumber: row.tracking_number }));
}
