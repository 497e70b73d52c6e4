// The scorecard counts the store's local days (its `time_zone` setting), not UTC days: an order,
// a WISMO ticket or a tracking page visit late in the evening in Los Angeles is already the next
// day in UTC, and belongs to the merchant's evening. Run on both stores.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openPostgresStore } from '../../src/adapters/store/postgres/open-postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/open-sqlite-store.ts';
import { buildScorecard } from '../../src/app/scorecard.ts';
import { createPageVisitCounter } from '../../src/app/tracking-page.ts';
import type { OrderRecord, OrderTicket } from '../../src/core/order/order-record.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../support/postgres-server.ts';

const LA = 'America/Los_Angeles';
// 02:00 on Saturday 2026-11-21 in Los Angeles (UTC-8).
const NOW = Date.parse('2026-11-21T10:00:00Z');

const folder = mkdtempSync(join(tmpdir(), 'herald-scorecard-'));
let cluster: PostgresCluster | null = null;
after(async () => {
  rmSync(folder, { recursive: true, force: true });
  await cluster?.stop();
});

function order(ref: string, placedAt: string, tickets: OrderTicket[]): OrderRecord {
  return {
    storeId: 'acme', orderRef: ref, customerRef: null, facts: {}, promiseDate: null, placedAt, paidAt: null, fulfilledAt: null, cancelledAt: null, refundedAt: null,
    factsAsOf: placedAt, lastEventAt: '2026-11-21T08:00:00.000Z', createdAt: placedAt, updatedAt: placedAt, tickets,
  };
}

const wismo = (at: string, ticketId: string): OrderTicket => ({ source: 'zendesk', ticketId, at, intent: 'wismo' });

async function seed(store: Store): Promise<void> {
  await store.migrate();
  await store.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
  await store.transact((tx) =>
    tx.saveOrders([
      // 22:30 on Thursday 11-19 in Los Angeles, Friday 06:30 in UTC.
      order('late-evening', '2026-11-20T06:30:00.000Z', [wismo('2026-11-20T06:45:00.000Z', 't1'), wismo('2026-11-20T09:00:00.000Z', 't2')]),
      // Friday 11-20 at 23:59 in Los Angeles, Saturday 07:59 in UTC.
      order('friday-night', '2026-11-21T07:59:00.000Z', [wismo('2026-11-21T07:59:30.000Z', 't3')]),
    ]),
  );
}

function suite(name: string, open: () => Promise<Store>, skip: string | false) {
  describe(`scorecard days (${name})`, { skip }, () => {
    test('orders and WISMO tickets fall on the local day of the store, the range starts at its midnight', async () => {
      const store = await open();
      await seed(store);
      const local = await buildScorecard(store, 'acme', NOW, 2, LA);
      assert.equal(local.timeZone, LA);
      assert.deepEqual(local.dayKeys, ['2026-11-20', '2026-11-21']);
      assert.equal(local.from, '2026-11-20T08:00:00.000Z', 'Friday midnight in Los Angeles');
      assert.equal(local.to, '2026-11-22T08:00:00.000Z');
      assert.equal(local.orders, 1, 'the Thursday-evening order is before the range');
      assert.deepEqual(local.wismoPerDay, [{ day: '2026-11-20', count: 2 }, { day: '2026-11-21', count: 0 }]);

      const utc = await buildScorecard(store, 'acme', NOW, 2, 'UTC');
      assert.equal(utc.from, '2026-11-20T00:00:00.000Z');
      assert.equal(utc.orders, 2);
      assert.deepEqual(utc.wismoPerDay, [{ day: '2026-11-20', count: 2 }, { day: '2026-11-21', count: 1 }]);
      await store.close();
    });

    test('a tracking page visit is counted on the store\'s local date', async () => {
      const store = await open();
      await seed(store);
      // Friday 22:00 in Los Angeles, Saturday 06:00 in UTC.
      const visits = createPageVisitCounter(store, createFakeClock(Date.parse('2026-11-21T06:00:00Z')), { flushEveryMs: 60_000 });
      visits.count('acme', 'tracking', LA);
      visits.count('acme', 'tracking', LA);
      visits.count('acme', 'lookup', 'UTC');
      await visits.flush();
      assert.deepEqual(
        (await store.reads.listPageVisits('acme', '2026-11-01')).map((v) => [v.day, v.page, v.visits]),
        [['2026-11-20', 'tracking', 2], ['2026-11-21', 'lookup', 1]],
      );
      const card = await buildScorecard(store, 'acme', NOW, 2, LA);
      assert.deepEqual(card.visitsPerDay, [{ day: '2026-11-20', count: 2 }, { day: '2026-11-21', count: 1 }]);
      await store.close();
    });
  });
}

let sqliteFiles = 0;
suite('SQLite', async () => openSqliteStore({ file: join(folder, `scorecard-${++sqliteFiles}.sqlite`), clock: createFakeClock(NOW) }), false);

let databases = 0;
suite(
  'PostgreSQL',
  async () => {
    cluster ??= await startPostgresCluster();
    const url = await cluster.createDatabase(`scorecard_${++databases}`);
    return openPostgresStore({ url, clock: createFakeClock(NOW), eventRetentionMonths: 0, maintenanceIntervalMs: 0 });
  },
  postgresSkipReason() ?? false,
);
