// Pick the store adapter from the configuration: PostgreSQL when a URL is set, else SQLite.

import { join } from 'node:path';
import type { Clock } from '../../core/ports/clock.ts';
import type { Store } from '../../core/ports/store.ts';
import type { WakeSource } from './sqlite/open-sqlite-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';

export interface StoreSettings {
  dataDir: string;
  databaseUrl: string | null;
  eventRetentionMonths: number;
}

export type OpenedStore = Store & Partial<WakeSource>;

export const SQLITE_FILE = 'herald.sqlite';

export async function openStore(settings: StoreSettings, clock: Clock): Promise<OpenedStore> {
  if (settings.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
    return openPostgresStore({ url: settings.databaseUrl, clock, eventRetentionMonths: settings.eventRetentionMonths });
  }
  return openSqliteStore({ file: join(settings.dataDir, SQLITE_FILE), clock });
}
