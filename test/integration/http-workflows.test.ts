// Workflows over HTTP: validation names the line and field, every save is a new version, enable
// and disable, store isolation, and the notifications (outbox) a run produced.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

const RULE = `id: vip-shipped
name: VIP shipped
trigger: { state: in_transit }
conditions: { path: order.vip, op: eq, value: true }
steps:
  - notify:
      milestone: vip_shipped
      channels: [email]
      message: { subject: "On its way", text: "Hi {{ customer.first_name }}, order {{ order.number }} shipped." }
`;

describe('workflows over HTTP', () => {
  let h: TestHerald;
  before(async () => {
    h = await startTestHerald();
  });
  after(async () => h.close());

  test('a new store starts with the default pack enabled', async () => {
    const body = (await (await h.request('/v1/workflows')).json()) as { workflows: { id: string; enabled: boolean; version: number }[] };
    assert.ok(body.workflows.length >= 15, `pack installed (${body.workflows.length})`);
    assert.ok(body.workflows.every((w) => w.enabled && w.version === 1));
    assert.ok(body.workflows.some((w) => w.id === 'shipped'));
  });

  test('a bad document is refused with the line and field of every problem', async () => {
    const bad = RULE.replace('channels: [email]', 'channels: [pigeon]').replace('trigger: { state: in_transit }', 'trigger: { state: teleported }');
    const response = await h.request('/v1/workflows/validate', { method: 'POST', body: bad, headers: { 'content-type': 'application/yaml' } });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { valid: boolean; problems: { line: number; field: string; reason: string }[] };
    assert.equal(body.valid, false);
    const trigger = body.problems.find((p) => p.field === 'trigger.state');
    assert.equal(trigger?.line, 3);
    assert.match(trigger!.reason, /must be a shipment state/);
    const channel = body.problems.find((p) => p.field === 'steps[0].notify.channels[0]');
    assert.equal(channel?.line, 8);
    const put = await h.request('/v1/workflows/vip-shipped', { method: 'PUT', body: bad });
    assert.equal(put.status, 400);
    assert.equal((await h.request('/v1/workflows/vip-shipped')).status, 404, 'nothing was saved');
  });

  test('every save is a new version; an unchanged one is not; the id must match the URL', async () => {
    const first = await h.request('/v1/workflows/vip-shipped', { method: 'PUT', body: RULE });
    assert.equal(first.status, 201);
    assert.deepEqual(await first.json(), { workflow_id: 'vip-shipped', version: 1, created: true });
    const same = await h.request('/v1/workflows/vip-shipped', { method: 'PUT', body: RULE });
    assert.equal(same.status, 200);
    const second = await h.request('/v1/workflows/vip-shipped', { method: 'PUT', body: RULE.replace('VIP shipped', 'VIP parcel shipped') });
    assert.equal(((await second.json()) as { version: number }).version, 2);
    const detail = (await (await h.request('/v1/workflows/vip-shipped')).json()) as { version: number; versions: unknown[]; source_text: string };
    assert.equal(detail.version, 2);
    assert.equal(detail.versions.length, 2);
    assert.match(detail.source_text, /VIP parcel shipped/);
    const v1 = (await (await h.request('/v1/workflows/vip-shipped/versions/1')).json()) as { document: { name: string } };
    assert.equal(v1.document.name, 'VIP shipped');
    const wrong = await h.request('/v1/workflows/other-id', { method: 'PUT', body: RULE });
    assert.equal(wrong.status, 400);
  });

  test('disable and enable; unknown workflows are 404; another store sees none of it', async () => {
    assert.equal((await h.request('/v1/workflows/vip-shipped/disable', { method: 'POST' })).status, 200);
    const list = (await (await h.request('/v1/workflows')).json()) as { workflows: { id: string; enabled: boolean }[] };
    assert.equal(list.workflows.find((w) => w.id === 'vip-shipped')?.enabled, false);
    assert.equal((await h.request('/v1/workflows/vip-shipped/enable', { method: 'POST' })).status, 200);
    assert.equal((await h.request('/v1/workflows/nope/enable', { method: 'POST' })).status, 404);
    const other = await h.addStore('globex');
    assert.equal((await h.request('/v1/workflows/vip-shipped', { key: other })).status, 404);
  });

  test('a matching event runs the workflow and its message lands in the outbox with the order', async () => {
    await h.request('/v1/events', jsonBody({ id: 'o1', type: 'order.placed', occurred_at: '2026-11-20T12:00:00Z', order_ref: '5001', order: { number: '#5001', tags: ['VIP'], customer: { email: 'vip@example.com', first_name: 'Vera' }, destination: { country: 'DE', city: 'Berlin' } } }));
    await h.request('/v1/events', jsonBody({ id: 's1', type: 'shipment.updated', occurred_at: '2026-11-20T12:00:00Z', order_ref: '5001', shipment: { carrier: 'ups', tracking_number: '1Z999AA10123456784', state: 'in_transit' } }));
    for (let i = 0; i < 10 && (await h.herald.fireDue()).claimed > 0; i += 1);
    const outbox = (await (await h.request('/v1/notifications?status=sent')).json()) as { notifications: { milestone: string; body: string; workflow: { id: string } }[] };
    const vip = outbox.notifications.find((n) => n.workflow.id === 'vip-shipped');
    assert.ok(vip, 'the VIP workflow sent');
    assert.equal(vip.body, 'Hi Vera, order #5001 shipped.');
    const order = (await (await h.request('/v1/orders/5001')).json()) as { notifications: unknown[]; activity: { workflow: string; outcome: string }[] };
    assert.ok(order.notifications.length >= 1);
    assert.ok(order.activity.some((a) => a.workflow === 'vip-shipped' && a.outcome === 'started'));
  });
});
