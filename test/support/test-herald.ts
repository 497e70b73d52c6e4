// An in-process Herald on a real SQLite file in a temp folder, for HTTP tests via app.request().

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/app/api-keys.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { isoAt } from '../../src/core/ports/clock.ts';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import { createHerald, type Herald, type HeraldOptions } from '../../src/main.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

export interface TestHerald {
  herald: Herald;
  clock: FakeClock;
  /** The data folder (its SQLite file is herald.sqlite). */
  folder: string;
  /** API key of the default store. */
  key: string;
  /** Create another store with its own key. */
  addStore(id: string): Promise<string>;
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  /** Configure a webhook source for a store (as `herald sources add` does). */
  addSource(source: string, secret: string, options?: { storeId?: string; urlToken?: string; shopDomain?: string }): Promise<void>;
  /** POST raw bytes to `/v1/sources/<source>/<store>` without a Herald key, as a provider does. */
  webhook(source: string, storeId: string, body: Uint8Array, headers: Record<string, string>, query?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestHerald(env: Record<string, string> = {}, options: Pick<HeraldOptions, 'handOver'> = {}): Promise<TestHerald> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const clock = createFakeClock();
  const config = resolveConfig({ flags: {}, env: { HERALD_DATA_DIR: folder, HERALD_LOG_LEVEL: 'silent', ...env }, yamlText: null });
  const herald = await createHerald(config, { clock, worker: false, ...options });
  const key = herald.firstKey!;
  return {
    herald,
    clock,
    folder,
    key,
    async addStore(id) {
      await herald.store.admin.createStore({ id, name: id, createdAt: isoAt(clock.nowMs()) });
      return (await createApiKey({ store: herald.store, clock, ids: cryptoIds }, id, 'test')).secret;
    },
    request(path, init = {}) {
      const { key: override, ...rest } = init;
      const headers = new Headers(rest.headers);
      const useKey = override === undefined ? key : override;
      if (useKey !== null) headers.set('authorization', `Bearer ${useKey}`);
      if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return Promise.resolve(herald.app.request(path, { ...rest, headers }));
    },
    async addSource(source, secret, options = {}) {
      await herald.store.admin.saveSourceConfig({
        storeId: options.storeId ?? 'default',
        source,
        secret,
        urlToken: options.urlToken ?? null,
        shopDomain: options.shopDomain ?? null,
        createdAt: isoAt(clock.nowMs()),
      });
    },
    webhook(source, storeId, body, headers, query = '') {
      return Promise.resolve(
        herald.app.request(`/v1/sources/${source}/${storeId}${query}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...headers },
        }),
      );
    },
    async close() {
      await herald.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function jsonBody(value: unknown): { method: 'POST'; body: string } {
  return { method: 'POST', body: JSON.stringify(value) };
}
