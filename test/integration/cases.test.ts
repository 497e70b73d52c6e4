// The review queue end to end: a case's risk and priority in words, an SLA breach escalating to
// another team and the team's Slack channel, a drafted message that goes out only after an agent
// approves (and edits) it, and the audit trail of assign, comment and resolve with an outcome.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startProviderServer, type ProviderServer } from '../channels/provider-server.ts';
import { ADA, HOUR_MS, VIP_DELAY_DRAFT_WORKFLOW, NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';


interface CaseView {
  id: string;
  team: string;
  priority: string;
  reason: string;
  status: string;
  risk: { score: number; reasons: string[] } | null;
  escalations: number;
  drafts: string[];
  history: { actor: string; action: string; detail: string | null }[];
  outcome: string | null;
  resolution: { note: string | null; shipments: { trackingNumber: string; state: string }[] } | null;
  messages: { id: string; status: string; body: string | null }[];
}

describe('cases', () => {
  let slack: ProviderServer;
  let j: Journey;
  const json = async <T>(response: Response): Promise<T> => {
    const text = await response.text();
    assert.ok(response.ok, `${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const post = (path: string, body: unknown) => j.t.request(path, { method: 'POST', body: JSON.stringify(body) });
  const casesOf = async (ref: string) => j.t.herald.store.reads.listOrderCases('default', ref);

  before(async () => {
    slack = await startProviderServer(() => ({ status: 200, body: 'ok' }));
    j = await startJourney({ quietHours: null, caseEscalation: { team: 'operations', slack: true } });
    const saved = await j.t.request('/v1/channels/slack', { method: 'PUT', body: JSON.stringify({ providers: [{ provider: 'slack', settings: { url: `${slack.baseUrl}/services/T0/B0/x` } }] }) });
    assert.equal(saved.status, 200, await saved.text());
    const workflow = await j.t.request('/v1/workflows/vip-delay-draft', { method: 'PUT', body: VIP_DELAY_DRAFT_WORKFLOW, headers: { 'content-type': 'application/yaml' } });
    assert.equal(workflow.status, 201, await workflow.text());
  });
  after(async () => {
    await j.close();
    await slack.close();
  });

  /** A VIP order whose parcel stops moving: the pack opens a fulfillment case at the stall. */
  async function stalledVip(ref: string, startIso: string): Promise<void> {
    await j.post(orderEvent(`${ref}-o`, 'order.placed', ref, startIso, { number: ref, total: '900.00', currency: 'USD', tags: ['VIP'], customer: ADA, destination: NEW_YORK }));
    await j.drain();
    await j.post(shipmentEvent(`${ref}-s`, ref, new Date(Date.parse(startIso) + HOUR_MS).toISOString(), { tracking_number: `1Z999AA1${ref.replace(/\D/g, '').padStart(10, '0')}`, state: 'in_transit' }));
    await j.drain();
  }

  test('a stalled VIP order opens one fulfillment case; its risk and priority are explained in words', async () => {
    await stalledVip('V1', '2026-12-01T09:00:00Z');
    await j.advance(3 * 24 * HOUR_MS - 2 * HOUR_MS);
    const k = (await casesOf('V1')).find((c) => c.reason === 'stalled');
    assert.ok(k, 'a case is open');
    const view = await json<CaseView>(await j.t.request(`/v1/cases/${k.id}`));
    assert.equal(view.team, 'fulfillment');
    assert.equal(view.reason, 'stalled');
    assert.ok(['high', 'urgent'].includes(view.priority));
    assert.ok(view.risk && view.risk.reasons.some((r) => /VIP customer/.test(r)) && view.risk.reasons.some((r) => /high-value order/.test(r)), JSON.stringify(view.risk));
    assert.match(view.history[0]!.detail ?? '', /risk \d+/);
    const list = await json<{ cases: { id: string }[] }>(await j.t.request('/v1/cases?status=open&team=fulfillment'));
    assert.deepEqual(list.cases.map((c) => c.id), [k.id]);
  });

  test('when nobody answers in time the case escalates: priority up, the operations team, an alert on Slack', async () => {
    const k = (await casesOf('V1')).find((c) => c.reason === 'stalled');
    const before = slack.requests.length;
    j.t.clock.set(Date.parse(k!.slaDueAt!) + 1_000);
    await j.drain();
    const after = (await casesOf('V1')).find((c) => c.reason === 'stalled');
    assert.equal(after!.escalations, 1);
    assert.equal(after!.team, 'operations');
    assert.equal(after!.history!.at(-1)!.action, 'escalated');
    const alerts = slack.requests.slice(before).map((r) => JSON.stringify(r.json));
    assert.equal(alerts.filter((a) => /Case waiting too long: stalled on order V1/.test(a)).length, 1, 'one Slack alert for this case');
  });

  test('the drafted VIP message waits for approval and goes out, edited, only after it', async () => {
    const approval = (await casesOf('V1')).find((c) => c.reason === 'approval_needed');
    assert.ok(approval, 'the draft opened an approval case');
    const view = await json<CaseView>(await j.t.request(`/v1/cases/${approval.id}`));
    assert.equal(view.drafts.length, 1, JSON.stringify(view));
    const draftId = view.drafts[0]!;
    assert.equal(typeof draftId, "string", JSON.stringify(view.drafts));
    let draft = await j.t.herald.store.reads.getNotification('default', draftId);
    assert.equal(draft!.status, 'draft');
    assert.match(draft!.body ?? '', /taking longer than planned/, 'rendered for the agent to read');
    await j.advance(6 * HOUR_MS);
    assert.equal((await j.t.herald.store.reads.getNotification('default', draftId))!.status, 'draft', 'nothing is sent without approval');

    const approved = await json<CaseView>(await post(`/v1/cases/${approval.id}/drafts/${draftId}/approve`, { body: 'Hi Ada, your parcel is delayed at the carrier. We will ship a replacement tomorrow if it has not moved.', actor: 'mia' }));
    assert.equal(approved.status, 'resolved');
    assert.equal(approved.outcome, 'customer_informed');
    await j.drain();
    draft = await j.t.herald.store.reads.getNotification('default', draftId);
    assert.equal(draft!.status, 'sent');
    assert.match(draft!.body ?? '', /replacement tomorrow/, 'the edit is what was sent');
    assert.ok(draft!.history.some((h) => /approved by agent:mia \(edited\)/.test(h.reason ?? '')));
    const again = await post(`/v1/cases/${approval.id}/drafts/${draftId}/approve`, {});
    assert.equal(again.status, 409, 'a draft is approved once');
  });

  test('a rejected draft is never sent', async () => {
    await stalledVip('V2', '2026-12-10T09:00:00Z');
    await j.advance(3 * 24 * HOUR_MS - 2 * HOUR_MS);
    const approval = (await casesOf('V2')).find((c) => c.reason === 'approval_needed')!;
    const draftId = approval.drafts![0]!;
    const rejected = await json<CaseView>(await post(`/v1/cases/${approval.id}/drafts/${draftId}/reject`, { reason: 'we will call the customer', actor: 'mia' }));
    assert.deepEqual(rejected.drafts, []);
    await j.drain();
    const n = await j.t.herald.store.reads.getNotification('default', draftId);
    assert.equal(n!.status, 'skipped');
    assert.match(n!.statusReason ?? '', /rejected by agent:mia: we will call the customer/);
  });

  test('assign, comment and resolve are kept in the audit trail with who did them; the outcome keeps the parcel evidence', async () => {
    const k = (await casesOf('V2')).find((c) => c.reason === 'stalled')!;
    await json(await post(`/v1/cases/${k.id}/assign`, { assignee: 'sam', team: 'support', actor: 'lead' }));
    await json(await post(`/v1/cases/${k.id}/comment`, { text: 'Called UPS, parcel found at hub', actor: 'sam' }));
    const done = await json<CaseView>(await post(`/v1/cases/${k.id}/resolve`, { outcome: 'carrier_claim_filed', note: 'claim 12345', actor: 'sam' }));
    assert.equal(done.status, 'resolved');
    assert.equal(done.outcome, 'carrier_claim_filed');
    assert.deepEqual(done.resolution!.shipments.map((s) => s.state), ['in_transit']);
    assert.deepEqual(done.history.slice(-3).map((h) => [h.actor, h.action]), [['agent:lead', 'assigned'], ['agent:sam', 'commented'], ['agent:sam', 'resolved']]);
    assert.equal((await post(`/v1/cases/${k.id}/resolve`, { outcome: 'refund' })).status, 409);
  });

  test('a second failed delivery attempt opens a support case; the first does not', async () => {
    await j.post(orderEvent('A1-o', 'order.placed', 'A1', '2026-12-20T09:00:00Z', { number: 'A1', total: '40.00', currency: 'USD', customer: ADA, destination: NEW_YORK }));
    const scan = (id: string, at: string, state: string) => shipmentEvent(id, 'A1', at, { tracking_number: '1Z999AA10123456784', state });
    await j.post(scan('A1-1', '2026-12-21T09:00:00Z', 'out_for_delivery'));
    await j.post(scan('A1-2', '2026-12-21T15:00:00Z', 'delivery_attempted'));
    await j.drain();
    assert.deepEqual((await casesOf('A1')).map((c) => c.reason), []);
    await j.post(scan('A1-3', '2026-12-22T09:00:00Z', 'out_for_delivery'));
    await j.post(scan('A1-4', '2026-12-22T15:00:00Z', 'delivery_attempted'));
    await j.drain();
    const cases = await casesOf('A1');
    assert.deepEqual(cases.map((c) => [c.reason, c.team]), [['repeated_attempts', 'support']]);
    assert.ok(cases[0]!.risk!.reasons.some((r) => /2 delivery exceptions|1 delivery exception/.test(r)), JSON.stringify(cases[0]!.risk));
  });

  test('bad requests name the field; unknown cases are 404', async () => {
    const k = (await casesOf('V1')).find((c) => c.reason === 'stalled')!;
    const bad = await post(`/v1/cases/${k.id}/resolve`, { outcome: 'magic' });
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues.map((i) => i.field), ['outcome']);
    assert.equal((await post(`/v1/cases/${k.id}/assign`, { assignee: 'x', team: 'sales' })).status, 400);
    assert.equal((await post(`/v1/cases/${k.id}/comment`, {})).status, 400);
    assert.equal((await j.t.request('/v1/cases?team=sales')).status, 400);
    assert.equal((await j.t.request('/v1/cases/case_nope')).status, 404);
  });
});
