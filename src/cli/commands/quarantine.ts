// herald quarantine list|show|replay: authentic webhook payloads Herald could not read, kept for
// a replay after a fix. Like `herald keys`, it opens the store itself.

import type { Command } from 'commander';
import { directIngest } from '../../app/ingest-gateway.ts';
import { quarantineView, replayQuarantined } from '../../app/replay-quarantined.ts';
import { cryptoIds } from '../../adapters/runtime/crypto-ids.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { webhookSources } from '../../adapters/sources/index.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import type { Store } from '../../core/ports/store.ts';
import type { HeraldConfig } from '../../config/options.ts';
import { loadConfig } from '../load-config.ts';

const STORE_FLAGS: [string, string, string?][] = [
  ['--store <id>', 'store id', 'default'],
  ['--data <dir>', 'data folder of the embedded store'],
  ['--database-url <url>', 'PostgreSQL URL'],
];

export function registerQuarantine(program: Command): void {
  const quarantine = program.command('quarantine').description('webhook payloads that could not be read: list, show, replay');
  const withStore = (command: Command) => {
    for (const [flag, description, value] of STORE_FLAGS) command.option(flag, description, value);
    return command;
  };
  const run = async (flags: Record<string, unknown>, work: (store: Store, config: HeraldConfig) => Promise<void>) => {
    const config = loadConfig({ ...program.opts(), ...flags });
    const store = await openStore(config, systemClock);
    try {
      await store.migrate();
      await work(store, config);
    } finally {
      await store.close();
    }
  };

  withStore(quarantine.command('list').description('newest first').option('--limit <n>', 'how many', '50')).action(
    async (flags: { store: string; limit: string } & Record<string, unknown>) =>
      run(flags, async (store) => {
        const entries = await store.reads.listQuarantine(flags.store, Math.max(1, Number(flags.limit) || 50));
        if (entries.length === 0) console.log(`nothing in quarantine for store '${flags.store}'`);
        for (const e of entries) {
          const state = e.replayedAt ? `replayed ${e.replayedAt}` : 'waiting';
          console.log(`${e.id}  ${e.source.padEnd(12)} ${e.receivedAt}  ${state}  ${String(e.error['message'] ?? e.error['code'])}`);
        }
      }),
  );

  withStore(quarantine.command('show <id>').description('the error, the headers and the body as received')).action(
    async (id: string, flags: { store: string } & Record<string, unknown>) =>
      run(flags, async (store) => {
        const entry = await store.reads.getQuarantine(flags.store, id);
        if (!entry) throw new Error(`no quarantined payload '${id}' in store '${flags.store}'`);
        console.log(JSON.stringify(quarantineView(entry, true), null, 2));
      }),
  );

  withStore(quarantine.command('replay <id>').description('read the payload again with the current code and ingest it')).action(
    async (id: string, flags: { store: string } & Record<string, unknown>) =>
      run(flags, async (store, config) => {
        const gateway = directIngest({ store, clock: systemClock, ids: cryptoIds, stallAfterHours: config.stallAfterHours });
        const outcome = await replayQuarantined({ store, gateway, clock: systemClock, sources: webhookSources() }, flags.store, id);
        console.log(`replayed ${id}: ${outcome.events} event(s), ${outcome.accepted} accepted, ${outcome.duplicates} duplicate(s)`);
      }),
  );
}
