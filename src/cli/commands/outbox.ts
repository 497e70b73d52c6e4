// herald outbox: the messages Herald produced, newest first, with their status and why.

import type { Command } from 'commander';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { loadConfig } from '../load-config.ts';

export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('messages Herald sent or held back, newest first')
    .option('--store <id>', 'store id', 'default')
    .option('--status <list>', 'only these statuses, comma-separated (sent, suppressed, skipped, ...)')
    .option('--limit <n>', 'how many', '20')
    .option('--full', 'print each message\'s text')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string; status?: string; limit: string; full?: boolean } & Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      // Reading needs no lock: SQLite in WAL mode lets this process read while a server writes.
      const store = await openStore(config, systemClock);
      try {
        const statuses = flags.status?.split(',').filter(Boolean);
        const rows = await store.reads.listNotifications(flags.store, { limit: Math.max(1, Number(flags.limit) || 20), ...(statuses ? { statuses } : {}) });
        if (rows.length === 0) console.log('the outbox is empty');
        for (const n of rows) {
          console.log(`${n.createdAt}  ${n.status.padEnd(10)} ${n.channel.padEnd(6)} ${n.milestone.padEnd(22)} order ${n.orderRef} -> ${n.recipient ?? '(nobody)'}${n.statusReason ? `  (${n.statusReason})` : ''}`);
          if (flags.full && n.body) console.log(`    ${n.subject ? `${n.subject}\n    ` : ''}${n.body.replace(/\n/g, '\n    ')}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
