// SQLite migrations: applied once, in order; a database newer than the code is refused; an upgrade
// keeps what was stored findable, and counted.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { readMigrationFiles } from '../../src/adapters/store/migration-files.ts';
import { SchemaAheadError } from '../../src/core/errors.ts';
import type { EventRow } from '../../src/core/ports/store.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-sqlite-migrations-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('every migration is applied once, and a second run applies nothing', async () => {
  const file = join(folder, 'fresh.sqlite');
  const store = openSqliteStore({ file, clock: createFakeClock() });
  const first = await store.migrate();
  const files = readMigrationFiles('sqlite');
  assert.equal(first.applied.length, files.length);
  assert.equal(first.current, files.at(-1)!.version);
  assert.deepEqual((await store.migrate()).applied, []);
  await store.close();
});

test('a database whose schema is ahead of the code is refused, and left untouched', async () => {
  const file = join(folder, 'ahead.sqlite');
  const store = openSqliteStore({ file, clock: createFakeClock() });
  await store.migrate();
  await store.close();
  const db = new Database(file);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 'x')").run();
  db.close();
  const again = openSqliteStore({ file, clock: createFakeClock() });
  await assert.rejects(again.migrate(), (error: unknown) => error instanceof SchemaAheadError && /upgrade Herald/.test(error.message));
  await again.close();
});

test('herald refuses to start on a database ahead of the code', async () => {
  const { spawnSync } = await import('node:child_process');
  const data = join(folder, 'start');
  const store = openSqliteStore({ file: join(data, 'herald.sqlite'), clock: createFakeClock() });
  await store.migrate();
  await store.close();
  const db = new Database(join(data, 'herald.sqlite'));
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 'x')").run();
  db.close();
  const result = spawnSync(process.execPath, ['bin/herald.js', 'start', '--port', '0', '--data', data], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    env: { ...process.env, HERALD_LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /schema version 999/);
});

