// PostgreSQL schema lifecycle: concurrent migration, refusing a newer schema, fresh install vs.
// step-by-step upgrade, and the event log's monthly partitions (creation, strays, retention).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { SchemaAheadError } from '../../src/core/errors.ts';
import { readMigrationFiles } from '../../src/adapters/store/migration-files.ts';
import { migratePostgres } from '../../src/adapters/store/postgres/migrate-postgres.ts';
import { openPostgresStore, type PostgresStore } from '../../src/adapters/store/postgres/open-postgres-store.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { canonicalEvent, row } from '../support/events.ts';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../support/postgres-server.ts';

const skip = postgresSkipReason() ?? false;
const NOW = Date.parse('2026-11-20T12:00:00Z');

let cluster: PostgresCluster | null = null;
const opened: PostgresStore[] = [];
after(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await cluster?.stop();
});

async function freshStore(url: string, eventRetentionMonths = 0): Promise<PostgresStore> {
  const store = await openPostgresStore({ url, clock: createFakeClock(NOW), eventRetentionMonths, maintenanceIntervalMs: 0 });
  opened.push(store);
  return store;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function partitionsOf(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  });
}

/** Everything that makes up the schema, in a stable order, for comparing two databases. */
async function schemaOf(url: string): Promise<Record<string, unknown[]>> {
  return withClient(url, async (client) => {
    const read = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await read(`SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, is_identity, collation_name
                           FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`),
      indexes: await read(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`),
      constraints: await read(`SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                               WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
      sequences: await read(`SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
                             WHERE sequence_schema = 'public' ORDER BY 1`),
      partitions: await read(`SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c
                              WHERE c.relispartition AND c.relnamespace = 'public'::regnamespace ORDER BY 1`),
      migrations: await read('SELECT version, name FROM schema_migrations ORDER BY version'),
    };
  });
}

describe('PostgreSQL migrations', { skip }, () => {
  before(async () => {
    cluster = await startPostgresCluster();
  });

  test('three processes migrating at once apply each migration exactly once', async () => {
    const url = await cluster!.createDatabase('migrate_race');
    const stores = await Promise.all([1, 2, 3].map(() => freshStore(url)));
    const outcomes = await Promise.all(stores.map((store) => store.migrate()));
    const files = readMigrationFiles('postgres');
    const applied = outcomes.flatMap((o) => o.applied).sort();
    assert.deepEqual(applied, files.map((f) => `${String(f.version).padStart(4, '0')}_${f.name}`));
    assert.ok(outcomes.every((o) => o.current === files.at(-1)!.version));
    const versions = await withClient(url, async (c) => (await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1')).rows);
    assert.deepEqual(versions.map((v) => v.version), files.map((f) => f.version));
    assert.deepEqual((await Promise.all(stores.map((s) => s.migrate()))).map((o) => o.applied), [[], [], []]);
  });

  test('a database migrated by a newer Herald is refused, untouched', async () => {
    const url = await cluster!.createDatabase('migrate_ahead');
    const store = await freshStore(url);
    await store.migrate();
    const latest = readMigrationFiles('postgres').at(-1)!.version;
    await withClient(url, (c) => c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [latest + 1, 'from_the_future', '2027-01-01T00:00:00.000Z']));
    const before = await schemaOf(url);
    await assert.rejects(store.migrate(), (error: unknown) => {
      assert.ok(error instanceof SchemaAheadError);
      assert.equal(error.code, 'schema_ahead');
      assert.deepEqual(error.details, { databaseVersion: latest + 1, codeVersion: latest });
      assert.match(error.message, /upgrade Herald/);
      return true;
    });
    assert.deepEqual(await schemaOf(url), before);
  });

  test('a fresh install has the same schema as one upgraded one migration at a time', async () => {
    const files = readMigrationFiles('postgres');
    const freshUrl = await cluster!.createDatabase('fresh');
    await (await freshStore(freshUrl)).migrate();

    const upgradedUrl = await cluster!.createDatabase('upgraded');
    const pool = new pg.Pool({ connectionString: upgradedUrl, max: 1 });
    try {
      for (let known = 1; known <= files.length; known += 1) {
        const outcome = await migratePostgres(pool, files.slice(0, known), '2026-11-20T12:00:00.000Z');
        assert.equal(outcome.applied.length, 1, `step ${known} applies one migration`);
      }
    } finally {
      await pool.end();
    }
    assert.deepEqual((await (await freshStore(upgradedUrl)).migrate()).applied, []);
    assert.deepEqual(await schemaOf(upgradedUrl), await schemaOf(freshUrl));
  });

  test('the kept event counts start from the log an older Herald wrote', async () => {
    const files = readMigrationFiles('postgres');
    const countsAt = files.findIndex((f) => f.name === 'event_counts');
    assert.ok(countsAt > 0);
    const olderUrl = await cluster!.createDatabase('older');
    const pool = new pg.Pool({ connectionString: olderUrl, max: 1 });
    try {
      await migratePostgres(pool, files.slice(0, countsAt), '2026-11-20T12:00:00.000Z');
      // What the older Herald had written: two months of one store, one of another.
      await pool.query(
        `INSERT INTO events (seq, store_id, source, event_id, type, occurred_at, received_at, body)
         SELECT nextval('events_seq'), s, 'api', s || '-' || g, 'order.placed', at::timestamptz, at::timestamptz, '{}'
         FROM (VALUES ('acme', '2026-10-31T23:59:59Z', 3), ('acme', '2026-11-01T00:00:00Z', 2), ('globex', '2026-11-15T00:00:00Z', 4)) AS v (s, at, n),
              generate_series(1, n) AS g`,
      );
    } finally {
      await pool.end();
    }
    const upgraded = await freshStore(olderUrl);
    assert.deepEqual((await upgraded.migrate()).applied.length, files.length - countsAt);
    assert.equal(await upgraded.reads.countEvents('acme'), 5);
    assert.equal(await upgraded.reads.countEvents('globex'), 4);
    const months = await withClient(olderUrl, async (c) => (await c.query<{ store_id: string; month: string; events: string }>("SELECT store_id, to_char(month, 'YYYY-MM') AS month, events::text FROM event_counts ORDER BY 1, 2")).rows);
    assert.deepEqual(months.map((r) => [r.store_id, r.month, r.events]), [['acme', '2026-10', '3'], ['acme', '2026-11', '2'], ['globex', '2026-11', '4']], 'by UTC month of received_at');
    await upgraded.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'after-upgrade', store_id: 'acme' }))]));
    assert.equal(await upgraded.reads.countEvents('acme'), 6);
  });
});

