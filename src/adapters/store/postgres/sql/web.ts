// Statements for the web pages: orders by tracking token, page visit counters, dashboard users
// and sessions.

import type { PageVisitCount, SessionRecord, UserRecord } from '../../../../core/admin/user-record.ts';
import type { OrderRecord } from '../../../../core/order/order-record.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';
import { toNumber, type Db } from './db.ts';

export async function findOrderByTrackingToken(db: Db, token: string): Promise<OrderRecord | null> {
  const { rows } = await db.query<BodyRow<OrderRecord>>('SELECT body FROM orders WHERE tracking_token = $1 LIMIT 1', [token]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function trackingPageStamp(db: Db, token: string): Promise<{ storeId: string; stamp: string } | null> {
  const { rows } = await db.query<{ store_id: string; stamp: string }>(
    `SELECT o.store_id, o.body::text || chr(30) || coalesce((SELECT string_agg(s.body::text, chr(30) ORDER BY s.tracking_number) FROM shipments s WHERE s.store_id = o.store_id AND s.order_ref = o.order_ref AND s.order_ref IS NOT NULL), '') AS stamp
     FROM orders o WHERE o.tracking_token = $1 LIMIT 1`,
    [token],
  );
  return rows[0] ? { storeId: rows[0].store_id, stamp: rows[0].stamp } : null;
}

export async function addPageVisits(db: Db, rows: readonly PageVisitCount[]): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO page_visits (store_id, day, page, visits) VALUES ($1, $2, $3, $4)
       ON CONFLICT (store_id, day, page) DO UPDATE SET visits = page_visits.visits + excluded.visits`,
      [r.storeId, r.day, r.page, r.visits],
    );
  }
}

export async function listPageVisits(db: Db, storeId: string, sinceDay: string): Promise<PageVisitCount[]> {
  const { rows } = await db.query<{ store_id: string; day: string; page: string; visits: string }>(
    'SELECT store_id, day, page, visits FROM page_visits WHERE store_id = $1 AND day COLLATE "C" >= $2 ORDER BY day COLLATE "C", page COLLATE "C"',
    [storeId, sinceDay],
  );
  return rows.map((r) => ({ storeId: r.store_id, day: r.day, page: r.page, visits: toNumber(r.visits) }));
}

export async function createUser(db: Db, user: UserRecord): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO users (id, store_id, email, body, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (store_id, email) DO NOTHING', [
    user.id,
    user.storeId,
    user.email,
    JSON.stringify(user),
    user.createdAt,
  ]);
  return rowCount === 1;
}

export async function saveUser(db: Db, user: UserRecord): Promise<void> {
  await db.query('UPDATE users SET email = $1, body = $2 WHERE id = $3', [user.email, JSON.stringify(user), user.id]);
}

export async function findUserByEmail(db: Db, storeId: string, email: string): Promise<UserRecord | null> {
  const { rows } = await db.query<BodyRow<UserRecord>>('SELECT body FROM users WHERE store_id = $1 AND email = $2', [storeId, email.toLowerCase()]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function getUser(db: Db, id: string): Promise<UserRecord | null> {
  const { rows } = await db.query<BodyRow<UserRecord>>('SELECT body FROM users WHERE id = $1', [id]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function listUsers(db: Db, storeId: string): Promise<UserRecord[]> {
  const { rows } = await db.query<BodyRow<UserRecord>>('SELECT body FROM users WHERE store_id = $1 ORDER BY created_at COLLATE "C", id COLLATE "C"', [storeId]);
  return rows.map(fromBody);
}

export async function createSession(db: Db, record: SessionRecord): Promise<void> {
  await db.query('INSERT INTO sessions (id_hash, user_id, store_id, expires_at, body) VALUES ($1, $2, $3, $4, $5)', [record.idHash, record.userId, record.storeId, record.expiresAt, JSON.stringify(record)]);
}

export async function getSession(db: Db, idHash: string): Promise<SessionRecord | null> {
  const { rows } = await db.query<BodyRow<SessionRecord>>('SELECT body FROM sessions WHERE id_hash = $1', [idHash]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}

export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at COLLATE "C" <= $1', [nowIso]);
  return rowCount ?? 0;
}
