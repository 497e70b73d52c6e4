// herald users add|list: dashboard users of a store, each with a role (owner, agent, viewer).
// There are no prompts: the password comes from --password or HERALD_USER_PASSWORD.

import type { Command } from 'commander';
import { createUser } from '../../app/admin-users.ts';
import { cryptoIds } from '../../adapters/runtime/crypto-ids.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { loadConfig } from '../load-config.ts';
import { withStore } from '../with-store.ts';

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage who signs in to the dashboard at /admin');

  users
    .command('add')
    .description('add a dashboard user to a store')
    .option('--store <id>', 'store id', 'default')
    .requiredOption('--email <email>', 'the address they sign in with')
    .requiredOption('--name <name>', 'their name, as the review queue shows it')
    .option('--role <role>', 'owner, agent or viewer', 'agent')
    .option('--password <password>', 'at least 10 characters (or set HERALD_USER_PASSWORD)')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string; email: string; name: string; role: string; password?: string } & Record<string, unknown>) => {
      const password = flags.password ?? process.env['HERALD_USER_PASSWORD'];
      if (!password) throw new Error('give the password with --password or HERALD_USER_PASSWORD (there are no prompts)');
      // --role here is the user's, not the process role of `herald start`: only storage flags go to the config.
      const config = loadConfig({ ...program.opts(), data: flags['data'], databaseUrl: flags['databaseUrl'] });
      await withStore(config, async (store) => {
        if (!(await store.admin.getStore(flags.store))) throw new Error(`there is no store '${flags.store}'; create it with herald keys create --store ${flags.store} --create-store`);
        const user = await createUser({ store, clock: systemClock, ids: cryptoIds }, { storeId: flags.store, email: flags.email, name: flags.name, role: flags.role, password });
        console.log(`created ${user.role} ${user.name} <${user.email}> in store '${user.storeId}' (id ${user.id}); they sign in at /admin/login`);
      });
    });

  users
    .command('list')
    .description('list the dashboard users of a store')
    .option('--store <id>', 'store id', 'default')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string } & Record<string, unknown>) => {
      await withStore(loadConfig({ ...program.opts(), ...flags }), async (store) => {
        for (const user of await store.admin.listUsers(flags.store)) {
          console.log(`${user.id}  ${user.role.padEnd(6)}  ${user.name} <${user.email}>${user.disabledAt ? `  disabled ${user.disabledAt}` : ''}`);
        }
      });
    });
}
