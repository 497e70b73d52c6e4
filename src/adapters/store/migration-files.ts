// Reads a dialect's numbered migration files (`migrations/<dialect>/NNNN_name.sql`).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heraldRoot } from '../runtime/herald-root.ts';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrationFiles(dialect: 'sqlite' | 'postgres'): MigrationFile[] {
  const folder = `${join(heraldRoot(), 'migrations', dialect)}/`;
  const files = readdirSync(folder)
    .map((name) => ({ name, match: FILE.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({
      version: Number(match[1]),
      name: match[2]!,
      sql: readFileSync(`${folder}${name}`, 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  files.forEach((file, index) => {
    if (file.version !== index + 1) {
      throw new Error(`migrations/${dialect}: expected version ${index + 1} but found ${file.version} (${file.name}); versions must be consecutive`);
    }
  });
  return files;
}
