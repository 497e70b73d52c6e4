// Group commit with durability after the commit (group-commit.ts): callers are answered only once
// their group's flush returns, the next group does not wait for it, and a failed flush stops
// every later acknowledgement.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommitWriter } from '../../src/adapters/store/sqlite/group-commit.ts';

function writer() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  const flushes: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const group = new GroupCommitWriter(db, {
    maxBatch: 512,
    afterCommit: () => undefined,
    durable: () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })),
  });
  const insert = (body: string) => group.run(async () => db.prepare('INSERT INTO t (body) VALUES (?)').run(body).lastInsertRowid);
  const rows = () => (db.prepare('SELECT body FROM t ORDER BY id').all() as { body: string }[]).map((row) => row.body);
  return { db, group, flushes, insert, rows };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function state(promise: Promise<unknown>): Promise<string> {
  let seen = 'pending';
  promise.then(() => (seen = 'resolved'), () => (seen = 'rejected'));
  await turn();
  return seen;
}

test('a caller is answered after its group is flushed, and the next group commits meanwhile', async () => {
  const { flushes, insert, rows } = writer();
  const first = insert('a');
  await turn();
  assert.deepEqual(rows(), ['a'], 'committed');
  assert.equal(flushes.length, 1);
  assert.equal(await state(first), 'pending', 'not answered before the flush returns');
  const second = insert('b');
  await turn();
  assert.deepEqual(rows(), ['a', 'b'], 'the next group did not wait for the first flush');
  assert.equal(flushes.length, 2);
  flushes[0]!.resolve();
  assert.equal(await first, 1);
  assert.equal(await state(second), 'pending');
  flushes[1]!.resolve();
  assert.equal(await second, 2);
});

test('drain waits for the flush, not only the commit', async () => {
  const { group, flushes, insert } = writer();
  const written = insert('a');
  await turn();
  let drained = false;
  const draining = group.drain().then(() => (drained = true));
  await turn();
  assert.equal(drained, false);
  flushes[0]!.resolve();
  await draining;
  await written;
});

test('a failed flush fails its callers, the queue and every later transaction, even when a later flush succeeds', async () => {
  const { flushes, insert } = writer();
  const first = insert('a');
  await turn();
  const second = insert('b');
  await turn();
  assert.equal(flushes.length, 2);
  const failure = new Error('the SQLite WAL could not be flushed to disk (EIO)');
  flushes[0]!.reject(failure);
  await assert.rejects(first, failure);
  flushes[1]!.resolve();
  await assert.rejects(second, failure, 'a later flush proves nothing about the pages before it');
  await assert.rejects(insert('c'), failure);
});

test('without `durable` a caller is answered at the commit', async () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  const group = new GroupCommitWriter(db, { maxBatch: 8, afterCommit: () => undefined });
  assert.equal(await group.run(async () => db.prepare('INSERT INTO t DEFAULT VALUES').run().changes), 1);
});
