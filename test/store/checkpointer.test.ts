// Checkpoints on a thread of their own (src/adapters/store/sqlite/checkpointer.ts): on a real
// file, the WAL's pages reach the database file while the writer stays below its own automatic
// checkpoint; with the thread off they do not; closing the store stops the thread.

import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
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

test('a checkpoint thread that cannot work is reported by file, and the store goes on writing', async () => {
  const file = join(folder, 'moved.sqlite');
  const errors: unknown[] = [];
  const store = openSqliteStore({ file, clock: createFakeClock(), checkpointThreadAfterCommits: 3, onBackgroundError: (error) => errors.push(error) });
  await store.migrate();
  // The thread opens the file by name when it starts: gone from there, it cannot.
  renameSync(file, `${file}.away`);
  try {
    for (let t = 0; t < 5; t += 1) await store.transact((tx) => tx.insertEvents([{ event: canonicalEvent({ id: `moved-${t}` }), trackingNumber: null }]));
    for (let waited = 0; waited < 3_000 && errors.length === 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(errors.length, 1, 'reported once');
    assert.match(String(errors[0]), new RegExp(`checkpoint thread of .*moved\\.sqlite stopped`));
    await store.transact((tx) => tx.insertEvents([{ event: canonicalEvent({ id: 'moved-after' }), trackingNumber: null }]));
    assert.ok(await store.reads.getEvent('acme', 'api', 'moved-after'), 'writes go on, checkpointed by the writer');
  } finally {
    renameSync(`${file}.away`, file);
    await store.close();
  }
});
