// herald migrate: bring the store's schema up to date (start does this too).

import type { Command } from 'commander';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { loadConfig } from '../load-config.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      const store = await openStore(config, systemClock);
      try {
        const result = await store.migrate();
        console.log(result.applied.length > 0 ? `applied: ${result.applied.join(', ')}` : 'already up to date');
        console.log(`schema version ${result.current} (${store.dialect})`);
      } finally {
        await store.close();
      }
    });
}
