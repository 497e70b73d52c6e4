// Statements over cases, the review queue: at most one open case per (store, order, reason)
// (a partial unique index). Writes run on the single writer inside group commit, so reading the
// open case and merging into it is atomic.

import type Database from 'better-sqlite3';
import type { CaseFilter } from '../../../../core/ports/store.ts';
import type { CaseEvidence, CaseRecord } from '../../../../core/cases/case-record.ts';
import { fromBody, mergeIntoOpenCase, withEvidence, type BodyRow } from '../../record-rows.ts';

type Row = BodyRow<CaseRecord>;

export function createCaseStatements(db: Database.Database) {
  const insert = db.prepare('INSERT INTO cases (id, store_id, order_ref, reason, status, opened_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE cases SET status = ?, body = ? WHERE store_id = ? AND id = ?');
  const openOf = db.prepare<[string, string, string], Row>(
    "SELECT body FROM cases WHERE store_id = ? AND order_ref = ? AND reason = ? AND status = 'open'",
  );
  const one = db.prepare<[string, string], Row>('SELECT body FROM cases WHERE store_id = ? AND id = ?');
  const openOfOrder = db.prepare<[string, string], Row>(
    "SELECT body FROM cases WHERE store_id = ? AND order_ref = ? AND status = 'open' ORDER BY opened_at, id",
  );
  const ofOrder = db.prepare<[string, string], Row>('SELECT body FROM cases WHERE store_id = ? AND order_ref = ? ORDER BY opened_at, id');
  const queue = db.prepare<{ store: string; status: string | null; team: string | null; assignee: string | null; limit: number }, Row>(
    `SELECT body FROM cases WHERE store_id = @store AND (@status IS NULL OR status = @status)
       AND (@team IS NULL OR json_extract(body, '$.team') = @team) AND (@assignee IS NULL OR json_extract(body, '$.assignee') = @assignee)
     ORDER BY opened_at DESC, id DESC LIMIT @limit`,
  );

  const save = (record: CaseRecord) => update.run(record.status, JSON.stringify(record), record.storeId, record.id);

  return {
    openCase(record: CaseRecord): { case: CaseRecord; opened: boolean } {
      const row = openOf.get(record.storeId, record.orderRef, record.reason);
      if (row) {
        const merged = mergeIntoOpenCase(fromBody(row), record);
        save(merged);
        return { case: merged, opened: false };
      }
      insert.run(record.id, record.storeId, record.orderRef, record.reason, record.status, record.openedAt, JSON.stringify(record));
      return { case: record, opened: true };
    },
    addCaseEvidence(storeId: string, caseId: string, evidence: readonly CaseEvidence[], updatedAt: string): void {
      const row = one.get(storeId, caseId);
      if (row) save(withEvidence(fromBody(row), evidence, updatedAt));
    },
    loadOpenCases(storeId: string, orderRef: string): CaseRecord[] {
      return openOfOrder.all(storeId, orderRef).map(fromBody);
    },
    getCase(storeId: string, id: string): CaseRecord | null {
      const row = one.get(storeId, id);
      return row ? fromBody(row) : null;
    },
    listOrderCases(storeId: string, orderRef: string): CaseRecord[] {
      return ofOrder.all(storeId, orderRef).map(fromBody);
    },
    listCases(storeId: string, filter: CaseFilter): CaseRecord[] {
      return queue.all({ store: storeId, status: filter.status ?? null, team: filter.team ?? null, assignee: filter.assignee ?? null, limit: filter.limit }).map(fromBody);
    },
    saveCase(record: CaseRecord): void {
      save(record);
    },
  };
}
