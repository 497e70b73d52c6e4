// Applies PostgreSQL migrations, one transaction each, under a session advisory lock so many
// Herald processes starting at once migrate once; refuses a database newer than the code.

import type pg from 'pg';
import { SchemaAheadError } from '../../../core/errors.ts';
import type { MigrationFile } from '../migration-files.ts';

export interface MigrationOutcome {
  applied: string[];
  current: number;
}

const MIGRATION_LOCK = `hashtextextended('herald:migrate', 0)`;

/** `files` are all the migrations this build knows (readMigrationFiles('postgres')). */
export async function migratePostgres(pool: pg.Pool, files: readonly MigrationFile[], nowIso: string): Promise<MigrationOutcome> {
  const client = await pool.connect();
  let broken = false;
  try {
    // Waits while another process migrates; the winner's work is then visible to us.
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      return await applyPending(client, files, nowIso);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection in an unknown state (or perhaps still holding the lock) is closed, not reused.
    client.release(broken);
  }
}

async function applyPending(client: pg.PoolClient, files: readonly MigrationFile[], nowIso: string): Promise<MigrationOutcome> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
  const latestKnown = files.at(-1)?.version ?? 0;
  const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const current = rows[0]?.v ?? 0;
  if (current > latestKnown) {
    throw new SchemaAheadError(
      `the database is at schema version ${current} but this Herald only knows up to ${latestKnown}: upgrade Herald before starting it on this data`,
      { databaseVersion: current, codeVersion: latestKnown },
    );
  }
  const applied: string[] = [];
  for (const file of files.filter((f) => f.version > current)) {
    await client.query('BEGIN');
    await client.query(file.sql);
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [file.version, file.name, nowIso]);
    await client.query('COMMIT');
    applied.push(`${String(file.version).padStart(4, '0')}_${file.name}`);
  }
  return { applied, current: Math.max(current, latestKnown) };
}
