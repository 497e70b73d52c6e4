// Statements over cases, the review queue: at most one open case per (store, order, reason),
// enforced by the partial unique index cases_open_per_reason. Opening inserts with ON CONFLICT DO
// NOTHING on that index: of two processes opening the same case at once, one inserts and the
// other waits for its commit, then merges into the row it finds (locked FOR UPDATE).

import type { CaseFilter } from '../../../../core/ports/store.ts';
import type { CaseEvidence, CaseRecord } from '../../../../core/cases/case-record.ts';
import { fromBody, mergeIntoOpenCase, withEvidence, type BodyRow } from '../../record-rows.ts';
import type { Db } from './db.ts';

type Row = BodyRow<CaseRecord>;

/** Rounds of insert-or-merge before giving up: another round is needed only when the open case was resolved in between. */
const MAX_OPEN_ROUNDS = 5;

export async function openCase(db: Db, record: CaseRecord): Promise<{ case: CaseRecord; opened: boolean }> {
  for (let round = 1; ; round += 1) {
    const inserted = await db.query(
      `INSERT INTO cases (id, store_id, order_ref, reason, status, opened_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (store_id, order_ref, reason) WHERE status = 'open' DO NOTHING`,
      [record.id, record.storeId, record.orderRef, record.reason, record.status, record.openedAt, JSON.stringify(record)],
    );
    if (inserted.rowCount === 1) return { case: record, opened: true };
    const { rows } = await db.query<Row>(
      `SELECT body FROM cases WHERE store_id = $1 AND order_ref = $2 AND reason = $3 AND status = 'open' FOR UPDATE`,
      [record.storeId, record.orderRef, record.reason],
    );
    if (rows[0]) {
      const merged = mergeIntoOpenCase(fromBody(rows[0]), record);
      await save(db, merged);
      return { case: merged, opened: false };
    }
    if (round >= MAX_OPEN_ROUNDS) {
      throw new Error(`case '${record.reason}' of order '${record.orderRef}' (store '${record.storeId}') kept changing while it was opened; try again`);
    }
  }
}

export async function addCaseEvidence(db: Db, storeId: string, caseId: string, evidence: readonly CaseEvidence[], updatedAt: string): Promise<void> {
  const { rows } = await db.query<Row>('SELECT body FROM cases WHERE store_id = $1 AND id = $2 FOR UPDATE', [storeId, caseId]);
  if (rows[0]) await save(db, withEvidence(fromBody(rows[0]), evidence, updatedAt));
}

/** Open cases of each order, oldest opened first: one query for all of them. */
export async function openCasesOfOrders(db: Db, storeId: string, orderRefs: readonly string[]): Promise<Map<string, CaseRecord[]>> {
  const found = new Map<string, CaseRecord[]>(orderRefs.map((ref) => [ref, []]));
  if (orderRefs.length === 0) return found;
  const { rows } = await db.query<Row & { order_ref: string }>(
    `SELECT order_ref, body FROM cases WHERE store_id = $1 AND order_ref = ANY($2::text[]) AND status = 'open'
     ORDER BY opened_at COLLATE "C", id COLLATE "C"`,
    [storeId, orderRefs],
  );
  for (const row of rows) found.get(row.order_ref)?.push(fromBody(row));
  return found;
}

export async function getCase(db: Db, storeId: string, id: string): Promise<CaseRecord | null> {
  const { rows } = await db.query<Row>('SELECT body FROM cases WHERE store_id = $1 AND id = $2', [storeId, id]);
  return rows[0] ? fromBody(rows[0]) : null;
}

/** Every case of an order, oldest opened first. */
export async function listOrderCases(db: Db, storeId: string, orderRef: string): Promise<CaseRecord[]> {
  const { rows } = await db.query<Row>(
    'SELECT body FROM cases WHERE store_id = $1 AND order_ref = $2 ORDER BY opened_at COLLATE "C", id COLLATE "C"',
    [storeId, orderRef],
  );
  return rows.map(fromBody);
}

/** The queue, newest opened first. */
export async function listCases(db: Db, storeId: string, filter: CaseFilter): Promise<CaseRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT body FROM cases WHERE store_id = $1 AND ($2::text IS NULL OR status = $2::text)
       AND ($4::text IS NULL OR body->>'team' = $4::text) AND ($5::text IS NULL OR body->>'assignee' = $5::text)
     ORDER BY opened_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT $3`,
    [storeId, filter.status ?? null, filter.limit, filter.team ?? null, filter.assignee ?? null],
  );
  return rows.map(fromBody);
}

/** One case, locked until the transaction ends, so two agents' actions apply one after the other. */
export async function loadCase(db: Db, storeId: string, id: string): Promise<CaseRecord | null> {
  const { rows } = await db.query<Row>('SELECT body FROM cases WHERE store_id = $1 AND id = $2 FOR UPDATE', [storeId, id]);
  return rows[0] ? fromBody(rows[0]) : null;
}

export async function saveCase(db: Db, record: CaseRecord): Promise<void> {
  await save(db, record);
}

async function save(db: Db, record: CaseRecord): Promise<void> {
  await db.query('UPDATE cases SET status = $1, body = $2 WHERE store_id = $3 AND id = $4', [record.status, JSON.stringify(record), record.storeId, record.id]);
}
