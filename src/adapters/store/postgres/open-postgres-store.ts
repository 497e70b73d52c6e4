// Placeholder until the PostgreSQL adapter lands (issue 3).
import type { Clock } from '../../../core/ports/clock.ts';
import type { Store } from '../../../core/ports/store.ts';

export interface PostgresStoreOptions {
  url: string;
  clock: Clock;
  eventRetentionMonths: number;
}

export async function openPostgresStore(_options: PostgresStoreOptions): Promise<Store> {
  throw new Error('the PostgreSQL store is not built yet');
}
