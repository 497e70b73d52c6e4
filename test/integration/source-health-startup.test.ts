// Every configured source gets its periodic health check at start, however it was configured,
// and a check that was parked as dead comes back.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { ensureSourceHealthChecks } from '../../src/app/source-health.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-health-start-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('configured sources get a health check at start, and a dead one is revived', async () => {
  const clock = createFakeClock();
  const store = openSqliteStore({ file: join(folder, 'h.sqlite'), clock });
  await store.migrate();
  assert.equal(await ensureSourceHealthChecks(store, clock.nowMs()), 0, 'nothing to check without sources');
  await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  for (const source of ['shopify', 'aftership']) {
    await store.admin.saveSourceConfig({ storeId: 'acme', source, secret: 's', urlToken: null, shopDomain: null, createdAt: '2026-11-01T00:00:00.000Z' });
  }
  assert.equal(await ensureSourceHealthChecks(store, clock.nowMs()), 2);
  const claimed = await store.jobs.claimDue(clock.nowMs(), 10, 1_000, 'w');
  assert.deepEqual(claimed.map((j) => [j.kind, j.key]).sort(), [
    ['source.health_check', 'source-health:aftership'],
    ['source.health_check', 'source-health:shopify'],
  ]);
  await store.jobs.releaseFailed(claimed[0]!, 'boom', null);
  assert.equal((await store.jobs.stats(clock.nowMs())).dead, 1);
  await ensureSourceHealthChecks(store, clock.nowMs());
  assert.equal((await store.jobs.stats(clock.nowMs())).dead, 0, 'a dead check is scheduled again');
  await store.close();
});
