// The Store contract: every adapter (SQLite, PostgreSQL) runs this same suite unchanged.

import assert from 'node:assert/strict';
import { describe, test, before, after, beforeEach } from 'node:test';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { ShipmentRecord } from '../../src/core/shipment/shipment-record.ts';
import { EMPTY_TRUTH } from '../../src/core/shipment/shipment-truth.ts';
import { canonicalEvent, row, shipmentPart } from '../support/events.ts';

export interface StoreFactory {
  /** A fresh, empty, migrated-or-not store for one test file. */
  open(): Promise<Store>;
  /** Drop everything the store holds, so each test starts empty. */
  reset(store: Store): Promise<void>;
}

const T0 = Date.parse('2026-11-20T12:00:00Z');

/**
 * The set-up every contract suite shares: one store opened and migrated for the suite, emptied
 * before each test and given the stores `acme` and `globex`, closed at the end.
 */
export function useContractStore(factory: StoreFactory, opened: (store: Store) => void): void {
  let store: Store | undefined;
  before(async () => {
    store = await factory.open();
    await store.migrate();
    opened(store);
  });
  after(async () => store?.close());
  beforeEach(async () => {
    await factory.reset(store!);
    await store!.admin.createStore({ id: 'acme', name: 'Acme', createdAt: '2026-11-01T00:00:00.000Z' });
    await store!.admin.createStore({ id: 'globex', name: 'Globex', createdAt: '2026-11-01T00:00:00.000Z' });
  });
}

