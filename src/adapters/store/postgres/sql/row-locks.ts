// Serializes writers of the same order or parcel across every Herald process: transaction-scoped
// advisory locks on a 64-bit hash of (kind, store, key). Advisory locks also cover keys that have
// no row yet, which `SELECT ... FOR UPDATE` cannot. Locks are taken in hash order within a call so
// two calls over overlapping keys queue instead of deadlocking.
//
// Two levels, so a huge batch cannot exhaust the server's lock table (each advisory lock is one
// entry; a 5,000-event batch would need ~7,000): every call first takes its store's lock, shared
// for a call of at most FINE_LOCK_LIMIT keys (then one exclusive lock per key), exclusive for a
// larger call (and nothing else). Exclusive store lock vs. shared store lock gives the same
// mutual exclusion the per-key locks would, at the price of serializing large batches of one store
// with that store's other writers while they run.

import type { Db } from './db.ts';

export type LockedKind = 'order' | 'shipment';

/** Most keys one call locks one by one; above it the call takes its store's lock exclusively. */
export const FINE_LOCK_LIMIT = 256;

const STORE_LOCK = `hashtextextended('herald:store' || chr(31) || $1, 0)`;

export async function lockKeys(db: Db, kind: LockedKind, storeId: string, keys: readonly string[]): Promise<void> {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) return;
  if (distinct.length > FINE_LOCK_LIMIT) {
    await db.query(`SELECT pg_advisory_xact_lock(${STORE_LOCK})`, [storeId]);
    return;
  }
  // The store lock is a materialized CTE, evaluated before the first key lock; volatile
  // functions in the select list run after the sort, so key locks follow hash order.
  await db.query(
    `WITH store_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(${STORE_LOCK}))
     SELECT pg_advisory_xact_lock(keys.h)
     FROM (SELECT DISTINCT hashtextextended('herald:' || $2 || chr(31) || $1 || chr(31) || k, 0) AS h
           FROM unnest($3::text[]) AS k) AS keys
     CROSS JOIN store_lock
     ORDER BY keys.h`,
    [storeId, kind, distinct],
  );
}
