// First start: create the default store and its first API key (printed once by the caller).

import { isoAt } from '../core/ports/clock.ts';
import { createApiKey, type CreatedKey, type KeyDeps } from './api-keys.ts';

export const DEFAULT_STORE_ID = 'default';

export async function ensureDefaultStore(deps: KeyDeps): Promise<CreatedKey | null> {
  if ((await deps.store.admin.listStores()).length > 0) return null;
  try {
    await deps.store.admin.createStore({ id: DEFAULT_STORE_ID, name: 'Default store', createdAt: isoAt(deps.clock.nowMs()) });
  } catch (error) {
    // Several processes starting at once on an empty database: one of them wins, the others go on.
    if (await deps.store.admin.getStore(DEFAULT_STORE_ID)) return null;
    throw error;
  }
  return createApiKey(deps, DEFAULT_STORE_ID, 'first key');
}
