// herald keys create|list|revoke: API keys, each scoped to one store.

import type { Command } from 'commander';
import { createApiKey } from '../../app/api-keys.ts';
import { isoAt } from '../../core/ports/clock.ts';
import { cryptoIds } from '../../adapters/runtime/crypto-ids.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { loadConfig } from '../load-config.ts';
import { withStore } from '../with-store.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage API keys');

  keys
    .command('create')
    .description('create an API key for a store (creating the store when --create-store is given)')
    .option('--store <id>', 'store id', 'default')
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--create-store', 'create the store if it does not exist')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string; name: string; createStore?: boolean } & Record<string, unknown>) => {
      await withStore(loadConfig({ ...program.opts(), ...flags }), async (store) => {
        if (flags.createStore && !(await store.admin.getStore(flags.store))) {
          if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(flags.store)) {
            throw new Error(`--store: '${flags.store}' is not a valid store id (lowercase letters, digits, - and _)`);
          }
          await store.admin.createStore({ id: flags.store, name: flags.store, createdAt: isoAt(systemClock.nowMs()) });
        }
        const created = await createApiKey({ store, clock: systemClock, ids: cryptoIds }, flags.store, flags.name);
        console.log(`API key for store '${flags.store}' (shown once, keep it safe):\n\n  ${created.secret}\n`);
      });
    });

  keys
    .command('list')
    .description('list the API keys of a store (prefixes only)')
    .option('--store <id>', 'store id', 'default')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string } & Record<string, unknown>) => {
      await withStore(loadConfig({ ...program.opts(), ...flags }), async (store) => {
        for (const key of await store.admin.listApiKeys(flags.store)) {
          console.log(`${key.id}  ${key.prefix}...  ${key.name}  created ${key.createdAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ''}`);
        }
      });
    });
}
