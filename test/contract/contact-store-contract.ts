// The Store contract for finding orders by contact (email, phone) and by the storefront's order
// number: what GET /v1/context searches with. Every adapter (SQLite, PostgreSQL) runs this same
// suite unchanged, next to store-contract.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventOrder } from '../../src/core/events/canonical-event.ts';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { useContractStore, type StoreFactory } from './store-contract.ts';

// Shopify order ids exceed 2^53: as numbers, these two would be the same id.
const TWO_53 = '9007199254740992';
const TWO_53_PLUS_1 = '9007199254740993';

export function runContactStoreContract(name: string, factory: StoreFactory, skip: string | false = false): void {
  describe(`Contact store contract: ${name}`, { skip }, () => {
    let store: Store;
    useContractStore(factory, (opened) => (store = opened));

    const save = (...orders: OrderRecord[]) => store.transact((tx) => tx.saveOrders(orders));
    const refsByContact = async (contact: { email?: string; phone?: string }, limit = 10, storeId = 'acme') =>
      (await store.reads.findOrdersByContact(storeId, contact, limit)).map((o) => o.orderRef);

    test('an email finds the customer\'s orders whatever its case and surrounding spaces', async () => {
      await save(
        order('1001', { customer: { email: 'Jane.Doe@Example.COM' } }),
        order('1002', { customer: { email: 'jane.doe@example.com' } }),
        order('1003', { customer: { email: 'john@example.com' } }),
        order('1004', {}),
      );
      assert.deepEqual(await refsByContact({ email: 'jane.doe@example.com' }), ['1002', '1001']);
      assert.deepEqual(await refsByContact({ email: '  JANE.DOE@example.com ' }), ['1002', '1001']);
      assert.deepEqual(await refsByContact({ email: 'jane@example.com' }), [], 'no partial or fuzzy match');
      const [found] = await store.reads.findOrdersByContact('acme', { email: 'john@example.com' }, 10);
      assert.deepEqual(found, order('1003', { customer: { email: 'john@example.com' } }), 'the whole record comes back as saved');
    });

    test('a phone finds the customer\'s orders however it is formatted, by its digits', async () => {
      await save(
        order('1001', { customer: { phone: '+1 (718) 555-0134' } }),
        order('1002', { customer: { phone: '1.718.555.0134' } }),
        order('1003', { customer: { phone: '+4915112345678' } }),
        order('1004', { customer: { phone: '' } }),
      );
      for (const written of ['+17185550134', '1 718 555 0134', '+1-718-555-0134', '(1) 718/555 0134']) {
        assert.deepEqual(await refsByContact({ phone: written }), ['1002', '1001'], written);
      }
      assert.deepEqual(await refsByContact({ phone: '+49 151 1234 5678' }), ['1003']);
      assert.deepEqual(await refsByContact({ phone: '7185550134' }), [], 'a national number does not guess its country code');
      assert.deepEqual(await refsByContact({ phone: '' }), [], 'an empty phone matches nothing, not the order with an empty one');
    });

    test('email and phone together find the orders of either, each once', async () => {
      await save(
        order('1001', { customer: { email: 'jane@example.com', phone: '+4915112345678' } }),
        order('1002', { customer: { email: 'jane@example.com' } }, '2026-11-18T09:00:00.000Z'),
        order('1003', { customer: { phone: '+49 151 12345678' } }, '2026-11-17T09:00:00.000Z'),
        order('1004', { customer: { email: 'other@example.com', phone: '+4917000000000' } }),
      );
      assert.deepEqual(await refsByContact({ email: 'JANE@example.com', phone: '49 151 1234 5678' }), ['1001', '1002', '1003']);
      assert.deepEqual(await refsByContact({}), [], 'no contact finds nothing');
    });

    test('newest placed first (an order never placed counts from when it was first seen), at most limit', async () => {
      const email = { customer: { email: 'jane@example.com' } };
      await save(
        order('a', email, '2026-11-10T09:00:00.000Z'),
        order('b', email, '2026-11-12T09:00:00.000Z'),
        { ...order('c', email, null), createdAt: '2026-11-14T09:00:00.000Z' },
        order('d', email, '2026-11-11T09:00:00.000Z'),
        order('e', email, '2026-11-12T09:00:00.000Z'),
      );
      assert.deepEqual(await refsByContact({ email: 'jane@example.com' }), ['c', 'e', 'b', 'd', 'a'], 'equal times fall back to the ref, newest first');
      assert.deepEqual(await refsByContact({ email: 'jane@example.com' }, 2), ['c', 'e']);
    });

    test('one store never finds another store\'s orders, by contact or by number', async () => {
      await save(order('1001', { number: '#1001', customer: { email: 'jane@example.com', phone: '+4915112345678' } }));
      await save({ ...order('1001', { number: '#1001', customer: { email: 'jane@example.com', phone: '+4915112345678' } }), storeId: 'globex' });
      await save({ ...order('2001', { number: '#2001', customer: { email: 'jane@example.com' } }), storeId: 'globex' });
      const inAcme = await store.reads.findOrdersByContact('acme', { email: 'jane@example.com', phone: '+4915112345678' }, 10);
      assert.deepEqual(inAcme.map((o) => [o.storeId, o.orderRef]), [['acme', '1001']]);
      assert.deepEqual((await store.reads.findOrdersByNumber('acme', '2001', 10)).map((o) => o.orderRef), []);
      assert.deepEqual((await store.reads.findOrdersByNumber('globex', '2001', 10)).map((o) => [o.storeId, o.orderRef]), [['globex', '2001']]);
      assert.deepEqual(await refsByContact({ email: 'jane@example.com' }, 10, 'nobody'), []);
    });

    test('an order number is found with or without its #, in any case, newest first', async () => {
      await save(
        order('5001', { number: '#1001' }, '2026-11-10T09:00:00.000Z'),
        order('5002', { number: 'R-2002' }),
        order('5003', { number: '1001' }, '2026-11-15T09:00:00.000Z'),
        order('5004', {}),
      );
      const numbers = async (n: string, limit = 10) => (await store.reads.findOrdersByNumber('acme', n, limit)).map((o) => o.orderRef);
      assert.deepEqual(await numbers('1001'), ['5003', '5001'], 'two sources may reuse a number: both are found');
      assert.deepEqual(await numbers('#1001', 1), ['5003']);
      assert.deepEqual(await numbers(' r-2002 '), ['5002']);
      assert.deepEqual(await numbers('100'), [], 'no prefix match');
    });

    test('refs above 2^53 come back as the exact strings they were saved as', async () => {
      const email = { customer: { email: 'jane@example.com', phone: '+4915112345678' }, number: '#1001' };
      await save(order(TWO_53, email, '2026-11-10T09:00:00.000Z'), order(TWO_53_PLUS_1, email, '2026-11-11T09:00:00.000Z'));
      const found = await store.reads.findOrdersByContact('acme', { phone: '+49 151 123 456 78' }, 10);
      assert.deepEqual(found.map((o) => o.orderRef), [TWO_53_PLUS_1, TWO_53]);
      assert.ok(found.every((o) => typeof o.orderRef === 'string' && typeof o.customerRef === 'string'));
      assert.equal(found[0]!.customerRef, '7390571430999999999');
      assert.deepEqual((await store.reads.findOrdersByNumber('acme', '1001', 10)).map((o) => o.orderRef), [TWO_53_PLUS_1, TWO_53]);
    });

    test('a changed email moves the order to the new address at once (the columns follow the body)', async () => {
      await save(order('1001', { customer: { email: 'old@example.com' } }));
      await save(order('1001', { customer: { email: 'New@Example.com' } }));
      assert.deepEqual(await refsByContact({ email: 'old@example.com' }), []);
      assert.deepEqual(await refsByContact({ email: 'new@example.com' }), ['1001']);
    });
  });
}

function order(ref: string, facts: EventOrder, placedAt: string | null = '2026-11-19T09:00:00.000Z'): OrderRecord {
  return {
    storeId: 'acme',
    orderRef: ref,
    customerRef: '7390571430999999999',
    facts: { total: '129.90', currency: 'EUR', ...facts },
    promiseDate: null,
    placedAt,
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    factsAsOf: '2026-11-19T09:00:00.000Z',
    lastEventAt: '2026-11-19T09:00:00.000Z',
    createdAt: '2026-11-01T09:00:01.000Z',
    updatedAt: '2026-11-19T09:00:01.000Z',
  };
}
