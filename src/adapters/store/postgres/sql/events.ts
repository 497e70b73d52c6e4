// Statements over the raw archive and the event log (partitioned by month of received_at, with
// dedupe in the unpartitioned event_ids table).

import type { CanonicalEvent } from '../../../../core/events/canonical-event.ts';
import { ValidationError, type FieldIssue } from '../../../../core/errors.ts';
import type { EventRow, RawPayload, StoredEvent } from '../../../../core/ports/store.ts';
import { bodiesParam, toNumber, type Db } from './db.ts';

interface EventDbRow {
  seq: string;
  body: CanonicalEvent;
  tracking_number: string | null;
}

interface RawDbRow {
  store_id: string;
  source: string;
  received_at: string;
  content_type: string;
  headers: Record<string, string>;
  body: Buffer;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;

// PostgreSQL text cannot hold U+0000 and jsonb refuses unpaired surrogates; JSON.stringify writes
// both as \u escapes (an escaped backslash before `u` is an even run of backslashes, no match).
const UNSTORABLE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

// One statement for the whole batch. `input` numbers the rows and draws their seq in input
// order (volatile functions run after the sort); `claimed` takes the ids nobody holds yet (in key
// order, so two batches sharing ids queue instead of deadlocking); `logged` writes only those
// rows to the log. Scalars travel as arrays, bodies as one JSON document (see bodiesParam).
const INSERT_EVENTS = `
WITH input AS MATERIALIZED (
  SELECT u.*, b.body::jsonb AS body, nextval('events_seq') AS seq
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[])
    WITH ORDINALITY AS u (store_id, source, event_id, type, occurred_at, received_at, order_ref, tracking_number, ord)
  JOIN json_array_elements($9::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
  ORDER BY u.ord
),
claimed AS (
  INSERT INTO event_ids (store_id, source, event_id, seq, received_at)
  SELECT store_id, source, event_id, seq, received_at FROM input ORDER BY store_id, source, event_id
  ON CONFLICT DO NOTHING
  RETURNING seq
),
logged AS (
  INSERT INTO events (seq, store_id, source, event_id, type, occurred_at, received_at, order_ref, tracking_number, body)
  SELECT i.seq, i.store_id, i.source, i.event_id, i.type, i.occurred_at, i.received_at, i.order_ref, i.tracking_number, i.body
  FROM input i JOIN claimed c ON c.seq = i.seq
  ORDER BY i.seq
)
SELECT i.ord FROM input i JOIN claimed c ON c.seq = i.seq`;

export async function archiveRaw(db: Db, payload: RawPayload): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO raw_payloads (store_id, source, received_at, content_type, headers, body)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      payload.storeId,
      payload.source,
      payload.receivedAt,
      payload.contentType,
      JSON.stringify(payload.headers),
      Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength),
    ],
  );
  return `raw:${rows[0]!.id}`;
}

/**
 * Appends the rows whose (store, source, id) is new, in one statement. Returns per input row
 * whether it was written; within one call the first of several equal ids wins.
 */
