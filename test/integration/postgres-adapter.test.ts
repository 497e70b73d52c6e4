// What the PostgreSQL adapter promises beyond the shared Store contract. Each store instance
// below has its own pool, so two instances behave like two Herald processes: writers of one order
// or parcel are serialized (even before its row exists) and others are not, deadlocks are
// retried, a swallowed statement failure never reads as a commit, jobs are claimed once, commits
// wake listeners elsewhere; and text PostgreSQL cannot store is refused with a clear error.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { ValidationError } from '../../src/core/errors.ts';
import { FINE_LOCK_LIMIT } from '../../src/adapters/store/postgres/sql/row-locks.ts';
import { openPostgresStore, type PostgresStore } from '../../src/adapters/store/postgres/open-postgres-store.ts';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import { canonicalEvent, row, shipmentPart } from '../support/events.ts';
import { notification } from '../contract/workflow-store-contract.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { postgresSkipReason, startPostgresServer, type PostgresDatabase } from '../support/postgres-server.ts';

const skip = postgresSkipReason() ?? false;
const NOW = Date.parse('2026-11-20T12:00:00Z');

let server: PostgresDatabase | null = null;
let admin: pg.Client | null = null;
const opened: PostgresStore[] = [];
after(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await admin?.end();
  await server?.stop();
});

async function open(onBackgroundError?: (error: unknown) => void): Promise<PostgresStore> {
  const store = await openPostgresStore({
    url: server!.url,
    clock: createFakeClock(NOW),
    eventRetentionMonths: 0,
    maintenanceIntervalMs: 0,
    ...(onBackgroundError ? { onBackgroundError } : {}),
  });
  opened.push(store);
  return store;
}

/** Resolves once `count` sessions wait on an advisory lock: proof of blocking, not a guess by time. */
async function advisoryWaiters(count: number): Promise<void> {
  await lockWaiters(count, 'advisory');
}

/** Resolves once `count` sessions wait on a lock of that kind (`advisory`, `transactionid` for a row another transaction holds). */
async function lockWaiters(count: number, kind: 'advisory' | 'transactionid'): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await admin!.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = $1`,
      [kind],
    );
    if ((rows[0]?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} sessions waited on a lock (${kind}) within 10 s`);
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

function order(ref: string, total: string): OrderRecord {
  return {
    storeId: 'acme',
    orderRef: ref,
    customerRef: null,
    facts: { total },
    promiseDate: null,
    placedAt: '2026-11-19T09:00:00.000Z',
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    factsAsOf: '2026-11-19T09:00:00.000Z',
    lastEventAt: '2026-11-19T09:00:00.000Z',
    createdAt: '2026-11-19T09:00:01.000Z',
    updatedAt: '2026-11-19T09:00:01.000Z',
  };
}

