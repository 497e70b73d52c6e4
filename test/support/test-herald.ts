// An in-process Herald on a real SQLite file in a temp folder, for HTTP tests via app.request().

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/app/api-keys.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { isoAt } from '../../src/core/ports/clock.ts';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import { createHerald, type Herald } from '../../src/main.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

export interface TestHerald {
  herald: Herald;
  clock: FakeClock;
  /** API key of the default store. */
  key: string;
  /** Create another store with its own key. */
  addStore(id: string): Promise<string>;
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestHerald(env: Record<string, string> = {}): Promise<TestHerald> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const clock = createFakeClock();
  const config = resolveConfig({ flags: {}, env: { HERALD_DATA_DIR: folder, HERALD_LOG_LEVEL: 'silent', ...env }, yamlText: null });
  const herald = await createHerald(config, { clock, worker: false });
  const key = herald.firstKey!;
  return {
    herald,
    clock,
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
    async close() {
      await herald.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function jsonBody(value: unknown): { method: 'POST'; body: string } {
  return { method: 'POST', body: JSON.stringify(value) };
}
