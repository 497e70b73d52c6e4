// Statements over notifications: one per (store, order, milestone key, channel), ever. The record
// is the JSONB body; status, recipient, channel and the times are columns for the outbox and the
// frequency cap. Batch writes are one statement each (scalars as arrays, bodies as one JSON
// document, docs/postgres.md).

import { SENT_STATUSES, type NotificationRecord } from '../../../../core/notifications/notification-record.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';
import { bodiesParam, toNumber, type Db } from './db.ts';

type Row = BodyRow<NotificationRecord>;

const SENT = [...SENT_STATUSES];

// The rows in key order, so two calls inserting the same keys queue on the unique index instead
// of deadlocking; a concurrent insert of the same key waits for the first to commit, then yields.
const INSERT_NOTIFICATIONS = `
INSERT INTO notifications (id, store_id, order_ref, milestone_key, channel, status, recipient, created_at, sent_at, body)
SELECT u.id, u.store_id, u.order_ref, u.milestone_key, u.channel, u.status, u.recipient, u.created_at, u.sent_at, b.body::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  WITH ORDINALITY AS u (id, store_id, order_ref, milestone_key, channel, status, recipient, created_at, sent_at, ord)
JOIN json_array_elements($10::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
ORDER BY u.store_id COLLATE "C", u.order_ref COLLATE "C", u.milestone_key COLLATE "C", u.channel COLLATE "C"
ON CONFLICT (store_id, order_ref, milestone_key, channel) DO NOTHING
RETURNING id`;

const UPDATE_NOTIFICATIONS = `
UPDATE notifications n SET order_ref = u.order_ref, milestone_key = u.milestone_key, channel = u.channel, status = u.status,
  recipient = u.recipient, created_at = u.created_at, sent_at = u.sent_at, body = b.body::jsonb
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  WITH ORDINALITY AS u (id, store_id, order_ref, milestone_key, channel, status, recipient, created_at, sent_at, ord)
JOIN json_array_elements($10::json) WITH ORDINALITY AS b (body, ord) ON b.ord = u.ord
WHERE n.store_id = u.store_id AND n.id = u.id`;

/** Returns per record whether it was new; within one call the first of several equal keys wins. */
export async function insertNotifications(db: Db, records: readonly NotificationRecord[]): Promise<boolean[]> {
  const firstIndex = new Map<string, number>();
  records.forEach((n, index) => {
    const key = [n.storeId, n.orderRef, n.milestoneKey, n.channel].join('\u0000');
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const picked = [...firstIndex.values()].map((index) => records[index]!);
  const fresh = new Array<boolean>(records.length).fill(false);
  if (picked.length === 0) return fresh;
  const result = await db.query<{ id: string }>(INSERT_NOTIFICATIONS, columns(picked));
  const inserted = new Set(result.rows.map((row) => row.id));
  for (const index of firstIndex.values()) fresh[index] = inserted.has(records[index]!.id);
  return fresh;
}

/** Replaces records by (store, id); of several with the same id in one call, the last wins. */
export async function updateNotifications(db: Db, records: readonly NotificationRecord[]): Promise<void> {
  const latest = new Map<string, NotificationRecord>();
  for (const n of records) latest.set(`${n.storeId}\u0000${n.id}`, n);
  if (latest.size === 0) return;
  await db.query(UPDATE_NOTIFICATIONS, columns([...latest.values()]));
}

export async function getNotification(db: Db, storeId: string, id: string): Promise<NotificationRecord | null> {
  const { rows } = await db.query<Row>('SELECT body FROM notifications WHERE store_id = $1 AND id = $2', [storeId, id]);
  return rows[0] ? fromBody(rows[0]) : null;
}

/**
 * Reads a notification and locks its row until the transaction ends. Whoever decides from it (a
 * dispatcher about to record its `pending` attempt, a hand-over recording its answer, a recovery
 * job) waits for another decider's commit and then reads what that one wrote (READ COMMITTED
 * re-reads the newest row version after the wait), so two processes cannot both call the provider.
 */
export async function lockNotification(db: Db, storeId: string, id: string): Promise<NotificationRecord | null> {
  const { rows } = await db.query<Row>('SELECT body FROM notifications WHERE store_id = $1 AND id = $2 FOR UPDATE', [storeId, id]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function listOrderNotifications(db: Db, storeId: string, orderRef: string): Promise<NotificationRecord[]> {
  return (await notificationsOfOrders(db, storeId, [orderRef])).get(orderRef)!;
}

/** Every notification of each order, oldest first: one query for all of them. */
export async function notificationsOfOrders(db: Db, storeId: string, orderRefs: readonly string[]): Promise<Map<string, NotificationRecord[]>> {
  const found = new Map<string, NotificationRecord[]>(orderRefs.map((ref) => [ref, []]));
  if (orderRefs.length === 0) return found;
  const { rows } = await db.query<Row & { order_ref: string }>(
    'SELECT order_ref, body FROM notifications WHERE store_id = $1 AND order_ref = ANY($2::text[]) ORDER BY created_at COLLATE "C", id COLLATE "C"',
    [storeId, orderRefs],
  );
  for (const row of rows) found.get(row.order_ref)?.push(fromBody(row));
  return found;
}

export async function countSentToRecipient(db: Db, storeId: string, recipient: string, sinceIso: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM notifications
     WHERE store_id = $1 AND recipient = $2 AND sent_at IS NOT NULL AND sent_at COLLATE "C" >= $3 AND status = ANY($4::text[])`,
    [storeId, recipient, sinceIso, SENT],
  );
  return toNumber(rows[0]?.n ?? 0);
}

/** Newest first; a null filter passes everything. */
export async function listNotifications(
  db: Db,
  storeId: string,
  filter: { channels?: readonly string[]; statuses?: readonly string[]; limit: number },
): Promise<NotificationRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT body FROM notifications
     WHERE store_id = $1 AND ($2::text[] IS NULL OR channel = ANY($2::text[])) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
     ORDER BY created_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT $4`,
    [storeId, filter.channels ? [...filter.channels] : null, filter.statuses ? [...filter.statuses] : null, filter.limit],
  );
  return rows.map(fromBody);
}

function columns(records: readonly NotificationRecord[]): unknown[] {
  return [
    records.map((n) => n.id),
    records.map((n) => n.storeId),
    records.map((n) => n.orderRef),
    records.map((n) => n.milestoneKey),
    records.map((n) => n.channel),
    records.map((n) => n.status),
    records.map((n) => n.recipient),
    records.map((n) => n.createdAt),
    records.map((n) => n.sentAt),
    bodiesParam(records),
  ];
}

export async function findNotificationByProviderId(db: Db, storeId: string, providerMessageId: string): Promise<NotificationRecord | null> {
  const { rows } = await db.query<Row>('SELECT body FROM notifications WHERE store_id = $1 AND provider_message_id = $2 LIMIT 1', [storeId, providerMessageId]);
  return rows[0] ? fromBody(rows[0]) : null;
}
