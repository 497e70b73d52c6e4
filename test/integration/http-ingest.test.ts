// The ingest API over HTTP (in-process): validation, duplicates, limits, batches, store scoping.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

const placed = (id: string, ref = '1001', extra: Record<string, unknown> = {}) => ({
  id,
  type: 'order.placed',
  occurred_at: '2026-11-20T10:00:00Z',
  order_ref: ref,
  order: { total: '129.90', currency: 'eur', tags: ['VIP'], customer: { email: 'ada@example.com', first_name: 'Ada' } },
  ...extra,
});

describe('POST /v1/events', () => {
  let h: TestHerald;
  before(async () => (h = await startTestHerald({ HERALD_MAX_BODY_BYTES: '200000', HERALD_MAX_BATCH_EVENTS: '50' })));
  after(async () => h.close());

  test('a new event is stored durably and answered 201', async () => {
    const response = await h.request('/v1/events', jsonBody(placed('evt-1')));
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), { id: 'evt-1', source: 'api', duplicate: false });
    const stored = await h.herald.store.reads.getEvent('default', 'api', 'evt-1');
    assert.equal(stored?.event.order?.currency, 'EUR');
  });

  test('a ticket, a receipt or an opt-out naming an unknown order is kept but creates no order', async () => {
    for (const [id, type, attributes] of [
      ['t-1', 'ticket.created', { ticket_id: '9', text: 'where is it?' }],
      ['m-1', 'message.opened', { notification_id: 'ntf_x' }],
    ] as const) {
      const response = await h.request('/v1/events', jsonBody({ id, type, occurred_at: '2026-12-01T10:00:00Z', order_ref: '1042', attributes }));
      assert.equal(response.status, 201, await response.text());
    }
    assert.equal((await h.request('/v1/orders/1042')).status, 404);
  });

  test('feedback events without what they are about are refused, naming the attribute', async () => {
    const response = await h.request('/v1/events', jsonBody({ id: 'o-1', type: 'recipient.opted_out', occurred_at: '2026-12-01T10:00:00Z', attributes: { channel: 'fax' } }));
    assert.equal(response.status, 400);
    const fields = ((await response.json()) as { error: { issues: { field: string }[] } }).error.issues.map((i) => i.field).sort();
    assert.deepEqual(fields, ['attributes.address', 'attributes.channel']);
    const receipt = await h.request('/v1/events', jsonBody({ id: 'd-1', type: 'message.delivered', occurred_at: '2026-12-01T10:00:00Z' }));
    assert.equal(receipt.status, 400);
    assert.match(await receipt.text(), /attributes\.notification_id/);
  });

  test('a repeated event id is answered 200 with duplicate: true and changes nothing', async () => {
    await h.request('/v1/events', jsonBody(placed('evt-dup', '2002')));
    const before = await (await h.request('/v1/orders/2002')).json();
    const response = await h.request('/v1/events', jsonBody(placed('evt-dup', '2002', { order: { total: '1.00' } })));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { duplicate: boolean }).duplicate, true);
    assert.deepEqual(await (await h.request('/v1/orders/2002')).json(), before);
  });

  test('an event without an id gets the hash of its bytes, so an identical resend is a duplicate', async () => {
    const { id: _id, ...noId } = placed('x', '3003');
    const first = (await (await h.request('/v1/events', jsonBody(noId))).json()) as { id: string; duplicate: boolean };
    const second = (await (await h.request('/v1/events', jsonBody(noId))).json()) as { id: string; duplicate: boolean };
    assert.match(first.id, /^sha256:[0-9a-f]{64}$/);
    assert.equal(second.id, first.id);
    assert.equal(second.duplicate, true);
  });

  test('a 400 names every bad field and why, and stores nothing', async () => {
    const response = await h.request(
      '/v1/events',
      // eslint-disable-next-line no-loss-of-precision -- the point: a JSON number above 2^53 has already lost digits
      jsonBody({ id: 'bad-1', type: 'order.teleported', occurred_at: 'yesterday', order_ref: 9007199254740993, shipment: { tracking_number: 'x' }, colour: 'red' }),
    );
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string; issues: { field: string; reason: string }[] } };
    assert.equal(body.error.code, 'validation_failed');
    const fields = body.error.issues.map((issue) => issue.field).sort();
    assert.deepEqual(fields, ['colour', 'occurred_at', 'order_ref', 'shipment.state', 'shipment.tracking_number', 'type']);
    assert.match(body.error.issues.find((i) => i.field === 'order_ref')!.reason, /2\^53/);
    assert.equal(await h.herald.store.reads.getEvent('default', 'api', 'bad-1'), null);
  });

  test('text no store can keep (NUL, an unpaired surrogate) is a 400 naming the field', async () => {
    const response = await h.request(
      '/v1/events',
      jsonBody(placed('nul-1', '4004', { attributes: { note: 'a\u0000b', nested: ['ok', '\ud800'] } })),
    );
    assert.equal(response.status, 400);
    const issues = ((await response.json()) as { error: { issues: { field: string; reason: string }[] } }).error.issues;
    assert.deepEqual(issues.map((i) => i.field).sort(), ['attributes.nested[1]', 'attributes.note']);
    assert.equal(await h.herald.store.reads.getEvent('default', 'api', 'nul-1'), null);
  });

  test('a body that is not JSON is a 400 naming the body', async () => {
    const response = await h.request('/v1/events', { method: 'POST', body: '{"id": ' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field, '(body)');
  });

  test('a body past the size limit is a 413', async () => {
    const response = await h.request('/v1/events', jsonBody(placed('big', '1', { attributes: { blob: 'x'.repeat(300_000) } })));
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  });

  test('no key is a 401, an unknown key is a 401', async () => {
    assert.equal((await h.request('/v1/events', { ...jsonBody(placed('k1')), key: null })).status, 401);
    assert.equal((await h.request('/v1/events', { ...jsonBody(placed('k2')), key: 'hk_not-a-real-key' })).status, 401);
  });

  test('a key of store A can neither write nor read store B', async () => {
    const keyB = await h.addStore('globex');
    await h.request('/v1/events', { ...jsonBody(placed('b-1', 'B-1')), key: keyB });
    const write = await h.request('/v1/events', jsonBody(placed('a-into-b', 'B-2', { store_id: 'globex' })));
    assert.equal(write.status, 403);
    assert.equal((await h.request('/v1/orders/B-1')).status, 404, 'store A does not see store B orders');
    assert.equal((await h.request('/v1/orders/B-1', { key: keyB })).status, 200);
    assert.equal(await h.herald.store.reads.getEvent('globex', 'api', 'a-into-b'), null);
  });
});

