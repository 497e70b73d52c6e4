// Statements for the dashboard's scorecard: counts over a time range, grouped in SQL so a month
// of a busy store is summed by the database rather than read row by row.

import type Database from 'better-sqlite3';
import type { ScorecardFacts } from '../../../../core/admin/scorecard-facts.ts';

export function createScorecardStatements(db: Database.Database) {
  const orders = db.prepare<[string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM orders
     WHERE store_id = ? AND coalesce(json_extract(body, '$.placedAt'), json_extract(body, '$.createdAt')) >= ?
       AND coalesce(json_extract(body, '$.placedAt'), json_extract(body, '$.createdAt')) < ?`,
  );
  const messages = db.prepare<[string, string, string], { channel: string; status: string; reason: string | null; n: number }>(
    `SELECT channel, status, json_extract(body, '$.statusReason') AS reason, count(*) AS n FROM notifications
     WHERE store_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3`,
  );
  const exceptions = db.prepare<[string, string, string], { carrier: string | null; reason: string | null; n: number }>(
    `SELECT json_extract(body, '$.shipment.carrier') AS carrier, json_extract(body, '$.shipment.reason') AS reason, count(DISTINCT tracking_number) AS n
     FROM events WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ? AND tracking_number IS NOT NULL
       AND (json_extract(body, '$.shipment.state') = 'exception' OR json_extract(body, '$.shipment.reason') IS NOT NULL)
     GROUP BY 1, 2`,
  );
  const states = db.prepare<[string, string, string, string], { state: string; n: number }>(
    `SELECT state, count(*) AS n FROM shipments
     WHERE store_id = ? AND tracking_number IN (SELECT tracking_number FROM events WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ? AND tracking_number IS NOT NULL)
     GROUP BY 1`,
  );
  // Per UTC minute: the app sorts minutes into the store's local days (every zone's offset is whole minutes).
  const tickets = db.prepare<[string, string, string, string], { minute: string; intent: string; n: number }>(
    `SELECT substr(json_extract(t.value, '$.at'), 1, 16) AS minute, json_extract(t.value, '$.intent') AS intent, count(*) AS n
     FROM orders, json_each(orders.body, '$.tickets') AS t
     WHERE orders.store_id = ? AND json_extract(orders.body, '$.lastEventAt') >= ?
       AND json_extract(t.value, '$.at') >= ? AND json_extract(t.value, '$.at') < ?
     GROUP BY 1, 2`,
  );
  const cases = db.prepare<[string, string, string, string], { status: string; opened_at: string; resolved_at: string | null }>(
    `SELECT status, opened_at, json_extract(body, '$.resolvedAt') AS resolved_at FROM cases
     WHERE store_id = ? AND (status = 'open' OR (opened_at >= ? AND opened_at < ?) OR json_extract(body, '$.resolvedAt') >= ?)`,
  );

  return {
    scorecardFacts(storeId: string, fromIso: string, toIso: string): ScorecardFacts {
      return {
        orders: orders.get(storeId, fromIso, toIso)?.n ?? 0,
        messages: messages.all(storeId, fromIso, toIso).map((r) => ({ channel: r.channel, status: r.status, reason: r.reason, count: r.n })),
        exceptions: exceptions.all(storeId, fromIso, toIso).map((r) => ({ carrier: r.carrier, reason: r.reason, parcels: r.n })),
        shipmentStates: states.all(storeId, storeId, fromIso, toIso).map((r) => ({ state: r.state, parcels: r.n })),
        tickets: tickets.all(storeId, fromIso, fromIso, toIso).map((r) => ({ minute: r.minute, intent: r.intent, count: r.n })),
        cases: cases.all(storeId, fromIso, toIso, fromIso).map((r) => ({ status: r.status, openedAt: r.opened_at, resolvedAt: r.resolved_at })),
      };
    },
  };
}