test('0008 turns the order keys and the parcel creation time into columns: stored orders and parcels are found as before, by a store opened before the upgrade', async () => {
  const file = join(folder, 'upgrade-0008.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of readMigrationFiles('sqlite').filter((f) => f.version <= 7)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, 'x');
  }
  // Stored as Herald 0007 stored them: the body only (the key columns were generated from it).
  const order = (ref: string, facts: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    db.prepare('INSERT INTO orders (store_id, order_ref, body, updated_at) VALUES (?, ?, ?, ?)').run('s', ref, JSON.stringify({ storeId: 's', orderRef: ref, facts, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...extra }), 'x');
  order('1001', { number: '#A-1001', customer: { email: ' Jane@Example.COM ', phone: '+49 (151) 123-456' } }, { customerRef: 'c1', trackingToken: 'tok1' });
  order('1002', { number: '1002', customer: { email: 'jane@example.com' } }, { customerRef: 'c1' });
  const parcel = (number: string, createdAt: string) =>
    db.prepare('INSERT INTO shipments (store_id, tracking_number, id, order_ref, carrier, state, body, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('s', number, `shp_${number}`, '1001', 'ups', 'in_transit', JSON.stringify({ storeId: 's', trackingNumber: number, id: `shp_${number}`, orderRef: '1001', carrier: 'ups', truth: { state: 'in_transit' }, createdAt, updatedAt: createdAt }), 'x');
  parcel('1ZB', '2026-11-02T00:00:00.000Z');
  parcel('1ZA', '2026-11-03T00:00:00.000Z');
  db.close();

  const store = openSqliteStore({ file, clock: createFakeClock() });
  assert.deepEqual((await store.migrate()).applied, ['0008_write_less', '0009_event_counts']);
  const refs = (orders: { orderRef: string }[]) => orders.map((o) => o.orderRef).sort();
  assert.deepEqual(refs(await store.reads.findOrdersByContact('s', { email: 'JANE@example.com' }, 10)), ['1001', '1002'], 'emails in lower case');
  assert.deepEqual(refs(await store.reads.findOrdersByContact('s', { phone: '49151123456' }, 10)), ['1001'], 'phones as digits');
  assert.deepEqual(refs(await store.reads.findOrdersByNumber('s', 'a-1001', 10)), ['1001'], 'numbers without #');
  assert.equal((await store.reads.findOrderByTrackingToken('tok1'))?.orderRef, '1001');
  assert.equal(await store.transact((tx) => tx.countCustomerOrders('s', 'c1')), 2);
  assert.deepEqual((await store.reads.listShipmentsOfOrder('s', '1001')).map((p) => p.trackingNumber), ['1ZB', '1ZA'], 'in the order they were created');

  // Written by this version: a body-only change keeps the keys; a key that changes moves its entry.
  const [stored] = await store.reads.findOrdersByNumber('s', '1002', 1);
  await store.transact((tx) => tx.saveOrders([{ ...stored!, facts: { ...stored!.facts, total: '10.00' } }]));
  assert.deepEqual(refs(await store.reads.findOrdersByContact('s', { email: 'jane@example.com' }, 10)), ['1001', '1002'], 'a body-only change keeps the order findable');
  assert.equal((await store.reads.findOrdersByNumber('s', '1002', 1))[0]?.facts.total, '10.00', 'and writes the body');
  await store.transact((tx) => tx.saveOrders([{ ...stored!, facts: { ...stored!.facts, customer: { email: 'new@example.com' } } }]));
  assert.deepEqual(refs(await store.reads.findOrdersByContact('s', { email: 'jane@example.com' }, 10)), ['1001']);
  assert.deepEqual(refs(await store.reads.findOrdersByContact('s', { email: 'new@example.com' }, 10)), ['1002']);
  // A parcel that moves to another order, and one whose creation time is corrected, are listed where they now belong.
  const [first, second] = await store.reads.listShipmentsOfOrder('s', '1001');
  await store.transact((tx) => tx.saveShipments([{ ...first!, orderRef: '1002' }, { ...second!, createdAt: '2026-11-01T00:00:00.000Z' }]));
  assert.deepEqual((await store.reads.listShipmentsOfOrder('s', '1002')).map((p) => p.trackingNumber), ['1ZB']);
  assert.deepEqual((await store.reads.listShipmentsOfOrder('s', '1001')).map((p) => [p.trackingNumber, p.createdAt]), [['1ZA', '2026-11-01T00:00:00.000Z']]);
  await store.close();
});

test('0009 counts the events already stored, per store, and the count then follows every insert but a duplicate', async () => {
  const file = join(folder, 'upgrade-0009.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of readMigrationFiles('sqlite').filter((f) => f.version <= 8)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, 'x');
  }
  const insert = db.prepare("INSERT INTO events (store_id, source, event_id, type, occurred_at, received_at, body) VALUES (?, 'api', ?, 'order.placed', 'x', 'x', '{}')");
  for (let i = 0; i < 5; i += 1) insert.run('acme', `a${i}`);
  for (let i = 0; i < 2; i += 1) insert.run('globex', `g${i}`);
  db.close();

  const store = openSqliteStore({ file, clock: createFakeClock() });
  assert.deepEqual((await store.migrate()).applied, ['0009_event_counts']);
  assert.equal(await store.reads.countEvents('acme'), 5);
  assert.equal(await store.reads.countEvents('globex'), 2);
  assert.equal(await store.reads.countEvents('initech'), 0, 'a store with no events counts none');
  const row = (storeId: string, id: string) => ({ event: { id, store_id: storeId, source: 'api', type: 'order.placed', occurred_at: '2026-11-20T10:00:00.000Z', received_at: '2026-11-20T10:00:01.000Z', order_ref: '1', data: {} }, trackingNumber: null }) as unknown as EventRow;
  assert.deepEqual(await store.transact((tx) => tx.insertEvents([row('acme', 'a0'), row('acme', 'a9'), row('initech', 'i1')])), [false, true, true]);
  assert.equal(await store.reads.countEvents('acme'), 6, 'the duplicate is not counted');
  assert.equal(await store.reads.countEvents('initech'), 1);
  await assert.rejects(store.transact(async (tx) => {
    await tx.insertEvents([row('acme', 'a10')]);
    throw new Error('boom');
  }), /boom/);
  assert.equal(await store.reads.countEvents('acme'), 6, 'a rolled-back insert is not counted');
  await store.close();
});
