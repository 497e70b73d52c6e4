// Applies SQLite migrations, one transaction each, and refuses a database newer than the code.

import type Database from 'better-sqlite3';
import { SchemaAheadError } from '../../../core/errors.ts';
import { readMigrationFiles } from '../migration-files.ts';

export function migrateSqlite(db: Database.Database, nowIso: string): { applied: string[]; current: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const files = readMigrationFiles('sqlite');
  const latestKnown = files.at(-1)?.version ?? 0;
  const current = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  if (current > latestKnown) {
    throw new SchemaAheadError(
      `the database is at schema version ${current} but this Herald only knows up to ${latestKnown}: upgrade Herald before starting it on this data`,
      { databaseVersion: current, codeVersion: latestKnown },
    );
  }
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const file of files.filter((f) => f.version > current)) {
    db.transaction(() => {
      db.exec(file.sql);
      record.run(file.version, file.name, nowIso);
    }).immediate();
    applied.push(`${String(file.version).padStart(4, '0')}_${file.name}`);
  }
  return { applied, current: Math.max(current, latestKnown) };
}
