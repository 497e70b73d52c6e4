// GET /v1/context: one customer's recent orders for a support agent, found by email, phone, order
// or tracking number, in Herald's JSON, as Gorgias widget data and as flat Zendesk fields; bad
// queries answer 400 naming the field, an unknown customer 404 naming what was searched.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CaseRecord } from '../../src/core/cases/case-record.ts';
import type { NotificationRecord } from '../../src/core/notifications/notification-record.ts';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

// A Shopify order id above 2^53: as a JSON number it would lose its last digits.
const ORDER = '820982911946154508';
const OLDER = '820982911946150001';
const UPS = '1Z999AA10123456784';
const DHL = '1234567890';

interface Context {
  query: { field: string; value: string };
  time_zone: string;
  summary: string;
  orders: {
    ref: string;
    number: string | null;
    matched: boolean;
    status: string;
    shipments: { tracking_number: string; carrier: string; carrier_name: string; state: string; state_words: string; last_scan_place: string | null; estimated_delivery_at: string | null }[];
    messages: { channel: string; milestone: string; status: string; sent: boolean; at: string }[];
    open_cases: { reason: string; summary: string; team: string; priority: string }[];
    summary: string;
  }[];
}

describe('agent context', () => {
  let h: TestHerald;
  before(async () => {
    // The pack's runs stay queued (never fired here): the messages below are exactly the ones inserted.
    h = await startTestHerald({ HERALD_INLINE_RUN_EVENTS: '0' });
    await post(h, { id: 'old-placed', type: 'order.placed', occurred_at: '2026-11-02T10:00:00Z', order_ref: OLDER, order: { number: '#998', total: '19.00', currency: 'USD', customer: { email: 'jane.doe@example.com' } } });
    await post(h, { id: 'old-cancelled', type: 'order.cancelled', occurred_at: '2026-11-02T11:00:00Z', order_ref: OLDER });
    await post(h, {
      id: 'placed',
      type: 'order.placed',
      occurred_at: '2026-11-17T15:00:00Z',
      order_ref: ORDER,
      customer_ref: '7390571430123456789',
      order: {
        number: '#1001',
        total: '249.00',
        currency: 'USD',
        customer: { email: 'Jane.Doe@Example.com', phone: '+1 (718) 555-0134', first_name: 'Jane' },
        destination: { name: 'Jane Doe', city: 'Brooklyn', region: 'NY', postal_code: '11201', country: 'US' },
      },
    });
    await post(h, { id: 'other-customer', type: 'order.placed', occurred_at: '2026-11-18T15:00:00Z', order_ref: 'X-1', order: { number: '#1002', customer: { email: 'john@example.com' } } });
    await post(h, { id: 'ups-label', type: 'fulfillment.created', occurred_at: '2026-11-18T10:00:00Z', order_ref: ORDER, shipment: { carrier: 'ups', tracking_number: UPS, state: 'label_created' } });
    await post(h, {
      id: 'ups-ofd',
      type: 'shipment.updated',
      occurred_at: '2026-11-20T09:12:00Z',
      order_ref: ORDER,
      shipment: { tracking_number: UPS, state: 'out_for_delivery', estimated_delivery_at: '2026-11-20T20:00:00Z', location: { city: 'Brooklyn', region: 'NY', country: 'US' } },
    });
    await post(h, { id: 'dhl-transit', type: 'shipment.updated', occurred_at: '2026-11-18T18:00:00Z', order_ref: ORDER, shipment: { carrier: 'dhl', tracking_number: DHL, state: 'in_transit', location: { city: 'Leipzig', country: 'DE' } } });
    await post(h, { id: 'dhl-delivered', type: 'shipment.updated', occurred_at: '2026-11-19T14:05:00Z', order_ref: ORDER, shipment: { tracking_number: DHL, state: 'delivered', location: { city: 'Brooklyn', region: 'NY', country: 'US' } } });
    await h.herald.store.transact(async (tx) => {
      await tx.insertNotifications([
        notification({ id: 'ntf_shipped', milestone: 'shipped', milestoneKey: `shipped:${UPS}`, trackingNumber: UPS, sentAt: '2026-11-18T10:05:00.000Z', status: 'delivered' }),
        notification({ id: 'ntf_delivered', milestone: 'delivered', milestoneKey: `delivered:${DHL}`, trackingNumber: DHL, sentAt: '2026-11-19T14:10:00.000Z', status: 'opened' }),
        notification({ id: 'ntf_ofd', milestone: 'out_for_delivery', milestoneKey: `out_for_delivery:${UPS}`, trackingNumber: UPS, channel: 'sms', recipient: '+17185550134', sentAt: '2026-11-20T09:15:00.000Z', status: 'sent' }),
      ]);
      await tx.openCase(openCase());
    });
  });
  after(async () => h.close());

  const context = async (query: string, key?: string) => {
    const response = await h.request(`/v1/context?${query}`, key === undefined ? {} : { key });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test('an email in any case finds the customer\'s recent orders, newest first, each parcel and message in words', async () => {
    const { status, body } = await context(`email=${encodeURIComponent('JANE.DOE@example.COM')}`);
    assert.equal(status, 200, JSON.stringify(body));
    const view = body as unknown as Context;
    assert.deepEqual(view.orders.map((o) => o.ref), [ORDER, OLDER], 'the other customer\'s order is not among them');
    const [order, older] = view.orders;
    assert.equal(order!.number, '#1001');
    assert.equal(order!.status, 'partially_delivered');
    assert.deepEqual(order!.shipments.map((s) => [s.carrier_name, s.tracking_number, s.state]), [['UPS', UPS, 'out_for_delivery'], ['DHL', DHL, 'delivered']]);
    assert.equal(order!.shipments[0]!.estimated_delivery_at, '2026-11-20T20:00:00.000Z');
    assert.deepEqual(order!.messages.map((m) => [m.milestone, m.channel, m.status, m.sent]), [
      ['shipped', 'email', 'delivered', true],
      ['delivered', 'email', 'opened', true],
      ['out_for_delivery', 'sms', 'sent', true],
    ]);
    assert.deepEqual(order!.open_cases.map((k) => [k.reason, k.team, k.priority]), [['delivery_attempted', 'support', 'high']]);
    assert.equal(older!.status, 'cancelled');
    assert.match(order!.summary, /^Order #1001 \(placed 17 Nov\): Some parcels have been delivered, 2 parcels\./);
    assert.match(order!.summary, /UPS 1Z999AA10123456784: out for delivery today, last scan 09:12 today in Brooklyn, NY, expected 20 Nov\./);
    assert.match(order!.summary, /DHL 1234567890: delivered on 19 Nov at 14:05 in Brooklyn, NY\./);
    assert.match(order!.summary, /We sent 3 messages: shipped by email on 18 Nov \(delivered\), delivered by email on 19 Nov \(opened\), out for delivery by SMS on 20 Nov \(sent\)\./);
    assert.match(order!.summary, /Open case: The carrier tried to deliver but could not \(support, high priority\)\./);
    assert.match(view.summary, /Other recent orders: #998 \(cancelled\)\.$/);
    const text = JSON.stringify(body);
    for (const personal of ['555', '+1718', 'Jane Doe', '11201', 'first_name']) assert.ok(!text.includes(personal), `no ${personal} in the answer`);
  });

  test('a phone in another format finds the same orders; a national number without its country code does not', async () => {
    for (const phone of ['+1 718-555-0134', '1 (718) 555 0134', '+17185550134']) {
      const { status, body } = await context(`phone=${encodeURIComponent(phone)}`);
      assert.equal(status, 200, phone);
      assert.deepEqual((body as unknown as Context).orders.map((o) => o.ref), [ORDER], `${phone}: only the order that has the phone`);
    }
    assert.equal((await context(`phone=${encodeURIComponent('(718) 555-0134')}`)).status, 404);
  });

  test('an order ref or number, and a tracking number in any case, find the order with the customer\'s other orders', async () => {
    for (const query of [`order=${ORDER}`, 'order=1001', `order=${encodeURIComponent('#1001')}`, `tracking=${UPS.toLowerCase()}`, `tracking=${DHL}`]) {
      const { status, body } = await context(query);
      assert.equal(status, 200, query);
      const view = body as unknown as Context;
      assert.deepEqual(view.orders.map((o) => [o.ref, o.matched]), [[ORDER, true], [OLDER, false]], query);
      assert.match(view.summary, /^Order #1001/);
    }
    assert.deepEqual(((await context(`tracking=${UPS.toLowerCase()}`)).body as unknown as Context).query, { field: 'tracking', value: UPS });
  });

  test('format=gorgias answers widget data: sections of text fields and lists of cards', async () => {
    const { status, body } = await context('email=jane.doe@example.com&format=gorgias');
    assert.equal(status, 200);
    const widget = body as {
      herald: Record<string, string>;
      latest_order: Record<string, unknown> & { parcels: Record<string, string>[]; messages: Record<string, string>[]; open_cases: Record<string, string>[] };
      orders: { order: string }[];
    };
    assert.equal(widget.herald['searched'], 'email: jane.doe@example.com');
    assert.equal(widget.herald['order_count'], '2');
    assert.match(widget.herald['summary']!, /^Order #1001/);
    assert.equal(widget.latest_order['order'], '#1001');
    assert.deepEqual(widget.latest_order.parcels.map((p) => [p['carrier'], p['tracking_number'], p['status']]), [['UPS', UPS, 'Out for delivery today'], ['DHL', DHL, 'Delivered']]);
    assert.equal(widget.latest_order.parcels[0]!['last_scan_place'], 'Brooklyn, NY');
    assert.deepEqual(widget.latest_order.messages.map((m) => [m['milestone'], m['channel']]), [['Shipped', 'email'], ['Delivered', 'email'], ['Out for delivery', 'SMS']]);
    assert.equal(widget.latest_order.open_cases[0]!['priority'], 'high');
    assert.deepEqual(widget.orders.map((o) => o.order), ['#1001', '#998']);
    assertLeavesAreStrings(widget);
  });

  test('format=zendesk answers flat string fields with ISO times, plus the orders as flat rows', async () => {
    const { status, body } = await context(`tracking=${DHL}&format=zendesk`);
    assert.equal(status, 200);
    const { orders, ...flat } = body as Record<string, unknown> & { orders: Record<string, unknown>[] };
    assert.equal(flat['searched_field'], 'tracking');
    assert.equal(flat['order_number'], '#1001');
    assert.equal(flat['order_ref'], ORDER);
    assert.equal(flat['order_status'], 'partially_delivered');
    assert.equal(flat['tracking_numbers'], `${UPS}, ${DHL}`);
    assert.equal(flat['carriers'], 'UPS, DHL');
    assert.equal(flat['messages_sent'], '3');
    assert.equal(flat['last_message_at'], '2026-11-20T09:15:00.000Z');
    assert.equal(flat['placed_at'], '2026-11-17T15:00:00.000Z');
    assert.equal(flat['parcel_1_last_scan_at'], '2026-11-20T09:12:00.000Z');
    assert.equal(flat['open_case_count'], '1');
    assert.ok(Object.values(flat).every((v) => typeof v === 'string'), 'every top-level field is a string');
    assert.deepEqual(orders.map((o) => o['order_number']), ['#1001', '#998']);
    assert.ok(orders.every((o) => Object.values(o).every((v) => typeof v === 'string')));
  });

  test('bad queries answer 400 naming the field', async () => {
    const cases: [string, string[]][] = [
      ['', ['query']],
      ['email=jane.doe@example.com&phone=%2B17185550134', ['email', 'phone']],
      ['email=jane.doe', ['email']],
      ['email=', ['email']],
      ['phone=call-me-maybe', ['phone']],
      ['phone=12', ['phone']],
      ['tracking=1Z', ['tracking']],
      ['email=jane.doe@example.com&format=freshdesk', ['format']],
    ];
    for (const [query, fields] of cases) {
      const { status, body } = await context(query);
      assert.equal(status, 400, query);
      const error = body['error'] as { code: string; issues: { field: string }[] };
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.issues.map((i) => i.field), fields, query);
    }
  });

  test('an unknown customer answers 404 naming what was searched; another store\'s key finds nothing; no key is refused', async () => {
    const { status, body } = await context('email=nobody@example.com');
    assert.equal(status, 404);
    const error = body['error'] as { code: string; message: string; details: { searched: unknown } };
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /no order found for email 'nobody@example\.com'/);
    assert.deepEqual(error.details.searched, { field: 'email', value: 'nobody@example.com' });
    assert.equal((await context('order=999999')).status, 404);
    assert.equal((await context('tracking=1Z999AA10000000000')).status, 404);

    const otherKey = await h.addStore('globex');
    assert.equal((await context('email=jane.doe@example.com', otherKey)).status, 404);
    assert.equal((await context(`order=${ORDER}`, otherKey)).status, 404);
    assert.equal((await h.request('/v1/context?email=jane.doe@example.com', { key: null })).status, 401);
  });

  test('for Gorgias an unknown customer is a 200 that says so: Gorgias switches integrations off after repeated failures', async () => {
    const { status, body } = await context('email=nobody@example.com&format=gorgias');
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['herald']);
    assert.equal((body['herald'] as { found: string }).found, 'no');
    assert.match((body['herald'] as { searched: string }).searched, /email: nobody@example\.com/);
  });
});

/** One event a second later than the one before, so parcels are first seen in the order posted. */
async function post(h: TestHerald, event: Record<string, unknown>): Promise<void> {
  h.clock.advance(1_000);
  const response = await h.request('/v1/events', jsonBody(event));
  assert.equal(response.status, 201, await response.clone().text());
}

function assertLeavesAreStrings(value: unknown, path = '$'): void {
  if (Array.isArray(value)) value.forEach((item, i) => assertLeavesAreStrings(item, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) assertLeavesAreStrings(v, `${path}.${k}`);
  else assert.equal(typeof value, 'string', `${path} is a string`);
}

function notification(overrides: Partial<NotificationRecord> & Pick<NotificationRecord, 'id' | 'milestone' | 'milestoneKey' | 'sentAt' | 'status'>): NotificationRecord {
  const at = overrides.sentAt!;
  return {
    storeId: 'default',
    orderRef: ORDER,
    trackingNumber: null,
    channel: 'email',
    recipient: 'jane.doe@example.com',
    statusReason: null,
    critical: false,
    purpose: 'transactional',
    workflowId: 'shipping-updates',
    workflowVersion: 1,
    runKey: `shipping-updates:${ORDER}`,
    stepIndex: 0,
    locale: 'en',
    timeZone: 'America/New_York',
    subject: 'Your order is on its way',
    body: 'Hi Jane, your parcel is on its way.',
    html: null,
    dueAt: at,
    createdAt: at,
    updatedAt: at,
    history: [
      { at, status: 'sending', reason: null },
      { at, status: 'sent', reason: null },
    ],
    provider: 'outbox',
    providerMessageId: `msg_${overrides.id}`,
    attempts: [{ at, provider: 'outbox', outcome: 'sent', reason: null }],
    ...overrides,
  };
}

function openCase(): CaseRecord {
  return {
    id: 'case_1',
    storeId: 'default',
    orderRef: ORDER,
    reason: 'delivery_attempted',
    summary: 'The carrier tried to deliver but could not',
    team: 'support',
    priority: 'high',
    status: 'open',
    assignee: null,
    openedAt: '2026-11-20T09:20:00.000Z',
    slaDueAt: '2026-11-20T17:20:00.000Z',
    resolvedAt: null,
    outcome: null,
    openedBy: 'workflow:shipping-updates',
    evidence: [{ at: '2026-11-20T09:20:00.000Z', kind: 'event', ref: 'api:ups-ofd', summary: 'Out for delivery' }],
    updatedAt: '2026-11-20T09:20:00.000Z',
  };
}