describe('PostgreSQL adapter beyond the shared contract', { skip }, () => {
  let a: PostgresStore;
  let b: PostgresStore;
  before(async () => {
    server = await startPostgresServer('concurrency');
    admin = new pg.Client({ connectionString: server!.url });
    await admin.connect();
    a = await open();
    b = await open();
    await a.migrate();
    await a.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  });

  test('a second writer of an order that does not exist yet waits, then reads what the first committed', async () => {
    const release = gate();
    const holding = gate();
    const first = a.transact(async (tx) => {
      const found = await tx.loadOrders('acme', ['o-new']);
      holding.open();
      await release.wait;
      await tx.saveOrders([order('o-new', '10.00')]);
      return found.size;
    });
    await holding.wait;
    let secondDone = false;
    const second = b.transact(async (tx) => (await tx.loadOrders('acme', ['o-new'])).get('o-new')).finally(() => {
      secondDone = true;
    });
    await advisoryWaiters(1);
    assert.equal(secondDone, false);
    release.open();
    assert.equal(await first, 0);
    assert.deepEqual((await second)?.facts, { total: '10.00' });
  });

  test('a second dispatcher of a notification waits for the first to record its attempt, then reads that attempt', async () => {
    await a.transact((tx) => tx.insertNotifications([notification({ id: 'ntf_lock', status: 'sending' })]));
    const release = gate();
    const holding = gate();
    const first = a.transact(async (tx) => {
      const found = await tx.loadNotification('acme', 'ntf_lock');
      holding.open();
      await release.wait;
      await tx.updateNotifications([{ ...found!, attempts: [{ at: '2026-11-20T12:00:00.000Z', provider: 'smtp', outcome: 'pending', reason: null }] }]);
    });
    await holding.wait;
    let secondDone = false;
    const second = b.transact((tx) => tx.loadNotification('acme', 'ntf_lock')).finally(() => {
      secondDone = true;
    });
    await lockWaiters(1, 'transactionid');
    assert.equal(secondDone, false);
    // Reads outside a transaction do not wait for it.
    assert.equal((await b.reads.getNotification('acme', 'ntf_lock'))?.attempts, undefined);
    release.open();
    await first;
    // Without the lock it would have read no attempt and called the provider a second time.
    assert.deepEqual((await second)?.attempts?.map((x) => x.outcome), ['pending']);
  });

  test('the kept event count follows what commits: not a rolled-back savepoint or transaction, not a duplicate', async () => {
    await a.admin.createStore({ id: 'counted', name: 'Counted', createdAt: '2026-11-01T00:00:00.000Z' });
    const ev = (id: string) => row(canonicalEvent({ id, store_id: 'counted' }));
    await a.transact(async (tx) => {
      await tx.insertEvents([ev('c1'), ev('c2')]);
      await assert.rejects(tx.savepoint(async () => {
        await tx.insertEvents([ev('c3')]);
        throw new Error('this part is undone');
      }));
      assert.deepEqual(await tx.insertEvents([ev('c1'), ev('c4')]), [false, true]);
    });
    assert.equal(await a.reads.countEvents('counted'), 3, 'c1, c2 and c4');
    await assert.rejects(b.transact(async (tx) => {
      await tx.insertEvents([ev('c5')]);
      throw new Error('rolled back');
    }));
    // Written from the other process (another connection, most likely another shard): the sum holds.
    await b.transact((tx) => tx.insertEvents([ev('c3'), ev('c6')]));
    assert.equal(await a.reads.countEvents('counted'), 5);
    assert.equal(await b.reads.countEvents('counted'), 5);
    const logged = await admin!.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE store_id = 'counted'");
    assert.equal(Number(logged.rows[0]!.n), 5, 'the count is the log\'s');
  });

  test('writers of different orders and parcels do not wait for each other', async () => {
    const release = gate();
    const holding = gate();
    const first = a.transact(async (tx) => {
      await tx.loadOrders('acme', ['o-1']);
      await tx.loadShipments('acme', ['1ZAAA']);
      holding.open();
      await release.wait;
    });
    await holding.wait;
    await b.transact(async (tx) => {
      await tx.loadOrders('acme', ['o-2']);
      await tx.loadShipments('acme', ['1ZBBB']);
      await tx.saveOrders([order('o-2', '5.00')]);
    });
    release.open();
    await first;
    assert.ok(await a.reads.getOrder('acme', 'o-2'));
  });

  test(`a call over more than ${FINE_LOCK_LIMIT} keys excludes small calls on any of them, both ways`, async () => {
    const many = Array.from({ length: FINE_LOCK_LIMIT + 50 }, (_, i) => `1ZBULK${i}`);
    for (const [big, small] of [[a, b], [b, a]] as const) {
      const release = gate();
      const holding = gate();
      const first = big.transact(async (tx) => {
        await tx.loadShipments('acme', many);
        holding.open();
        await release.wait;
      });
      await holding.wait;
      let smallDone = false;
      const second = small.transact((tx) => tx.loadShipments('acme', [many[123]!])).finally(() => {
        smallDone = true;
      });
      await advisoryWaiters(1);
      assert.equal(smallDone, false);
      release.open();
      await Promise.all([first, second]);
    }
    // And the other way round: a small call holds, the big one waits.
    const release = gate();
    const holding = gate();
    const smallFirst = a.transact(async (tx) => {
      await tx.loadShipments('acme', [many[7]!]);
      holding.open();
      await release.wait;
    });
    await holding.wait;
    const bigSecond = b.transact((tx) => tx.loadShipments('acme', many));
    await advisoryWaiters(1);
    release.open();
    await Promise.all([smallFirst, bigSecond]);
  });

  test('a deadlock between two processes is rolled back and retried until both commit', async () => {
    let arrived = 0;
    const both = gate();
    const arrive = () => {
      arrived += 1;
      if (arrived === 2) both.open();
    };
    let runs = 0;
    const first = a.transact(async (tx) => {
      runs += 1;
      await tx.loadOrders('acme', ['o-dead']);
      arrive();
      await both.wait;
      await tx.loadShipments('acme', ['1ZDEAD']);
      return 'first';
    });
    const second = b.transact(async (tx) => {
      runs += 1;
      await tx.loadShipments('acme', ['1ZDEAD']);
      arrive();
      await both.wait;
      await tx.loadOrders('acme', ['o-dead']);
      return 'second';
    });
    assert.deepEqual(await Promise.all([first, second]), ['first', 'second']);
    assert.equal(runs, 3, 'exactly one of them ran again');
  });

  test('a statement failure that `work` swallows still fails the transaction, and nothing commits', async () => {
    await assert.rejects(
      a.transact(async (tx) => {
        await tx.insertEvents([row(canonicalEvent({ id: 'kept-out' }))]);
        try {
          await tx.insertEvents([row(canonicalEvent({ id: 'bad-time', occurred_at: 'not a time' }))]);
        } catch {
          // ignored on purpose
        }
        return 'looks fine';
      }),
      /invalid input syntax for type timestamp/,
    );
    assert.equal(await a.reads.getEvent('acme', 'api', 'kept-out'), null);
  });

  test('an event with U+0000 or an unpaired surrogate is refused by name, and its batch stores nothing', async () => {
    const batch = [
      canonicalEvent({ id: 'clean' }),
      canonicalEvent({ id: 'nul', shipment: shipmentPart('1ZNUL', { message: 'scan\u0000ned' }) }),
      canonicalEvent({ id: 'half-emoji', attributes: { note: 'oops \ud83d' } }),
      canonicalEvent({ id: 'fine-emoji', attributes: { note: 'ok \ud83d\ude00 and a literal \\u0000' } }),
    ];
    await assert.rejects(a.transact((tx) => tx.insertEvents(batch.map(row))), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues.map((issue) => issue.field), ['[1]', '[2]']);
      assert.match(error.issues[0]!.reason, /event 'nul' contains U\+0000/);
      return true;
    });
    assert.equal(await a.reads.getEvent('acme', 'api', 'clean'), null);
    assert.deepEqual(await a.transact((tx) => tx.insertEvents([row(batch[3]!)])), [true]);
    assert.equal((await a.reads.getEvent('acme', 'api', 'fine-emoji'))?.event.attributes?.['note'], 'ok \ud83d\ude00 and a literal \\u0000');
  });

  test('rate buckets are shared by every process: concurrent takes from two stores get every slot once, in order', async () => {
    const [x, y] = [await open(), await open()];
    const limit = { perSecond: 10, burst: 2 };
    const key = 'acme\u001fsms\u001fshared';
    const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? x : y).rateBuckets.take(key, limit, NOW)));
    assert.deepEqual(
      taken.map((t) => t.atMs - NOW).sort((p, q) => p - q),
      [0, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000],
      'the burst at once, then one slot every 100 ms: no slot handed to both',
    );
    const guards = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? x : y).rateBuckets.tryTake(`${key}\u001fguard`, { perSecond: 10, burst: 3 }, NOW)));
    assert.equal(guards.filter((g) => g.waitMs === 0).length, 3, 'the guard lets its burst go across both, no more');
  });

  test('workers in several processes claim each due job exactly once', async () => {
    const others = [a, b, await open(), await open()];
    const jobs = Array.from({ length: 400 }, (_, i) => ({ storeId: 'acme', kind: 'shipment.stall_check' as const, key: `claim-${i}`, dueAtMs: NOW - i, payload: {} }));
    await a.transact((tx) => tx.scheduleJobs(jobs));
    const claimedBy = await Promise.all(
      others.map(async (store, index) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await store.jobs.claimDue(NOW, 25, 60_000, `w${index}`);
          if (batch.length === 0) return mine;
          mine.push(...batch.map((job) => job.key));
        }
      }),
    );
    const all = claimedBy.flat();
    assert.equal(all.length, 400);
    assert.equal(new Set(all).size, 400);
    assert.ok(claimedBy.filter((mine) => mine.length > 0).length >= 2, 'the work was shared');
  });

  test('only a commit that schedules a job due within a second notifies, and only at commit', async () => {
    const raw = new pg.Client({ connectionString: server!.url });
    await raw.connect();
    try {
      const heard: string[] = [];
      let onHeard: () => void = () => {};
      raw.on('notification', (message) => {
        heard.push(message.payload ?? '');
        onHeard();
      });
      await raw.query('LISTEN herald_jobs');
      // Notifications arrive in commit order, so once the marker is heard, anything the commits
      // before it sent has been heard too.
      const untilMarker = async () => {
        await admin!.query(`SELECT pg_notify('herald_jobs', 'marker')`);
        while (!heard.includes('marker')) await new Promise<void>((resolve) => (onHeard = resolve));
        const before = heard.splice(0, heard.length);
        return before.slice(0, before.indexOf('marker'));
      };

      await a.transact((tx) => tx.scheduleJobs([{ storeId: 'acme', kind: 'shipment.stall_check', key: 'later', dueAtMs: NOW + 3_600_000, payload: {} }]));
      assert.deepEqual(await untilMarker(), [], 'a job due in an hour sends nothing');

      const release = gate();
      const scheduled = gate();
      const pending = a.transact(async (tx) => {
        await tx.scheduleJobs([{ storeId: 'acme', kind: 'shipment.stall_check', key: 'soon', dueAtMs: NOW + 500, payload: {} }]);
        scheduled.open();
        await release.wait;
      });
      await scheduled.wait;
      assert.deepEqual(await untilMarker(), [], 'nothing before the commit');
      release.open();
      await pending;
      assert.deepEqual(await untilMarker(), [''], 'one notification at the commit');
    } finally {
      await raw.end();
    }
  });

  test('onWake hears commits of other processes, and its connection comes back after it is cut', { timeout: 15_000 }, async () => {
    const errors: unknown[] = [];
    const listening = await open((error) => errors.push(error));
    let onWake: () => void = () => {};
    const unsubscribe = listening.jobs.onWake(() => onWake());
    const nextWake = () => new Promise<void>((resolve) => (onWake = resolve));

    await nextWake(); // connected (a connect wakes too: notifications sent before it were lost)
    const woken = nextWake();
    await b.transact((tx) => tx.scheduleJobs([{ storeId: 'acme', kind: 'shipment.stall_check', key: 'soon-1', dueAtMs: NOW, payload: {} }]));
    await woken;

    const reconnected = nextWake();
    await admin!.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN herald_jobs'`);
    await reconnected;
    assert.ok(errors.length >= 1, 'the lost connection was reported');
    const again = nextWake();
    await b.transact((tx) => tx.scheduleJobs([{ storeId: 'acme', kind: 'shipment.stall_check', key: 'soon-2', dueAtMs: NOW, payload: {} }]));
    await again;
    unsubscribe();
  });
});
