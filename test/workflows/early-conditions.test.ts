// Conditions decided when the trigger happens (src/app/plan-runs.ts): those that read only the
// order and the triggering parcel fail at ingest without a run job, and the run log says
// not_matched as a run would; conditions that read history, other parcels or CEL wait for the run.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWorkflowText } from '../../src/core/workflows/parse-workflow.ts';
import { startTestHerald } from '../support/test-herald.ts';

const workflow = (conditions: string) => `id: probe\nname: Probe\ntrigger:\n  state: in_transit\nconditions:\n${conditions}\nsteps:\n  - stop: {}\n`;

function decidableFrom(conditions: string): string | null {
  const parsed = parseWorkflowText('probe.yaml', workflow(conditions));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.compiled.decidableFrom;
}

describe('conditions decided at the trigger', () => {
  test('what a condition reads says when it can be decided', () => {
    assert.equal(decidableFrom('  path: order.local_pickup\n  op: eq\n  value: false'), 'order');
    assert.equal(decidableFrom('  all:\n    - path: order.international\n      op: eq\n      value: true\n    - path: customer.accepts_sms\n      op: eq\n      value: true'), 'order');
    assert.equal(decidableFrom('  path: shipment.days_to_eta\n  op: gte\n  value: 3'), 'parcel');
    assert.equal(decidableFrom('  path: history.open_cases\n  op: eq\n  value: 0'), null, 'history needs the messages and cases');
    assert.equal(decidableFrom('  path: customer.first_time\n  op: eq\n  value: true'), null, 'the customer order count is not read at ingest');
    assert.equal(decidableFrom('  path: order.status\n  op: eq\n  value: partially_shipped'), null, 'the order status needs every parcel');
    assert.equal(decidableFrom('  not:\n    path: shipments.count\n    op: gt\n    value: 1'), null);
    assert.equal(decidableFrom('  cel: order.total > 100.0'), null, 'CEL may read anything');
  });

  test('a run that would stop at its conditions is not started, and its log line is written at ingest', async () => {
    // Runs are left to the worker here, so what is decided at ingest shows as the jobs that are (not) there.
    const h = await startTestHerald({ HERALD_INLINE_RUN_EVENTS: '0' });
    try {
      const post = async (event: Record<string, unknown>) => assert.equal((await h.request('/v1/events', { method: 'POST', body: JSON.stringify(event) })).status, 201);
      await post({ id: 'placed', type: 'order.placed', occurred_at: '2026-11-20T10:00:00Z', order_ref: 'P1', order: { number: 'P1', total: '20.00', currency: 'USD', shipping_method: 'Local pickup', customer: { email: 'pat@example.com' } } });
      await post({ id: 'transit', type: 'shipment.updated', occurred_at: '2026-11-20T11:00:00Z', order_ref: 'P1', shipment: { carrier: 'ups', tracking_number: '1ZEARLY0001', state: 'in_transit' } });
      const runs = await h.herald.store.reads.listOrderActivity('default', 'P1', 50);
      const lines = (id: string) => runs.filter((a) => a.workflowId === id).map((a) => [a.step, a.outcome]);
      // shipped (local pickup) and the midpoint (no ETA) fail on the order and parcel alone.
      assert.deepEqual(lines('shipped'), [['conditions', 'not_matched']]);
      assert.deepEqual(lines('in-transit-midpoint'), [['conditions', 'not_matched']]);
      const claimed = await h.herald.store.jobs.claimDue(h.clock.nowMs(), 100, 60_000, 'test');
      const runKeys = claimed.filter((j) => j.kind === 'workflow.run').map((j) => String(j.payload['workflowId'])).sort();
      assert.deepEqual(runKeys, ['order-confirmed'], 'only the order confirmation (no conditions) waits for the worker');
    } finally {
      await h.close();
    }
  });
});
