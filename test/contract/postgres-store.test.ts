// The Store contract on the PostgreSQL adapter, against a throw-away PostgreSQL cluster (skipped
// when PostgreSQL is not installed, failed instead when CI is set).

import { after } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../../src/adapters/store/postgres/open-postgres-store.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { postgresSkipReason, startPostgresServer } from '../support/postgres-server.ts';
import { runChannelStoreContract } from './channel-store-contract.ts';
import { runWebStoreContract } from './web-store-contract.ts';
import { runContactStoreContract } from './contact-store-contract.ts';
import { runStoreContract } from './store-contract.ts';
import { runWorkflowStoreContract } from './workflow-store-contract.ts';

const skip = postgresSkipReason() ?? false;
const server = skip ? null : await startPostgresServer('contract');
let admin: pg.Client | null = null;
after(async () => {
  await admin?.end();
  await server?.stop();
});

const factory = {
  open: async () => openPostgresStore({ url: server!.url, clock: createFakeClock(), eventRetentionMonths: 0 }),
  reset: async () => {
    if (!admin) {
      admin = new pg.Client({ connectionString: server!.url });
      await admin.connect();
    }
    // Every table but the migration record; partitions go with their parent.
    const { rows } = await admin.query<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND NOT c.relispartition AND c.relname <> 'schema_migrations'`,
    );
    await admin.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  },
};

runStoreContract('postgres', factory, skip);
runWorkflowStoreContract('postgres', factory, skip);
runChannelStoreContract('postgres', factory, skip);
runWebStoreContract('postgres', factory, skip);
runContactStoreContract('postgres', factory, skip);
