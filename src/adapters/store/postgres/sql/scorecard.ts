// Statements for the dashboard's scorecard: counts over a time range, grouped in SQL so a month
// of a busy store is summed by the database rather than read row by row.

import type { ScorecardFacts } from '../../../../core/admin/scorecard-facts.ts';
import { toNumber, type Db } from './db.ts';

export async function scorecardFacts(db: Db, storeId: string, fromIso: string, toIso: string): Promise<ScorecardFacts> {
  const [orders, messages, exceptions, states, tickets, cases] = await Promise.all([
    db.query<{ n: string }>(
      `SELECT count(*) AS n FROM orders
       WHERE store_id = $1 AND coalesce(body ->> 'placedAt', body ->> 'createdAt') COLLATE "C" >= $2 AND coalesce(body ->> 'placedAt', body ->> 'createdAt') COLLATE "C" < $3`,
      [storeId, fromIso, toIso],
    ),
    db.query<{ channel: string; status: string; reason: string | null; n: string }>(
      `SELECT channel, status, body ->> 'statusReason' AS reason, count(*) AS n FROM notifications
       WHERE store_id = $1 AND created_at COLLATE "C" >= $2 AND created_at COLLATE "C" < $3 GROUP BY 1, 2, 3`,
      [storeId, fromIso, toIso],
    ),
    db.query<{ carrier: string | null; reason: string | null; n: string }>(
      `SELECT body -> 'shipment' ->> 'carrier' AS carrier, body -> 'shipment' ->> 'reason' AS reason, count(DISTINCT tracking_number) AS n
       FROM events WHERE store_id = $1 AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz AND tracking_number IS NOT NULL
         AND (body -> 'shipment' ->> 'state' = 'exception' OR body -> 'shipment' ->> 'reason' IS NOT NULL)
       GROUP BY 1, 2`,
      [storeId, fromIso, toIso],
    ),
    db.query<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM shipments
       WHERE store_id = $1 AND tracking_number IN (SELECT tracking_number FROM events WHERE store_id = $1 AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz AND tracking_number IS NOT NULL)
       GROUP BY 1`,
      [storeId, fromIso, toIso],
    ),
    // Per UTC minute: the app sorts minutes into the store's local days (every zone's offset is whole minutes).
    db.query<{ minute: string; intent: string; n: string }>(
      `SELECT substr(t.value ->> 'at', 1, 16) AS minute, t.value ->> 'intent' AS intent, count(*) AS n
       FROM orders CROSS JOIN LATERAL jsonb_array_elements(coalesce(orders.body -> 'tickets', '[]'::jsonb)) AS t(value)
       WHERE orders.store_id = $1 AND (orders.body ->> 'lastEventAt') COLLATE "C" >= $2
         AND (t.value ->> 'at') COLLATE "C" >= $2 AND (t.value ->> 'at') COLLATE "C" < $3
       GROUP BY 1, 2`,
      [storeId, fromIso, toIso],
    ),
    db.query<{ status: string; opened_at: string; resolved_at: string | null }>(
      `SELECT status, opened_at, body ->> 'resolvedAt' AS resolved_at FROM cases
       WHERE store_id = $1 AND (status = 'open' OR (opened_at COLLATE "C" >= $2 AND opened_at COLLATE "C" < $3) OR (body ->> 'resolvedAt') COLLATE "C" >= $2)`,
      [storeId, fromIso, toIso],
    ),
  ]);
  return {
    orders: toNumber(orders.rows[0]?.n ?? 0),
    messages: messages.rows.map((r) => ({ channel: r.channel, status: r.status, reason: r.reason, count: toNumber(r.n) })),
    exceptions: exceptions.rows.map((r) => ({ carrier: r.carrier, reason: r.reason, parcels: toNumber(r.n) })),
    shipmentStates: states.rows.map((r) => ({ state: r.state, parcels: toNumber(r.n) })),
    tickets: tickets.rows.map((r) => ({ minute: r.minute, intent: r.intent, count: toNumber(r.n) })),
    cases: cases.rows.map((r) => ({ status: r.status, openedAt: r.opened_at, resolvedAt: r.resolved_at })),
  };
}