export function runStoreContract(name: string, factory: StoreFactory, skip: string | false = false): void {
  describe(`Store contract: ${name}`, { skip }, () => {
    let store: Store;
    useContractStore(factory, (opened) => (store = opened));

    test('migrating again applies nothing', async () => {
      const again = await store.migrate();
      assert.deepEqual(again.applied, []);
      assert.ok(again.current >= 1);
    });

    test('stores and API keys round-trip, and a revoked key stays revoked', async () => {
      assert.deepEqual((await store.admin.listStores()).map((s) => s.id), ['acme', 'globex']);
      assert.equal((await store.admin.getStore('nope')), null);
      await store.admin.createApiKey({ id: 'key_1', storeId: 'acme', prefix: 'hk_abc', keyHash: 'h1', name: 'ci', createdAt: '2026-11-02T00:00:00.000Z', revokedAt: null });
      assert.equal((await store.admin.findApiKeyByHash('h1'))?.storeId, 'acme');
      assert.equal(await store.admin.revokeApiKey('globex', 'key_1', '2026-11-03T00:00:00.000Z'), false, 'another store cannot revoke it');
      assert.equal(await store.admin.revokeApiKey('acme', 'key_1', '2026-11-03T00:00:00.000Z'), true);
      assert.equal((await store.admin.findApiKeyByHash('h1'))?.revokedAt, '2026-11-03T00:00:00.000Z');
      assert.equal((await store.admin.listApiKeys('acme')).length, 1);
      assert.equal((await store.admin.listApiKeys('globex')).length, 0);
    });

    test('an event id is accepted once per store and source, and stores are isolated', async () => {
      const first = canonicalEvent({ id: 'e1', store_id: 'acme', order_ref: '820982911946154508' });
      const inserted = await store.transact((tx) => tx.insertEvents([row(first), row(first), row({ ...first, source: 'shopify' })]));
      assert.deepEqual(inserted, [true, false, true]);
      const again = await store.transact((tx) => tx.insertEvents([row(first), row({ ...first, store_id: 'globex' })]));
      assert.deepEqual(again, [false, true]);
      assert.equal(await store.reads.countEvents('acme'), 2);
      assert.equal(await store.reads.countEvents('globex'), 1);
      const stored = await store.reads.getEvent('acme', 'api', 'e1');
      assert.equal(stored?.event.order_ref, '820982911946154508', 'ids above 2^53 survive as strings');
      assert.equal(await store.reads.getEvent('globex', 'shopify', 'e1'), null);
    });

    test('a transaction that throws leaves nothing behind, while its neighbours commit', async () => {
      const failing = store.transact(async (tx) => {
        await tx.insertEvents([row(canonicalEvent({ id: 'doomed' }))]);
        throw new Error('boom');
      });
      const fine = store.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: 'kept' }))]));
      await assert.rejects(failing, /boom/);
      assert.deepEqual(await fine, [true]);
      assert.equal(await store.reads.getEvent('acme', 'api', 'doomed'), null);
      assert.ok(await store.reads.getEvent('acme', 'api', 'kept'));
    });

    test('a savepoint that throws undoes only its own writes; the transaction goes on and commits', async () => {
      const outcome = await store.transact(async (tx) => {
        await tx.insertEvents([row(canonicalEvent({ id: 'before' }))]);
        await assert.rejects(
          tx.savepoint(async () => {
            await tx.insertEvents([row(canonicalEvent({ id: 'inside' }))]);
            await tx.scheduleJobs([job('inside', T0)]);
            throw new Error('part failed');
          }),
          /part failed/,
        );
        const kept = await tx.savepoint(async () => tx.insertEvents([row(canonicalEvent({ id: 'nested-ok' }))]));
        await tx.insertEvents([row(canonicalEvent({ id: 'after' }))]);
        return kept;
      });
      assert.deepEqual(outcome, [true]);
      for (const id of ['before', 'nested-ok', 'after']) assert.ok(await store.reads.getEvent('acme', 'api', id), `${id} committed`);
      assert.equal(await store.reads.getEvent('acme', 'api', 'inside'), null, 'the failed part left nothing');
      assert.equal((await store.jobs.stats(T0)).pending, 0, 'nor its job');
    });

    test('a savepoint whose statement fails (a constraint) is undone and the transaction still commits', async () => {
      await store.transact(async (tx) => {
        await assert.rejects(tx.savepoint(async () => {
          await tx.insertEvents([row(canonicalEvent({ id: 'in-bad-part' }))]);
          // NOT NULL violated: the database refuses the statement.
          await tx.insertEvents([row(canonicalEvent({ id: 'no-type', type: null as never }))]);
        }));
        await tx.insertEvents([row(canonicalEvent({ id: 'after-bad-part' }))]);
      });
      assert.equal(await store.reads.getEvent('acme', 'api', 'in-bad-part'), null);
      assert.ok(await store.reads.getEvent('acme', 'api', 'after-bad-part'));
    });

    test('afterCommit actions run once, after the commit, in order; those of a rolled-back part or transaction never run', async () => {
      const ran: string[] = [];
      // An action sees the committed data: it is the point of running it after the commit.
      const reads: Promise<string>[] = [];
      const seen = (id: string) => () => {
        ran.push(id);
        reads.push(store.reads.getEvent('acme', 'api', id).then((found) => `${id}: ${found ? 'committed' : 'missing'}`));
      };
      await store.transact(async (tx) => {
        await tx.insertEvents([row(canonicalEvent({ id: 'first' }))]);
        tx.afterCommit(seen('first'));
        await assert.rejects(
          tx.savepoint(async () => {
            tx.afterCommit(() => ran.push('in-failed-part'));
            throw new Error('part failed');
          }),
        );
        await tx.savepoint(async () => {
          await tx.insertEvents([row(canonicalEvent({ id: 'second' }))]);
          tx.afterCommit(seen('second'));
        });
        assert.deepEqual(ran, [], 'nothing runs before the commit');
      });
      await assert.rejects(
        store.transact(async (tx) => {
          tx.afterCommit(() => ran.push('in-failed-transaction'));
          throw new Error('transaction failed');
        }),
      );
      // Concurrent transactions (grouped into one commit on SQLite): only the failed one's action is dropped.
      await Promise.allSettled([
        store.transact(async (tx) => tx.afterCommit(() => ran.push('grouped-ok'))),
        store.transact(async (tx) => {
          tx.afterCommit(() => ran.push('grouped-failed'));
          throw new Error('one of the group failed');
        }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(ran, ['first', 'second', 'grouped-ok']);
      assert.deepEqual(await Promise.all(reads), ['first: committed', 'second: committed']);
    });

    test('cancelling pending jobs drops waiting ones by key, never a leased or dead one', async () => {
      await store.transact((tx) => tx.scheduleJobs([job('wait', T0 + 60_000), job('leased', T0), job('dead', T0), { ...job('wait', T0), storeId: 'globex' }]));
      const claimed = await store.jobs.claimDue(T0, 10, 30_000, 'w1');
      await store.jobs.releaseFailed(claimed.find((j) => j.key === 'dead' && j.storeId === 'acme')!, 'bad', null);
      await store.transact((tx) => tx.cancelPendingJobs('acme', ['wait', 'leased', 'dead', 'unknown']));
      const stats = await store.jobs.stats(T0);
      assert.equal(stats.dead, 1, 'the dead job is kept for the operator');
      assert.equal(stats.running, 2, "the leased job (and globex's, claimed too) are kept");
      assert.equal(stats.pending, 2, "acme's waiting job is gone; globex's leased one stays");
    });

    test('many concurrent transactions all commit', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.transact((tx) => tx.insertEvents([row(canonicalEvent({ id: `c${i}` }))]))),
      );
      assert.equal(results.filter((r) => r[0] === true).length, 200);
      assert.equal(await store.reads.countEvents('acme'), 200);
    });

    test('raw payloads keep their bytes exactly', async () => {
      const body = new Uint8Array([0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x7d, 0x0a, 0x00, 0xff]);
      const ref = await store.transact((tx) =>
        tx.archiveRaw({ storeId: 'acme', source: 'shopify', receivedAt: '2026-11-20T10:00:00.000Z', contentType: 'application/json', body, headers: { 'x-shopify-topic': 'orders/create' } }),
      );
      const raw = await store.reads.getRaw('acme', ref);
      assert.deepEqual(raw?.body, body);
      assert.equal(raw?.headers['x-shopify-topic'], 'orders/create');
      assert.ok(await store.reads.getRaw('acme', `${ref}#3`), 'a batch line reference resolves to its payload');
      assert.equal(await store.reads.getRaw('globex', ref), null, 'another store cannot read it');
    });

    test('orders and shipments round-trip and are scoped by store', async () => {
      const order = orderRecord('1001');
      const shipment = shipmentRecord('1Z999AA10123456784', '1001');
      await store.transact(async (tx) => {
        await tx.saveOrders([order]);
        await tx.saveShipments([shipment, { ...shipmentRecord('9400100000000000000000', '1001'), id: 'shp_2' }]);
      });
      assert.deepEqual(await store.reads.getOrder('acme', '1001'), order);
      assert.equal(await store.reads.getOrder('globex', '1001'), null);
      assert.deepEqual(await store.reads.getShipment('acme', '1Z999AA10123456784'), shipment);
      assert.equal((await store.reads.listShipmentsOfOrder('acme', '1001')).length, 2);
      const loaded = await store.transact(async (tx) => ({
        orders: await tx.loadOrders('acme', ['1001', 'missing']),
        shipments: await tx.loadShipments('acme', ['1Z999AA10123456784']),
        ofOrders: await tx.loadShipmentsOfOrders('acme', ['1001']),
        foreign: await tx.loadShipments('globex', ['1Z999AA10123456784']),
      }));
      assert.deepEqual([...loaded.orders.keys()], ['1001']);
      assert.equal(loaded.shipments.get('1Z999AA10123456784')?.id, shipment.id);
      assert.equal(loaded.ofOrders.length, 2);
      assert.equal(loaded.foreign.size, 0);
      const updated = { ...order, facts: { total: '99.00' }, updatedAt: '2026-11-21T00:00:00.000Z' };
      await store.transact((tx) => tx.saveOrders([updated]));
      assert.deepEqual(await store.reads.getOrder('acme', '1001'), updated);
    });

    test('a parcel\'s events come back in occurred_at order, and the order timeline includes events linked only by tracking number', async () => {
      const tn = '1Z999AA10123456784';
      await store.transact(async (tx) => {
        await tx.saveShipments([shipmentRecord(tn, '1001')]);
        await tx.insertEvents([
          row(canonicalEvent({ id: 'late', occurred_at: '2026-11-20T09:00:00.000Z', shipment: shipmentPart(tn) })),
          row(canonicalEvent({ id: 'placed', order_ref: '1001', occurred_at: '2026-11-19T09:00:00.000Z' })),
          row(canonicalEvent({ id: 'early', occurred_at: '2026-11-20T08:00:00.000Z', shipment: shipmentPart(tn, { state: 'label_created' }) })),
          row(canonicalEvent({ id: 'other', order_ref: '2002', occurred_at: '2026-11-20T08:30:00.000Z' })),
        ]);
      });
      const history = await store.transact((tx) => tx.loadShipmentEvents('acme', tn));
      assert.deepEqual(history.map((e) => e.id), ['early', 'late']);
      const timeline = await store.reads.listOrderEvents('acme', '1001', 100);
      assert.deepEqual(timeline.map((e) => e.event.id), ['placed', 'early', 'late']);
      assert.ok(timeline[1]!.seq > timeline[0]!.seq, 'seq follows acceptance order');
      assert.deepEqual((await store.reads.listShipmentEvents('acme', tn, 1)).map((e) => e.event.id), ['early']);
    });

    test('due jobs are claimed once under a lease, and superseding keeps the newer schedule', async () => {
      await store.transact((tx) =>
        tx.scheduleJobs([
          job('a', T0 - 1_000),
          job('b', T0 + 60_000),
          { ...job('c', T0 - 500), storeId: 'globex' },
        ]),
      );
      assert.equal(await store.jobs.nextDueAtMs(), T0 - 1_000);
      const first = await store.jobs.claimDue(T0, 10, 30_000, 'w1');
      assert.deepEqual(first.map((j) => j.key).sort(), ['a', 'c']);
      assert.ok(first.every((j) => j.attempts === 1 && j.lockedBy === 'w1'));
      assert.deepEqual(await store.jobs.claimDue(T0, 10, 30_000, 'w2'), [], 'leased jobs are not claimed twice');
      const stats = await store.jobs.stats(T0);
      assert.equal(stats.pending, 3);
      assert.equal(stats.due, 2);
      assert.equal(stats.running, 2);
      assert.equal(stats.oldestDueAgeMs, 1_000);

      const a = first.find((j) => j.key === 'a')!;
      await store.transact((tx) => tx.completeJobs([a]));
      const c = first.find((j) => j.key === 'c')!;
      await store.transact((tx) => tx.scheduleJobs([{ ...job('c', T0 + 5_000), storeId: 'globex' }]));
      await store.transact((tx) => tx.completeJobs([c]));
      assert.equal((await store.jobs.stats(T0)).pending, 2, 'a superseded job survives the completion of its older revision');
      const again = await store.jobs.claimDue(T0 + 5_000, 10, 30_000, 'w1');
      assert.deepEqual(again.map((j) => j.key), ['c']);
      assert.equal(again[0]!.attempts, 1, 'a superseded job starts its attempts afresh');
    });

    test('an expired lease lets another worker take the job, and the first can no longer complete it', async () => {
      await store.transact((tx) => tx.scheduleJobs([job('x', T0)]));
      const [mine] = await store.jobs.claimDue(T0, 1, 1_000, 'w1');
      const [theirs] = await store.jobs.claimDue(T0 + 1_001, 1, 1_000, 'w2');
      assert.equal(theirs?.key, 'x');
      assert.equal(theirs?.attempts, 2);
      await assert.rejects(store.transact((tx) => tx.completeJobs([mine!])), /lost its lease/);
      await store.transact((tx) => tx.completeJobs([theirs!]));
      assert.equal((await store.jobs.stats(T0 + 2_000)).pending, 0);
    });

    test('the jobs of a claim complete together; one lost lease completes none of them', async () => {
      await store.transact((tx) => tx.scheduleJobs([job('p', T0), job('q', T0), job('r', T0), job('s', T0)]));
      const claimed = await store.jobs.claimDue(T0, 10, 1_000, 'w1');
      const byKey = (key: string) => claimed.find((j) => j.key === key)!;
      // q is scheduled again while it runs: its completion only lets go of the lease.
      await store.transact((tx) => tx.scheduleJobs([job('q', T0 + 5_000)]));
      await store.transact((tx) => tx.completeJobs([byKey('p'), byKey('q')]));
      const left = await store.jobs.claimDue(T0 + 5_000, 10, 1_000, 'w2');
      assert.deepEqual(left.map((j) => j.key).sort(), ['q', 'r', 's'], 'p is gone, q waits at its new time, r and s were taken over after their lease');
      await assert.rejects(store.transact((tx) => tx.completeJobs([byKey('r'), byKey('s')])), /job \S+ \(r\) lost its lease/);
      const [r, s] = [left.find((j) => j.key === 'r')!, left.find((j) => j.key === 's')!];
      await store.transact((tx) => tx.completeJobs([s, r]));
      await store.transact((tx) => tx.completeJobs([]));
      assert.deepEqual((await store.jobs.claimDue(T0 + 60_000, 10, 1_000, 'w3')).map((j) => j.key), ['q']);
    });

    test('a failed job is retried later or parked as dead', async () => {
      await store.transact((tx) => tx.scheduleJobs([job('r', T0), job('d', T0)]));
      const claimed = await store.jobs.claimDue(T0, 10, 30_000, 'w1');
      await store.jobs.releaseFailed(claimed.find((j) => j.key === 'r')!, 'timeout', T0 + 10_000);
      await store.jobs.releaseFailed(claimed.find((j) => j.key === 'd')!, 'bad payload', null);
      assert.deepEqual(await store.jobs.claimDue(T0 + 9_999, 10, 30_000, 'w1'), []);
      const retried = await store.jobs.claimDue(T0 + 10_000, 10, 30_000, 'w1');
      assert.deepEqual(retried.map((j) => [j.key, j.attempts, j.lastError]), [['r', 2, 'timeout']]);
      const stats = await store.jobs.stats(T0 + 10_000);
      assert.equal(stats.dead, 1);
      assert.equal(stats.pending, 1);
    });

    test('a claim takes later pipeline stages first, yet every priority level gets a share', async () => {
      const kinds = ['shipment.stall_check', 'workflow.run', 'notification.send', 'notification.dispatch'] as const;
      // The timers are the oldest: oldest-due-first alone would claim only them.
      await store.transact((tx) =>
        tx.scheduleJobs(kinds.flatMap((kind, level) => Array.from({ length: 20 }, (_, i) => ({ ...job(`${kind}:${i}`, T0 - 100_000 + level * 10_000 + i), kind })))),
      );
      const small = await store.jobs.claimDue(T0, 16, 30_000, 'w1');
      const count = (claimed: readonly { kind: string }[], kind: string) => claimed.filter((j) => j.kind === kind).length;
      assert.deepEqual(kinds.map((kind) => count(small, kind)), [2, 2, 2, 10], 'each level its share (2 of 16), the rest to dispatch');
      const next = await store.jobs.claimDue(T0, 40, 30_000, 'w1');
      assert.deepEqual(kinds.map((kind) => count(next, kind)), [5, 7, 18, 10], 'the shares, then dispatch drained, then send, then runs');
      const firstRuns = small.filter((j) => j.kind === 'workflow.run').map((j) => j.key).sort();
      assert.deepEqual(firstRuns, ['workflow.run:0', 'workflow.run:1'], 'oldest first within a level');
    });

    test('claiming picks the earliest due jobs first and respects the limit', async () => {
      await store.transact((tx) => tx.scheduleJobs(Array.from({ length: 50 }, (_, i) => job(`j${i}`, T0 - i * 1_000))));
      const claimed = await store.jobs.claimDue(T0, 5, 30_000, 'w1');
      assert.deepEqual(claimed.map((j) => j.key).sort(), ['j45', 'j46', 'j47', 'j48', 'j49']);
    });

    test('source configs round-trip per store and source, and saving again replaces', async () => {
      const config = { storeId: 'acme', source: 'shopify', secret: 's1', urlToken: null, shopDomain: 'acme.myshopify.com', settings: null, createdAt: '2026-11-20T00:00:00.000Z' };
      await store.admin.saveSourceConfig(config);
      await store.admin.saveSourceConfig({ ...config, storeId: 'globex', secret: 'g1', shopDomain: null });
      await store.admin.saveSourceConfig({ ...config, source: 'shippo', secret: 's2', urlToken: 'tok', shopDomain: null });
      assert.deepEqual(await store.admin.getSourceConfig('acme', 'shopify'), config);
      assert.equal(await store.admin.getSourceConfig('acme', 'aftership'), null);
      await store.admin.saveSourceConfig({ ...config, secret: 'rotated' });
      assert.equal((await store.admin.getSourceConfig('acme', 'shopify'))?.secret, 'rotated');
      assert.deepEqual((await store.admin.listSourceConfigs('acme')).map((c) => c.source), ['shippo', 'shopify']);
      assert.equal((await store.admin.listSourceConfigs('acme'))[0]?.urlToken, 'tok');
      assert.deepEqual((await store.admin.listSourceConfigs(null)).map((c) => `${c.storeId}/${c.source}`), ['acme/shippo', 'acme/shopify', 'globex/shopify']);
      const settings = { kind: 'generic', auth: { type: 'hmac', header: 'x-signature' }, fields: { type: '"order.placed"' } };
      await store.admin.saveSourceConfig({ ...config, source: 'wms', settings });
      assert.deepEqual((await store.admin.getSourceConfig('acme', 'wms'))?.settings, settings, 'generic source settings round-trip');
    });

    test('the fulfillment map keeps the first tracking number per fulfillment, per store', async () => {
      await store.transact((tx) => tx.saveFulfillmentParcels('acme', new Map([['255858046', '1Z2345'], ['1', 'A1']])));
      await store.transact((tx) => tx.saveFulfillmentParcels('acme', new Map([['255858046', 'OTHER']])));
      const found = await store.transact((tx) => tx.loadFulfillmentParcels('acme', ['255858046', 'nope']));
      assert.deepEqual([...found], [['255858046', '1Z2345']]);
      assert.equal((await store.transact((tx) => tx.loadFulfillmentParcels('globex', ['255858046']))).size, 0);
    });

    test('quarantined payloads keep their bytes, list newest first, and are marked replayed per store', async () => {
      const body = new Uint8Array([0x7b, 0xff, 0x00, 0x7d]);
      const record = (id: string, receivedAt: string) => ({
        id,
        storeId: 'acme',
        source: 'aftership',
        receivedAt,
        contentType: 'application/json',
        body,
        headers: { 'aftership-hmac-sha256': 'abc' },
        error: { code: 'source_parse_failed', field: 'msg.tracking_number' },
        replayedAt: null,
        replayResult: null,
      });
      await store.transact(async (tx) => {
        await tx.quarantine(record('q_1', '2026-11-20T10:00:00.000Z'));
        await tx.quarantine(record('q_2', '2026-11-20T11:00:00.000Z'));
      });
      assert.deepEqual((await store.reads.listQuarantine('acme', 10)).map((q) => q.id), ['q_2', 'q_1']);
      assert.equal((await store.reads.listQuarantine('acme', 1)).length, 1);
      const one = await store.reads.getQuarantine('acme', 'q_1');
      assert.deepEqual(one?.body, body);
      assert.deepEqual(one?.headers, { 'aftership-hmac-sha256': 'abc' });
      assert.deepEqual(one?.error, { code: 'source_parse_failed', field: 'msg.tracking_number' });
      assert.equal(await store.reads.getQuarantine('globex', 'q_1'), null);
      assert.equal(await store.transact((tx) => tx.markReplayed('globex', 'q_1', '2026-11-21T00:00:00.000Z', { accepted: 1 })), false);
      assert.equal(await store.transact((tx) => tx.markReplayed('acme', 'q_1', '2026-11-21T00:00:00.000Z', { accepted: 1 })), true);
      const replayed = await store.reads.getQuarantine('acme', 'q_1');
      assert.equal(replayed?.replayedAt, '2026-11-21T00:00:00.000Z');
      assert.deepEqual(replayed?.replayResult, { accepted: 1 });
    });

    test('source stats add up per hour, keep the newest event time, and count unmapped codes', async () => {
      const delta = (hour: string, lastEventAt: string | null, extra: Partial<{ events: number; signatureFailures: number; unmappedCodes: Record<string, number> }> = {}) => ({
        storeId: 'acme',
        source: 'aftership',
        hour,
        events: extra.events ?? 0,
        signatureFailures: extra.signatureFailures ?? 0,
        parseFailures: 0,
        unmapped: Object.values(extra.unmappedCodes ?? {}).reduce((a, b) => a + b, 0),
        lastEventAt,
        unmappedCodes: extra.unmappedCodes ?? {},
      });
      await store.transact((tx) => tx.addSourceStats([delta('2026-11-20T10', '2026-11-20T10:30:00.000Z', { events: 3, unmappedCodes: { 'aftership:InTransit_999': 2 } })]));
      await store.transact((tx) => tx.addSourceStats([delta('2026-11-20T10', '2026-11-20T10:10:00.000Z', { events: 2, unmappedCodes: { 'aftership:InTransit_999': 1 } })]));
      await store.transact((tx) => tx.addSourceStats([delta('2026-11-20T11', null, { signatureFailures: 1 }), { ...delta('2026-11-20T11', '2026-11-20T11:05:00.000Z', { events: 1 }), storeId: 'globex' }]));
      const rows = await store.reads.listSourceStats('acme', '2026-11-20T00');
      assert.deepEqual(rows, [
        { source: 'aftership', hour: '2026-11-20T10', events: 5, signatureFailures: 0, parseFailures: 0, unmapped: 3, lastEventAt: '2026-11-20T10:30:00.000Z' },
        { source: 'aftership', hour: '2026-11-20T11', events: 0, signatureFailures: 1, parseFailures: 0, unmapped: 0, lastEventAt: null },
      ]);
      assert.equal((await store.reads.listSourceStats('acme', '2026-11-20T11')).length, 1);
      assert.deepEqual([...(await store.reads.lastEventTimes('acme'))], [['aftership', '2026-11-20T10:30:00.000Z']]);
      assert.deepEqual(await store.reads.listUnmappedCodes('acme'), [{ source: 'aftership', code: 'aftership:InTransit_999', count: 3, lastSeenAt: '2026-11-20T10:30:00.000Z' }]);
      assert.deepEqual(await store.reads.listUnmappedCodes('globex'), []);
    });
  });
}

function job(key: string, dueAtMs: number) {
  return { storeId: 'acme', kind: 'shipment.stall_check' as const, key, dueAtMs, payload: { trackingNumber: key } };
}

function orderRecord(ref: string): OrderRecord {
  return {
    storeId: 'acme',
    orderRef: ref,
    customerRef: '7390571430123456789',
    facts: { total: '129.90', currency: 'EUR', tags: ['VIP'], destination: { country: 'DE', city: 'Berlin' } },
    promiseDate: '2026-11-25T00:00:00.000Z',
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

export function shipmentRecord(trackingNumber: string, orderRef: string | null): ShipmentRecord {
  return {
    id: `shp_${trackingNumber}`,
    storeId: 'acme',
    trackingNumber,
    carrier: 'ups',
    carrierCandidates: [],
    carrierAmbiguous: false,
    orderRef,
    truth: { ...EMPTY_TRUTH, state: 'in_transit', stateSince: '2026-11-20T08:00:00.000Z', lastScanAt: '2026-11-20T08:00:00.000Z' },
    createdAt: '2026-11-20T08:00:01.000Z',
    updatedAt: '2026-11-20T08:00:01.000Z',
  };
}
