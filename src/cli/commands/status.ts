// herald status: backlog size and age, and event count, from the running server or the store.

import type { Command } from 'commander';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { loadConfig } from '../load-config.ts';
import { readServerInfo } from '../server-lock.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the job backlog (size and age) and the event count')
    .option('--store <id>', 'store id', 'default')
    .option('--key <key>', 'API key, to ask a running server (or HERALD_API_KEY)')
    .option('--url <url>', 'URL of a running Herald (default: the one holding the data folder)')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string; key?: string; url?: string } & Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      const key = flags.key ?? process.env['HERALD_API_KEY'];
      const url = flags.url ?? readServerInfo(config.dataDir)?.url;
      if (url && key) {
        const response = await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${key}` } });
        console.log(JSON.stringify(await response.json(), null, 2));
        return;
      }
      const store = await openStore(config, systemClock);
      try {
        await store.migrate();
        const backlog = await store.jobs.stats(systemClock.nowMs());
        const events = await store.reads.countEvents(flags.store);
        console.log(JSON.stringify({ store_id: flags.store, store: store.dialect, events, backlog }, null, 2));
      } finally {
        await store.close();
      }
    });
}
