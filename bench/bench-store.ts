// A fresh store for one bench scenario: a temp SQLite folder, or a fresh database on a throw-away
// PostgreSQL cluster (or the one named by --database-url). Also a way to read it directly.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startPostgresCluster } from '../test/support/postgres-server.ts';

export interface BenchStore {
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  env: Record<string, string>;
  /** Run SQL straight against the store (bulk set-up and measurements). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openBenchStore(kind: string, databaseUrl: string | undefined): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  if (kind === 'sqlite') {
    let db: Database.Database | null = null;
    return {
      kind,
      dataDir,
      env: {},
      async query<T>(sql: string, params: unknown[] = []) {
        db ??= new Database(join(dataDir, 'herald.sqlite'));
        db.pragma('busy_timeout = 30000');
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
      },
      async close() {
        db?.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (kind !== 'postgres') throw new Error(`--store must be sqlite or postgres, not ${kind}`);
  const url = databaseUrl ?? (await (await startPostgresCluster()).createDatabase('bench'));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    kind,
    dataDir,
    env: { HERALD_DATABASE_URL: url },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async close() {
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Epoch ms of a timestamp column, whichever way the driver returns it. */
export function toMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}
