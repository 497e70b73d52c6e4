// The WAL flush that makes a SQLite commit durable off the writer's thread (wal-sync.ts), on a
// real database file: which file it flushes, how concurrent calls share flushes, and failures.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createWalSync } from '../../src/adapters/store/sqlite/wal-sync.ts';
import { heldFlushes } from '../support/held-flushes.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-wal-sync-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function walDatabase(name: string) {
  const file = join(folder, name);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  return { file, db, write: () => db.prepare('INSERT INTO t (body) VALUES (?)').run('x') };
}

/** A flush that records which file it was asked for and finishes when the test says so. */
const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

test('a flush is the WAL file of that database, and resolves only when the flush returns', async () => {
  const { file, db, write } = walDatabase('one.db');
  const held = heldFlushes();
  const sync = createWalSync(file, held);
  write();
  const flushed = sync.flush();
  assert.equal(held.calls.length, 1);
  assert.equal(held.calls[0]!.inode, statSync(`${file}-wal`).ino);
  assert.equal(await settled(flushed), 'pending');
  held.calls[0]!.finish();
  await flushed;
  sync.close();
  db.close();
});

test('commits that land while a flush runs wait for one next flush, not one each', async () => {
  const { file, db, write } = walDatabase('coalesce.db');
  const held = heldFlushes();
  const sync = createWalSync(file, held);
  write();
  const first = sync.flush();
  write();
  const second = sync.flush();
  write();
  const third = sync.flush();
  assert.equal(held.calls.length, 1, 'the second flush starts only after the first returns');
  held.calls[0]!.finish();
  await first;
  assert.equal(held.calls.length, 2);
  assert.equal(await settled(second), 'pending', 'a flush that began before the commit does not cover it');
  assert.equal(await settled(third), 'pending');
  held.calls[1]!.finish();
  await Promise.all([second, third]);
  assert.equal(held.calls.length, 2);
  sync.close();
  db.close();
});

test('a failed flush is final: it says what may be lost, is reported once, and fails every flush after it', async () => {
  const { file, db, write } = walDatabase('failing.db');
  const held = heldFlushes();
  const reported: Error[] = [];
  const sync = createWalSync(file, { ...held, onFailure: (error) => reported.push(error) });
  write();
  const failing = sync.flush();
  const queued = sync.flush();
  held.calls[0]!.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  const expected = /the SQLite WAL could not be flushed to disk \(EIO: i\/o error, fdatasync\); what was committed since the last flush may not survive a power loss, and nothing more is acknowledged until Herald restarts/;
  await assert.rejects(failing, expected);
  await assert.rejects(queued, expected, 'the kernel reports a write-back error once: a later flush cannot prove the pages before it');
  await assert.rejects(sync.flush(), expected);
  assert.equal(held.calls.length, 1, 'no flush is tried after the failure');
  assert.equal(reported.length, 1);
  sync.close();
  db.close();
});

test('a database without a WAL is refused when the flusher is made, naming the file', () => {
  assert.throws(() => createWalSync(join(folder, 'absent.db')), /ENOENT/);
  const file = join(folder, 'rollback.db');
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  assert.throws(() => createWalSync(file), /the SQLite WAL .*rollback\.db-wal cannot be opened .*; is the database in WAL mode\?/);
  db.close();
});

test('through a symbolic link, the WAL flushed is the one SQLite writes, beside the real file', async () => {
  const { file, db, write } = walDatabase('real.db');
  const link = join(folder, 'link.db');
  symlinkSync(file, link);
  const held = heldFlushes();
  const sync = createWalSync(link, held);
  write();
  const flushed = sync.flush();
  assert.equal(held.calls[0]!.inode, statSync(`${file}-wal`).ino);
  held.calls[0]!.finish();
  await flushed;
  sync.close();
  db.close();
});

test('a WAL that SQLite made anew (a new file) is flushed, not the old one', async () => {
  const { file, db, write } = walDatabase('replaced.db');
  const held = heldFlushes();
  const sync = createWalSync(file, held);
  write();
  const before = sync.flush();
  held.calls[0]!.finish();
  await before;
  // Closing the last connection checkpoints and deletes the WAL; the next one creates a new file.
  db.close();
  const again = new Database(file);
  again.pragma('journal_mode = WAL');
  again.prepare('INSERT INTO t (body) VALUES (?)').run('y');
  const after = sync.flush();
  assert.equal(held.calls[1]!.inode, statSync(`${file}-wal`).ino);
  assert.notEqual(held.calls[1]!.inode, held.calls[0]!.inode, 'the first WAL was deleted with its last connection');
  held.calls[1]!.finish();
  await after;
  sync.close();
  again.close();
});
