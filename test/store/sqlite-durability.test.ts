// The SQLite store's durability wiring (open-sqlite-store.ts with wal-sync.ts): on a real file,
// reached through a symbolic link as an operator's data folder may be, a write is answered only
// after the flush of the WAL SQLite actually writes, and a failed flush stops every later write.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { heldFlushes } from '../support/held-flushes.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-durability-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const pending = async (promise: Promise<unknown>) => {
  let seen = false;
  promise.then(() => (seen = true), () => (seen = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return !seen;
};

const aStore = (id: string) => ({ id, name: id, createdAt: '2026-11-20T12:00:00.000Z' });

test('a write is answered after the flush of the real WAL, also when the database file is a link', async () => {
  mkdirSync(join(folder, 'real'));
  mkdirSync(join(folder, 'data'));
  new Database(join(folder, 'real', 'herald.sqlite')).close();
  // SQLite follows a link to the database file and writes its WAL beside the target.
  symlinkSync(join(folder, 'real', 'herald.sqlite'), join(folder, 'data', 'herald.sqlite'));
  const held = heldFlushes();
  const store = openSqliteStore({ file: join(folder, 'data', 'herald.sqlite'), clock: createFakeClock(), fdatasync: held.fdatasync });
  await store.migrate();
  const written = store.admin.createStore(aStore('north'));
  assert.equal(await pending(written), true, 'not answered before its flush');
  assert.equal(held.calls.length, 1);
  assert.equal(held.calls[0]!.inode, statSync(join(folder, 'real', 'herald.sqlite-wal')).ino);
  assert.equal(statSync(join(folder, 'data', 'herald.sqlite-wal'), { throwIfNoEntry: false }), undefined, 'no WAL beside the link');
  held.calls[0]!.finish();
  await written;
  const db = new Database(join(folder, 'real', 'herald.sqlite'), { readonly: true });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  await store.close();
});

test('a failed flush is reported once and every later write fails with it', async () => {
  const held = heldFlushes();
  const lost: Error[] = [];
  const store = openSqliteStore({ file: join(folder, 'failing', 'herald.sqlite'), clock: createFakeClock(), fdatasync: held.fdatasync, onDurabilityLost: (error) => lost.push(error) });
  await store.migrate();
  const written = store.admin.createStore(aStore('south'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  held.calls[0]!.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  await assert.rejects(written, /could not be flushed to disk \(EIO/);
  await assert.rejects(store.admin.createStore(aStore('east')), /nothing more is acknowledged until Herald restarts/);
  assert.equal(lost.length, 1);
  await store.close();
});

test('an afterCommit action runs only once its commit is flushed, and never after a failed flush', async () => {
  const held = heldFlushes();
  const store = openSqliteStore({ file: join(folder, 'actions', 'herald.sqlite'), clock: createFakeClock(), fdatasync: held.fdatasync, onDurabilityLost: () => {} });
  await store.migrate();
  const ran: string[] = [];
  const flushAsked = async (count: number) => {
    while (held.calls.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const first = store.transact(async (tx) => tx.afterCommit(() => ran.push('flushed')));
  await flushAsked(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(ran.length, 0, 'committed, not yet on disk: the action waits');
  held.calls[0]!.finish();
  await first;
  assert.deepEqual(ran, ['flushed']);
  const second = store.transact(async (tx) => tx.afterCommit(() => ran.push('lost')));
  await flushAsked(2);
  held.calls[1]!.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  await assert.rejects(second, /could not be flushed/);
  assert.deepEqual(ran, ['flushed'], 'the action of a commit that may be lost never runs');
  await store.close();
});
