// First start: create the default store and its first API key (printed once by the caller).

import { isoAt } from '../core/ports/clock.ts';
import { createApiKey, type CreatedKey, type KeyDeps } from './api-keys.ts';

export const DEFAULT_STORE_ID = 'default';

export async function ensureDefaultStore(deps: KeyDeps): Promise<CreatedKey | null> {
  if ((await deps.store.admin.listStores()).length > 0) return null;
  await deps.store.admin.createStore({ id: DEFAULT_STORE_ID, name: 'Default store', createdAt: isoAt(deps.clock.nowMs()) });
  return createApiKey(deps, DEFAULT_STORE_ID, 'first key');
}
