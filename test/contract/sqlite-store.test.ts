// The Store contract on the embedded SQLite adapter, on a real database file.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { runChannelStoreContract } from './channel-store-contract.ts';
import { runWebStoreContract } from './web-store-contract.ts';
import { runContactStoreContract } from './contact-store-contract.ts';
import { runStoreContract } from './store-contract.ts';
import { runWorkflowStoreContract } from './workflow-store-contract.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-sqlite-contract-'));
const file = join(folder, 'herald.sqlite');
after(() => rmSync(folder, { recursive: true, force: true }));

const factory = {
  open: async () => openSqliteStore({ file, clock: createFakeClock() }),
  reset: async () => {
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      db.transaction(() => {
        for (const { name } of tables) db.exec(`DELETE FROM "${name}"`);
      })();
    } finally {
      db.close();
    }
  },
};

runStoreContract('sqlite', factory);
runWorkflowStoreContract('sqlite', factory);
runChannelStoreContract('sqlite', factory);
runWebStoreContract('sqlite', factory);
runContactStoreContract('sqlite', factory);
