// What most commands do around their work: open the configured store, bring its schema up to date
// (or not, for read-only commands), and close it whatever happens.

import { systemClock } from '../adapters/runtime/system-clock.ts';
import { openStore } from '../adapters/store/open-store.ts';
import type { HeraldConfig } from '../config/options.ts';
import type { Store } from '../core/ports/store.ts';

export async function withStore<T>(config: HeraldConfig, work: (store: Store) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const store = await openStore(config, systemClock);
  try {
    if (options.migrate ?? true) await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}