describe('POST /v1/events/batch', () => {
  let h: TestHerald;
  before(async () => (h = await startTestHerald({ HERALD_MAX_BATCH_EVENTS: '50' })));
  after(async () => h.close());

  test('a malformed NDJSON batch names every bad line while the good lines land', async () => {
    const lines = [
      JSON.stringify(placed('n1', '10')),
      '{not json',
      JSON.stringify({ id: 'n3', type: 'order.placed', occurred_at: '2026-11-20T10:00:00Z' }),
      '',
      JSON.stringify(placed('n4', '11')),
      JSON.stringify(placed('n1', '10')),
    ];
    const response = await h.request('/v1/events/batch', { method: 'POST', body: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
    assert.equal(response.status, 207);
    const body = (await response.json()) as { accepted: number; duplicates: number; rejected: number; errors: { line: number; issues: { field: string }[] }[] };
    assert.equal(body.accepted, 2);
    assert.equal(body.duplicates, 1);
    assert.equal(body.rejected, 2);
    assert.deepEqual(body.errors.map((e) => [e.line, e.issues[0]!.field]), [[2, '(line)'], [3, 'order_ref']]);
    assert.equal((await h.request('/v1/orders/10')).status, 200);
    assert.equal((await h.request('/v1/orders/11')).status, 200);
  });

  test('a JSON array batch is accepted whole and answered 200', async () => {
    const response = await h.request('/v1/events/batch', jsonBody([placed('j1', '20'), placed('j2', '21')]));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { accepted: number }).accepted, 2);
  });

  test('a batch where every event is bad is a 400 and stores nothing', async () => {
    const response = await h.request('/v1/events/batch', jsonBody([{ id: 'z1' }, { id: 'z2', type: 'order.placed' }]));
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { rejected: number }).rejected, 2);
    assert.equal(await h.herald.store.reads.getEvent('default', 'api', 'z1'), null);
  });

  test('a batch over the event limit is a 413 and stores nothing', async () => {
    const events = Array.from({ length: 51 }, (_, i) => placed(`over-${i}`, `o-${i}`));
    const response = await h.request('/v1/events/batch', jsonBody(events));
    assert.equal(response.status, 413);
    assert.equal(await h.herald.store.reads.getEvent('default', 'api', 'over-0'), null);
  });

  test('a body that is neither an array nor NDJSON is a 400', async () => {
    const response = await h.request('/v1/events/batch', jsonBody({ id: 'single' }));
    assert.equal(response.status, 400);
  });

  test('events of a batch point at the archived raw body, byte for byte', async () => {
    const text = JSON.stringify([placed('raw-1', '30'), placed('raw-2', '31')]);
    await h.request('/v1/events/batch', { method: 'POST', body: text });
    const stored = await h.herald.store.reads.getEvent('default', 'api', 'raw-2');
    assert.match(stored!.event.raw_ref!, /^raw:\d+#1$/);
    const raw = await h.herald.store.reads.getRaw('default', stored!.event.raw_ref!);
    assert.equal(new TextDecoder().decode(raw!.body), text);
  });
});
