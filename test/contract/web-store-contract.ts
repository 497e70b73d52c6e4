// The Store contract for the web pages: orders by tracking token, page visit counters, dashboard
// users (unique email per store) and sessions (by the hash of their cookie, expiring). Every
// adapter runs this same suite unchanged.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionRecord, UserRecord } from '../../src/core/admin/user-record.ts';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { ShipmentRecord } from '../../src/core/shipment/shipment-record.ts';
import { shipmentRecord, useContractStore, type StoreFactory } from './store-contract.ts';

export function runWebStoreContract(name: string, factory: StoreFactory, skip: string | false = false): void {
  describe(`Web store contract: ${name}`, { skip }, () => {
    let store: Store;
    useContractStore(factory, (opened) => (store = opened));

    test('an order is found by its tracking token, whatever the store; an unknown token finds nothing', async () => {
      await store.transact((tx) => tx.saveOrders([order('acme', '9007199254740993', 'tok_acme_AAAAAAAAAAAAAA'), order('globex', '1001', 'tok_globex_BBBBBBBBBBBB'), order('acme', '1002', undefined)]));
      const found = await store.reads.findOrderByTrackingToken('tok_acme_AAAAAAAAAAAAAA');
      assert.equal(found?.storeId, 'acme');
      assert.equal(found?.orderRef, '9007199254740993', 'an id above 2^53 survives as a string');
      assert.equal((await store.reads.findOrderByTrackingToken('tok_globex_BBBBBBBBBBBB'))?.storeId, 'globex');
      assert.equal(await store.reads.findOrderByTrackingToken('tok_nope'), null);
    });

    test("a tracking page's stamp names the store and changes when the order or any of its parcels changes", async () => {
      const placed = order('acme', '2001', 'tok_stamp_CCCCCCCCCCCCC');
      await store.transact((tx) => tx.saveOrders([placed, order('acme', '2002', 'tok_other_DDDDDDDDDDDDD')]));
      const first = await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC');
      assert.equal(first?.storeId, 'acme');
      assert.deepEqual(await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC'), first, 'the same while nothing changes');
      assert.equal(await store.reads.trackingPageStamp('tok_nope_EEEEEEEEEEEEEE'), null);

      await store.transact((tx) => tx.saveShipments([parcel('1ZSTAMP0001', '2001', 1)]));
      const shipped = await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC');
      assert.notEqual(shipped?.stamp, first?.stamp, 'a new parcel');
      await store.transact((tx) => tx.saveShipments([parcel('1ZSTAMP0002', '2001', 1)]));
      const split = await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC');
      assert.notEqual(split?.stamp, shipped?.stamp, 'a second parcel');
      assert.deepEqual(await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC'), split, 'two parcels in a stable order');
      await store.transact((tx) => tx.saveShipments([parcel('1ZSTAMP0001', '2001', 2)]));
      const scanned = await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC');
      assert.notEqual(scanned?.stamp, split?.stamp, 'one more event folded into a parcel');
      await store.transact((tx) => tx.saveShipments([parcel('1ZSTAMP0003', '2002', 1)]));
      assert.deepEqual(await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC'), scanned, "another order's parcel changes nothing");
      await store.transact((tx) => tx.saveOrders([{ ...placed, cancelledAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-01T09:00:00.000Z' }]));
      assert.notEqual((await store.reads.trackingPageStamp('tok_stamp_CCCCCCCCCCCCC'))?.stamp, scanned?.stamp, 'the order changed');
    });

    test('page visits add up per store, day and page, and read back oldest first from a day on', async () => {
      await store.admin.addPageVisits([
        { storeId: 'acme', day: '2026-11-30', page: 'tracking', visits: 3 },
        { storeId: 'acme', day: '2026-12-01', page: 'tracking', visits: 2 },
        { storeId: 'globex', day: '2026-12-01', page: 'tracking', visits: 9 },
      ]);
      await store.admin.addPageVisits([{ storeId: 'acme', day: '2026-12-01', page: 'tracking', visits: 5 }, { storeId: 'acme', day: '2026-12-01', page: 'lookup', visits: 1 }]);
      assert.deepEqual(await store.reads.listPageVisits('acme', '2026-12-01'), [
        { storeId: 'acme', day: '2026-12-01', page: 'lookup', visits: 1 },
        { storeId: 'acme', day: '2026-12-01', page: 'tracking', visits: 7 },
      ]);
      assert.equal((await store.reads.listPageVisits('acme', '2026-01-01')).length, 3);
    });

    test('a user email is unique per store, not across stores; users round-trip and can be changed', async () => {
      assert.equal(await store.admin.createUser(user('usr_1', 'acme', 'mia@acme.example')), true);
      assert.equal(await store.admin.createUser(user('usr_2', 'acme', 'mia@acme.example')), false, 'the same email twice in a store is refused');
      assert.equal(await store.admin.createUser(user('usr_3', 'globex', 'mia@acme.example')), true, 'another store may have the same person');
      assert.deepEqual(await store.admin.findUserByEmail('acme', 'MIA@acme.example'), user('usr_1', 'acme', 'mia@acme.example'));
      assert.equal(await store.admin.findUserByEmail('acme', 'nobody@acme.example'), null);
      await store.admin.saveUser({ ...user('usr_1', 'acme', 'mia@acme.example'), role: 'viewer', disabledAt: '2026-12-01T00:00:00.000Z' });
      assert.equal((await store.admin.getUser('usr_1'))?.role, 'viewer');
      assert.deepEqual((await store.admin.listUsers('acme')).map((u) => u.id), ['usr_1']);
    });

    test('sessions are found by the hash of their cookie, deleted on sign-out, and expired ones are swept', async () => {
      await store.admin.createSession(session('h1', '2026-12-01T12:00:00.000Z'));
      await store.admin.createSession(session('h2', '2026-12-02T12:00:00.000Z'));
      assert.equal((await store.admin.getSession('h1'))?.csrfToken, 'csrf-h1');
      await store.admin.deleteSession('h1');
      assert.equal(await store.admin.getSession('h1'), null);
      await store.admin.createSession(session('h3', '2026-12-01T06:00:00.000Z'));
      assert.equal(await store.admin.deleteExpiredSessions('2026-12-01T12:00:00.000Z'), 1);
      assert.equal(await store.admin.getSession('h3'), null);
      assert.notEqual(await store.admin.getSession('h2'), null);
    });
  });
}

function order(storeId: string, orderRef: string, trackingToken: string | undefined): OrderRecord {
  return {
    storeId,
    orderRef,
    customerRef: null,
    facts: { number: orderRef },
    placedAt: '2026-11-30T10:00:00.000Z',
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    promiseDate: null,
    factsAsOf: '2026-11-30T10:00:00.000Z',
    lastEventAt: '2026-11-30T10:00:00.000Z',
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...(trackingToken ? { trackingToken } : {}),
  };
}

function parcel(trackingNumber: string, orderRef: string, observationCount: number): ShipmentRecord {
  const record = shipmentRecord(trackingNumber, orderRef);
  return { ...record, truth: { ...record.truth, observationCount } };
}

function user(id: string, storeId: string, email: string): UserRecord {
  return { id, storeId, email, name: 'Mia', role: 'owner', passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', createdAt: '2026-11-30T10:00:00.000Z', disabledAt: null };
}

function session(idHash: string, expiresAt: string): SessionRecord {
  return { idHash, userId: 'usr_1', storeId: 'acme', csrfToken: `csrf-${idHash}`, createdAt: '2026-11-30T10:00:00.000Z', expiresAt };
}
