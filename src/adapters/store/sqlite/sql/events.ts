// Statements over the raw archive and the event log.

import type Database from 'better-sqlite3';
import type { CanonicalEvent } from '../../../../core/events/canonical-event.ts';
import type { EventRow, RawPayload, StoredEvent } from '../../../../core/ports/store.ts';

interface EventDbRow {
  seq: number;
  body: string;
  tracking_number: string | null;
}

export function createEventStatements(db: Database.Database) {
  const archive = db.prepare(
    'INSERT INTO raw_payloads (store_id, source, received_at, content_type, headers, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insert = db.prepare(
    `INSERT INTO events (store_id, source, event_id, type, occurred_at, received_at, order_ref, tracking_number, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const byTracking = db.prepare<[string, string]>(
    'SELECT body FROM events WHERE store_id = ? AND tracking_number = ? ORDER BY occurred_at, seq',
  );
  const orderTimeline = db.prepare<{ store: string; order: string; limit: number }, EventDbRow>(
    `SELECT seq, body, tracking_number FROM events
     WHERE store_id = @store AND (order_ref = @order OR tracking_number IN
       (SELECT tracking_number FROM shipments WHERE store_id = @store AND order_ref = @order))
     ORDER BY occurred_at, seq LIMIT @limit`,
  );
  const shipmentTimeline = db.prepare<[string, string, number], EventDbRow>(
    'SELECT seq, body, tracking_number FROM events WHERE store_id = ? AND tracking_number = ? ORDER BY occurred_at, seq LIMIT ?',
  );
  const raw = db.prepare<[number, string], { store_id: string; source: string; received_at: string; content_type: string; headers: string; body: Buffer }>(
    'SELECT * FROM raw_payloads WHERE id = ? AND store_id = ?',
  );
  // Kept with each insert (migration 0009): counting the log scans an index entry per event.
  const count = db.prepare<[string], { n: number }>('SELECT events AS n FROM store_event_counts WHERE store_id = ?');
  const addCount = db.prepare(
    'INSERT INTO store_event_counts (store_id, events) VALUES (?, ?) ON CONFLICT (store_id) DO UPDATE SET events = events + excluded.events',
  );
  const one = db.prepare<[string, string, string], EventDbRow>(
    'SELECT seq, body, tracking_number FROM events WHERE store_id = ? AND source = ? AND event_id = ?',
  );

  return {
    archiveRaw(payload: RawPayload): string {
      const result = archive.run(
        payload.storeId,
        payload.source,
        payload.receivedAt,
        payload.contentType,
        JSON.stringify(payload.headers),
        Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength),
      );
      return `raw:${result.lastInsertRowid}`;
    },
    insertEvents(rows: readonly EventRow[]): boolean[] {
      const added = new Map<string, number>();
      const inserted = rows.map(({ event, trackingNumber }) => {
        const result = insert.run(
          event.store_id,
          event.source,
          event.id,
          event.type,
          event.occurred_at,
          event.received_at,
          event.order_ref,
          trackingNumber,
          JSON.stringify(event),
        );
        if (result.changes !== 1) return false;
        added.set(event.store_id, (added.get(event.store_id) ?? 0) + 1);
        return true;
      });
      for (const [storeId, n] of added) addCount.run(storeId, n);
      return inserted;
    },
    loadShipmentEvents(storeId: string, trackingNumber: string): CanonicalEvent[] {
      return (byTracking.all(storeId, trackingNumber) as { body: string }[]).map((row) => JSON.parse(row.body) as CanonicalEvent);
    },
    listOrderEvents(storeId: string, orderRef: string, limit: number): StoredEvent[] {
      return orderTimeline.all({ store: storeId, order: orderRef, limit }).map(toStored);
    },
    listShipmentEvents(storeId: string, trackingNumber: string, limit: number): StoredEvent[] {
      return shipmentTimeline.all(storeId, trackingNumber, limit).map(toStored);
    },
    getRaw(storeId: string, rawRef: string): RawPayload | null {
      const id = /^raw:(\d+)(#\d+)?$/.exec(rawRef)?.[1];
      const row = id === undefined ? undefined : raw.get(Number(id), storeId);
      if (!row) return null;
      return {
        storeId: row.store_id,
        source: row.source,
        receivedAt: row.received_at,
        contentType: row.content_type,
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: new Uint8Array(row.body),
      };
    },
    countEvents(storeId: string): number {
      return count.get(storeId)?.n ?? 0;
    },
    getEvent(storeId: string, source: string, eventId: string): StoredEvent | null {
      const row = one.get(storeId, source, eventId);
      return row ? toStored(row) : null;
    },
  };
}

function toStored(row: EventDbRow): StoredEvent {
  return { seq: row.seq, event: JSON.parse(row.body) as CanonicalEvent, trackingNumber: row.tracking_number };
}