export async function insertEvents(db: Db, rows: readonly EventRow[]): Promise<boolean[]> {
  const fresh = new Array<boolean>(rows.length).fill(false);
  const firstIndex = new Map<string, number>();
  rows.forEach(({ event }, index) => {
    const key = `${event.store_id}\u0000${event.source}\u0000${event.id}`;
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const picked = [...firstIndex.values()];
  if (picked.length === 0) return fresh;
  const column = <T>(read: (row: EventRow) => T): T[] => picked.map((index) => read(rows[index]!));
  const bodies = bodiesParam(picked.map((index) => rows[index]!.event));
  if (UNSTORABLE.test(bodies)) throw unstorable(rows);
  const result = await db.query<{ ord: string }>(INSERT_EVENTS, [
    column((r) => r.event.store_id),
    column((r) => r.event.source),
    column((r) => r.event.id),
    column((r) => r.event.type),
    column((r) => r.event.occurred_at),
    column((r) => r.event.received_at),
    column((r) => r.event.order_ref),
    column((r) => r.trackingNumber),
    bodies,
  ]);
  for (const { ord } of result.rows) fresh[picked[toNumber(ord) - 1]!] = true;
  return fresh;
}

export async function loadShipmentEvents(db: Db, storeId: string, trackingNumber: string): Promise<CanonicalEvent[]> {
  const { rows } = await db.query<{ body: CanonicalEvent }>(
    'SELECT body FROM events WHERE store_id = $1 AND tracking_number = $2 ORDER BY occurred_at, seq',
    [storeId, trackingNumber],
  );
  return rows.map((row) => row.body);
}

export async function listOrderEvents(db: Db, storeId: string, orderRef: string, limit: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventDbRow>(
    `SELECT seq, body, tracking_number FROM events
     WHERE store_id = $1 AND (order_ref = $2 OR tracking_number IN
       (SELECT tracking_number FROM shipments WHERE store_id = $1 AND order_ref = $2))
     ORDER BY occurred_at, seq LIMIT $3`,
    [storeId, orderRef, limit],
  );
  return rows.map(toStored);
}

export async function listShipmentEvents(db: Db, storeId: string, trackingNumber: string, limit: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventDbRow>(
    'SELECT seq, body, tracking_number FROM events WHERE store_id = $1 AND tracking_number = $2 ORDER BY occurred_at, seq LIMIT $3',
    [storeId, trackingNumber, limit],
  );
  return rows.map(toStored);
}

/** The store's kept count (migration 0009): a sum over its months and shards, not a scan of its log. */
export async function countEvents(db: Db, storeId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT coalesce(sum(events), 0) AS n FROM event_counts WHERE store_id = $1', [storeId]);
  return toNumber(rows[0]?.n ?? 0);
}

/** The key `addEventCounts` counts a written event under: its store and the UTC month of its received_at. */
export function countKeyOf(event: CanonicalEvent): string {
  const at = event.received_at;
  const month = at.endsWith('Z') ? at.slice(0, 7) : new Date(at).toISOString().slice(0, 7);
  return `${event.store_id}\u0000${month}`;
}

// The shard is the connection's backend: two transactions of one connection never overlap, and
// the row lock taken here is held only for the COMMIT that follows (see runTransaction).
const ADD_EVENT_COUNTS = `
INSERT INTO event_counts (store_id, month, shard, events)
SELECT u.store_id, (u.month || '-01')::date, pg_backend_pid() % 64, u.events
FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u (store_id, month, events)
ORDER BY 1, 2
ON CONFLICT (store_id, month, shard) DO UPDATE SET events = event_counts.events + excluded.events`;

/** Adds events written by this transaction to the kept counts, by `countKeyOf` key; one statement. */
export async function addEventCounts(db: Db, counts: ReadonlyMap<string, number>): Promise<void> {
  const keys = [...counts.keys()].sort();
  const split = keys.map((key) => key.split('\u0000') as [string, string]);
  await db.query(ADD_EVENT_COUNTS, [split.map(([store]) => store), split.map(([, month]) => month), keys.map((key) => counts.get(key)!)]);
}

export async function getEvent(db: Db, storeId: string, source: string, eventId: string): Promise<StoredEvent | null> {
  // event_ids knows the row's partition key, so only one partition is probed.
  const { rows } = await db.query<EventDbRow>(
    `SELECT e.seq, e.body, e.tracking_number FROM event_ids i
     JOIN events e ON e.seq = i.seq AND e.received_at = i.received_at
     WHERE i.store_id = $1 AND i.source = $2 AND i.event_id = $3`,
    [storeId, source, eventId],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

export async function getRaw(db: Db, storeId: string, rawRef: string): Promise<RawPayload | null> {
  const id = /^raw:(\d+)(#\d+)?$/.exec(rawRef)?.[1];
  if (id === undefined || BigInt(id) > MAX_BIGINT) return null;
  const { rows } = await db.query<RawDbRow>(
    'SELECT store_id, source, received_at, content_type, headers, body FROM raw_payloads WHERE id = $1 AND store_id = $2',
    [id, storeId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    storeId: row.store_id,
    source: row.source,
    receivedAt: row.received_at,
    contentType: row.content_type,
    headers: row.headers,
    body: new Uint8Array(row.body),
  };
}

/** Names the offending events instead of failing the whole transaction with a driver error. */
function unstorable(rows: readonly EventRow[]): ValidationError {
  const issues: FieldIssue[] = [];
  rows.forEach(({ event }, index) => {
    if (UNSTORABLE.test(JSON.stringify(event))) {
      issues.push({ field: `[${index}]`, reason: `event '${event.id}' contains U+0000 or an unpaired UTF-16 surrogate, which PostgreSQL cannot store` });
    }
  });
  return new ValidationError('some events contain characters PostgreSQL cannot store: remove U+0000 and unpaired surrogates', issues);
}

function toStored(row: EventDbRow): StoredEvent {
  return { seq: toNumber(row.seq), event: row.body, trackingNumber: row.tracking_number };
}
