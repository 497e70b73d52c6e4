// The one thing every statement family needs: something that runs a parameterized query. Both
// the pool (autocommit reads and single-statement writes) and a transaction's client fit it.

import type { QueryResultRow } from 'pg';

export interface Db {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** bigint and count(*) arrive as strings (pg never guesses at precision); these fit a double. */
export function toNumber(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toNumberOrNull(value: string | number | null): number | null {
  return value === null ? null : toNumber(value);
}