describe('PostgreSQL event partitions', { skip }, () => {
  let url: string;
  let store: PostgresStore;
  before(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase('partitions');
    store = await freshStore(url);
    await store.migrate();
    await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  });

  test('migrate creates the partitions of the current month and the next three', async () => {
    const names = await partitionsOf(url);
    for (const month of ['events_p202611', 'events_p202612', 'events_p202701', 'events_p202702']) assert.ok(names.includes(month), `${month} in ${names.join(', ')}`);
    assert.ok(names.includes('events_default'));
    const stored = await store.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'now', received_at: '2026-11-20T12:00:00.000Z' }))]));
    assert.deepEqual(stored, [true]);
    const where = await withClient(url, async (c) => (await c.query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM events WHERE event_id = 'now'`)).rows[0]?.t);
    assert.equal(where, 'events_p202611');
  });

  test('events received in months far in the past or future are accepted, then moved into their own partition', async () => {
    const far = [
      canonicalEvent({ id: 'future', received_at: '2099-06-15T08:00:00.000Z', occurred_at: '2099-06-15T07:00:00.000Z' }),
      canonicalEvent({ id: 'past', received_at: '1999-01-02T08:00:00.000Z', occurred_at: '1998-12-31T23:00:00.000Z' }),
    ];
    assert.deepEqual(await store.transact((tx) => tx.insertEvents(far.map(row))), [true, true]);
    assert.equal((await store.reads.getEvent('acme', 'api', 'future'))?.event.received_at, '2099-06-15T08:00:00.000Z');
    // The commit asked for maintenance in the background; an explicit run settles it.
    await store.ensureEventPartitions();
    const names = await partitionsOf(url);
    assert.ok(names.includes('events_p209906') && names.includes('events_p199901'), names.join(', '));
    const strays = await withClient(url, async (c) => (await c.query<{ n: string }>('SELECT count(*) AS n FROM events_default')).rows[0]?.n);
    assert.equal(strays, '0');
    assert.equal((await store.reads.getEvent('acme', 'api', 'past'))?.event.occurred_at, '1998-12-31T23:00:00.000Z');
    assert.deepEqual(await store.transact((tx) => tx.insertEvents(far.map(row))), [false, false], 'dedupe still holds after the move');
  });

  test('reads and inserts running while strays move into new partitions neither miss rows nor fail', async () => {
    // Strays are written with plain SQL: through a store, the commit would move them at once.
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    const insertRaw = (month: string, count: number) =>
      raw.query(
        `INSERT INTO events (seq, store_id, source, event_id, type, occurred_at, received_at, body)
         SELECT nextval('events_seq'), 'acme', 'raw', $1 || '-' || g || '-' || nextval('events_seq'), 'order.placed', $2::timestamptz, $2::timestamptz, '{}'
         FROM generate_series(1, $3::int) AS g`,
        [month, `${month}-01T00:00:00Z`, count],
      );
    // The log itself is counted: the store's countEvents reads the kept counts (migration 0009).
    const reader = new pg.Pool({ connectionString: url, max: 3 });
    const logCount = async () => Number((await reader.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE store_id = 'acme'")).rows[0]!.n);
    let misses = 0;
    let writeErrors = 0;
    try {
      for (const month of ['2097-01', '2097-02', '2097-03', '2097-04']) {
        await insertRaw(month, 20);
        const before = await logCount();
        let moving = true;
        const reads = Array.from({ length: 3 }, async () => {
          while (moving) if ((await logCount()) < before) misses += 1;
        });
        const writes = (async () => {
          while (moving) await insertRaw(month, 1).catch(() => (writeErrors += 1));
        })();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.ensureEventPartitions();
        moving = false;
        await Promise.all([...reads, writes]);
      }
    } finally {
      await raw.end();
      await reader.end();
    }
    assert.equal(misses, 0, 'no read saw fewer events than were committed before the move');
    assert.equal(writeErrors, 0, 'no insert failed while its month was being attached');
    const names = await partitionsOf(url);
    assert.ok(['events_p209701', 'events_p209702', 'events_p209703', 'events_p209704'].every((n) => names.includes(n)));
  });

  test('retention drops whole months older than the limit, with their dedupe entries', async () => {
    const retaining = await freshStore(url, 6);
    await retaining.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'old', received_at: '2026-04-30T23:59:59.999Z' }))]));
    await retaining.ensureEventPartitions();
    assert.ok((await partitionsOf(url)).includes('events_p202604'));

    const counted = await retaining.reads.countEvents('acme');
    const dropped = await retaining.dropExpiredEventPartitions(NOW);
    assert.deepEqual(dropped.sort(), ['events_p199901', 'events_p202604']);
    assert.equal(await retaining.reads.countEvents('acme'), counted - 2, "the dropped months' events ('past', 'old') leave the kept count");
    const names = await partitionsOf(url);
    assert.ok(!names.includes('events_p202604') && !names.includes('events_p199901'));
    assert.ok(names.includes('events_p202611') && names.includes('events_p209906'), 'recent and future months stay');
    assert.equal(await retaining.reads.getEvent('acme', 'api', 'old'), null);
    assert.ok(await retaining.reads.getEvent('acme', 'api', 'now'));
    const ids = await withClient(url, async (c) => (await c.query<{ event_id: string }>(`SELECT event_id FROM event_ids WHERE event_id IN ('old', 'past', 'future', 'now') ORDER BY 1`)).rows.map((r) => r.event_id));
    assert.deepEqual(ids, ['future', 'now']);
    assert.deepEqual(await store.dropExpiredEventPartitions(NOW), [], 'retention 0 keeps everything');
  });

  test('a drop that stopped after detaching is finished by the next run', async () => {
    const retaining = await freshStore(url, 6);
    await retaining.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'halfway', received_at: '2025-01-10T00:00:00.000Z' }))]));
    await retaining.ensureEventPartitions();
    await withClient(url, (c) => c.query('ALTER TABLE events DETACH PARTITION events_p202501'));
    assert.deepEqual(await retaining.dropExpiredEventPartitions(NOW), ['events_p202501']);
    const left = await withClient(url, async (c) => (await c.query(`SELECT to_regclass('events_p202501') AS t`)).rows[0]?.t);
    assert.equal(left, null);
    assert.deepEqual(await retaining.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'halfway', received_at: '2026-11-20T00:00:00.000Z' }))])), [true]);
  });
});
