// Checkpoints on a thread of their own (src/adapters/store/sqlite/checkpointer.ts): on a real
// file, the WAL's pages reach the database file while the writer stays below its own automatic
// checkpoint; with the thread off they do not; closing the store stops the thread.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { canonicalEvent } from '../support/events.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-checkpoints-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Opens a store, writes 40 transactions of events (a few hundred WAL pages, far below the writer's 4,000), and reports the database file's size over time. */
async function writeAndWatch(name: string, checkpointThreadAfterCommits: number): Promise<{ before: number; after: number; walPages: number }> {
  const file = join(folder, `${name}.sqlite`);
  const store = openSqliteStore({ file, clock: createFakeClock(), checkpointThreadAfterCommits });
  await store.migrate();
  const before = statSync(file).size;
  for (let t = 0; t < 40; t += 1) {
    await store.transact((tx) => tx.insertEvents(Array.from({ length: 50 }, (_, i) => ({ event: canonicalEvent({ id: `${name}-${t}-${i}`, attributes: { note: 'x'.repeat(400) } }), trackingNumber: null }))));
  }
  const walPages = Math.floor(statSync(`${file}-wal`).size / 4096);
  let size = statSync(file).size;
  for (let waited = 0; waited < 3_000 && size === before; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    size = statSync(file).size;
  }
  await store.close();
  return { before, after: size, walPages };
}

test('the checkpoint thread copies committed pages into the database file without the writer', async () => {
  const { before, after, walPages } = await writeAndWatch('threaded', 1);
  assert.ok(walPages > 100 && walPages < 4_000, `the writer's own checkpoint stayed out of it (${walPages} WAL pages)`);
  assert.ok(after > before, `the database file grew from ${before} to ${after} bytes before the store closed`);
});

test('with the thread off, the pages stay in the WAL until the writer checkpoints', async () => {
  const { before, after } = await writeAndWatch('writer-only', 0);
  assert.equal(after, before, 'nothing was copied into the database file');
});
