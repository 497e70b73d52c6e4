import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { ensureDefaultStore } from '../../src/app/ensure-default-store.ts';

test('processes starting at once on an empty store create the default store once', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'herald-default-store-'));
  const clock = { nowMs: () => Date.parse('2026-11-20T12:00:00Z') };
  const store = openSqliteStore({ file: join(folder, 'h.sqlite'), clock });
  try {
    await store.migrate();
    const results = await Promise.all([1, 2, 3].map(() => ensureDefaultStore({ store, clock, ids: cryptoIds })));
    assert.equal(results.filter((r) => r !== null).length, 1, 'exactly one start prints a first key');
    assert.equal((await store.admin.listApiKeys('default')).length, 1);
    assert.equal(await ensureDefaultStore({ store, clock, ids: cryptoIds }), null, 'a later start creates nothing');
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
