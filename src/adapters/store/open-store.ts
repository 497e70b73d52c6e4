// Pick the store adapter from the configuration: PostgreSQL when a URL is set, else SQLite.

import { join } from 'node:path';
import type { Clock } from '../../core/ports/clock.ts';
import type { Store } from '../../core/ports/store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';

export interface StoreSettings {
  dataDir: string;
  databaseUrl: string | null;
  eventRetentionMonths: number;
}

export type OpenedStore = Store;

export const SQLITE_FILE = 'herald.sqlite';

export interface StoreHooks {
  /** Failures of work the store does on its own (PostgreSQL LISTEN, partition upkeep, SQLite's background checkpoints). */
  onBackgroundError?: (error: unknown) => void;
  /** SQLite could not flush its WAL to disk: nothing more can be acknowledged; stop the process. */
  onDurabilityLost?: (error: Error) => void;
  /** SQLite: the main thread's store checkpoints the file; this one (the HTTP thread's) leaves it to it. */
  checkpointedElsewhere?: boolean;
  /** SQLite: start the checkpoint thread after this many commits (1: at once, for a serving process). Default 64. */
  checkpointThreadAfterCommits?: number;
}

export async function openStore(settings: StoreSettings, clock: Clock, hooks: StoreHooks = {}): Promise<OpenedStore> {
  const { onBackgroundError, onDurabilityLost, checkpointedElsewhere, checkpointThreadAfterCommits } = hooks;
  if (settings.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
    return openPostgresStore({
      url: settings.databaseUrl,
      clock,
      eventRetentionMonths: settings.eventRetentionMonths,
      ...(onBackgroundError ? { onBackgroundError } : {}),
    });
  }
  return openSqliteStore({ file: join(settings.dataDir, SQLITE_FILE), clock, ...(onDurabilityLost ? { onDurabilityLost } : {}), ...(onBackgroundError ? { onBackgroundError } : {}), ...(checkpointedElsewhere ? { checkpointedElsewhere } : {}), ...(checkpointThreadAfterCommits === undefined ? {} : { checkpointThreadAfterCommits }) });
}
