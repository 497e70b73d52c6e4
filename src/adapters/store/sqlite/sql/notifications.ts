// Statements over notifications: one per (store, order, milestone key, channel), ever. The record
// is the JSON body; status, recipient, channel and the times are columns for the outbox and the
// frequency cap.

import type Database from 'better-sqlite3';
import { SENT_STATUSES, type NotificationRecord } from '../../../../core/notifications/notification-record.ts';
import { fromBody, type BodyRow } from '../../record-rows.ts';

type Row = BodyRow<NotificationRecord>;

const SENT = [...SENT_STATUSES];

export function createNotificationStatements(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO notifications (id, store_id, order_ref, milestone_key, channel, status, recipient, created_at, sent_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, order_ref, milestone_key, channel) DO NOTHING`,
  );
  // A notification's order, milestone key, channel and creation time are fixed when it is made
  // (a fallback to another channel is a new notification): the update leaves their columns, and
  // so the indexes on them, alone. SQLite rewrites every index on a column named in SET.
  const update = db.prepare('UPDATE notifications SET status = ?, recipient = ?, sent_at = ?, body = ? WHERE store_id = ? AND id = ?');
  const one = db.prepare<[string, string], Row>('SELECT body FROM notifications WHERE store_id = ? AND id = ?');
  const byProviderId = db.prepare<[string, string], Row>('SELECT body FROM notifications WHERE store_id = ? AND provider_message_id = ? LIMIT 1');
  const ofOrder = db.prepare<[string, string], Row>('SELECT body FROM notifications WHERE store_id = ? AND order_ref = ? ORDER BY created_at, id');
  const sentTo = db.prepare<unknown[], { n: number }>(
    `SELECT count(*) AS n FROM notifications
     WHERE store_id = ? AND recipient = ? AND sent_at IS NOT NULL AND sent_at >= ? AND status IN (${SENT.map(() => '?').join(', ')})`,
  );
  // Filters travel as JSON arrays (null = no filter), so one prepared statement serves every call.
  const outbox = db.prepare<{ store: string; channels: string | null; statuses: string | null; limit: number }, Row>(
    `SELECT body FROM notifications
     WHERE store_id = @store
       AND (@channels IS NULL OR channel IN (SELECT value FROM json_each(@channels)))
       AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );

  return {
    insertNotifications(records: readonly NotificationRecord[]): boolean[] {
      return records.map((n) => insert.run(n.id, n.storeId, n.orderRef, n.milestoneKey, n.channel, n.status, n.recipient, n.createdAt, n.sentAt, JSON.stringify(n)).changes === 1);
    },
    updateNotifications(records: readonly NotificationRecord[]): void {
      for (const n of records) {
        update.run(n.status, n.recipient, n.sentAt, JSON.stringify(n), n.storeId, n.id);
      }
    },
    getNotification(storeId: string, id: string): NotificationRecord | null {
      const row = one.get(storeId, id);
      return row ? fromBody(row) : null;
    },
    findNotificationByProviderId(storeId: string, providerMessageId: string): NotificationRecord | null {
      const row = byProviderId.get(storeId, providerMessageId);
      return row ? fromBody(row) : null;
    },
    listOrderNotifications(storeId: string, orderRef: string): NotificationRecord[] {
      return ofOrder.all(storeId, orderRef).map(fromBody);
    },
    countSentToRecipient(storeId: string, recipient: string, sinceIso: string): number {
      return sentTo.get(storeId, recipient, sinceIso, ...SENT)?.n ?? 0;
    },
    listNotifications(storeId: string, filter: { channels?: readonly string[]; statuses?: readonly string[]; limit: number }): NotificationRecord[] {
      return outbox
        .all({
          store: storeId,
          channels: filter.channels ? JSON.stringify(filter.channels) : null,
          statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
          limit: filter.limit,
        })
        .map(fromBody);
    },
  };
}
