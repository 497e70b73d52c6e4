// Statements that page through a store's event log by time (simulation replays history with it).
// They walk the log in seq order (its primary key) from `afterSeq`, so each page starts where the
// last one ended.

import type Database from 'better-sqlite3';
import type { CanonicalEvent } from '../../../../core/events/canonical-event.ts';
import type { StoredEvent } from '../../../../core/ports/store.ts';

interface EventDbRow {
  seq: number;
  body: string;
  tracking_number: string | null;
}

export function createEventHistoryStatements(db: Database.Database) {
  const between = db.prepare<{ store: string; from: string; to: string; after: number; limit: number }, EventDbRow>(
    `SELECT seq, body, tracking_number FROM events
     WHERE seq > @after AND store_id = @store AND occurred_at >= @from AND occurred_at < @to
     ORDER BY seq LIMIT @limit`,
  );

  return {
    listEventsBetween(storeId: string, fromIso: string, toIso: string, afterSeq: number, limit: number): StoredEvent[] {
      return between
        .all({ store: storeId, from: fromIso, to: toIso, after: afterSeq, limit })
        .map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as CanonicalEvent, trackingNumber: row.tracking_number }));
    },
  };
}
