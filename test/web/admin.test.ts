// The operator dashboard in-process (app.request): sign-in and its cookie, CSRF and role rules,
// every page on a store seeded through POST /v1/events, and the case actions changing the case.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminClient, PASSWORD, REF, TRACKING, seedAdmin, type AdminFixture } from './admin-support.ts';

describe('operator dashboard', () => {
  let f: AdminFixture;
  let owner: AdminClient;
  let agent: AdminClient;
  let viewer: AdminClient;
  const client = () => new AdminClient(f.j.t.herald.app);
  const caseOf = (id: string) => f.j.t.herald.store.reads.getCase('default', id);

  before(async () => {
    f = await seedAdmin();
    owner = client();
    agent = client();
    viewer = client();
    for (const [c, email] of [[owner, 'owner@example.com'], [agent, 'agent@example.com'], [viewer, 'viewer@example.com']] as const) {
      assert.equal((await c.signIn(email)).status, 303);
    }
  });
  after(() => f.close());

  test('signing in sets an HttpOnly, SameSite=Lax session cookie on /admin, Secure only over https', async () => {
    const plain = await client().signIn('owner@example.com');
    assert.equal(plain.status, 303);
    assert.equal(plain.headers.get('location'), '/admin');
    const cookie = plain.headers.getSetCookie().find((line) => line.startsWith('herald_session='));
    assert.ok(cookie, 'a session cookie is set');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\/admin/);
    assert.doesNotMatch(cookie, /Secure/);
    const https = new AdminClient(f.j.t.herald.app, 'https://herald.example');
    const secure = (await https.signIn('owner@example.com')).headers.getSetCookie().find((line) => line.startsWith('herald_session='));
    assert.match(secure ?? '', /Secure/);
  });

  test('a wrong password and an unknown email get the same generic answer and no session', async () => {
    for (const [email, password] of [['owner@example.com', 'not the password'], ['nobody@example.com', PASSWORD]] as const) {
      const c = client();
      const response = await c.signIn(email, password);
      assert.equal(response.status, 401);
      assert.match(await response.text(), /The store, email or password is not right\./);
      assert.equal(c.cookies.has('herald_session'), false);
    }
    const otherStore = await client().signIn('owner@example.com', PASSWORD, 'elsewhere');
    assert.equal(otherStore.status, 401);
  });

  test('a sign-in form without its CSRF cookie is refused', async () => {
    const response = await client().post('/admin/login', { _csrf: 'forged', store: 'default', email: 'owner@example.com', password: PASSWORD });
    assert.equal(response.status, 403);
  });

  test('pages need a session: a GET is sent to sign in, a POST is refused', async () => {
    const page = await client().request('/admin/cases');
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/admin/login?next=%2Fadmin%2Fcases');
    assert.equal((await client().post(`/admin/cases/${f.stalledCaseId}/claim`, {})).status, 403);
  });

  test('every POST needs the session CSRF token, in the form or the X-CSRF-Token header', async () => {
    assert.equal((await agent.post(`/admin/cases/${f.stalledCaseId}/comment`, { text: 'no token' })).status, 403);
    assert.equal((await agent.post(`/admin/cases/${f.stalledCaseId}/comment`, { text: 'wrong', _csrf: 'x'.repeat(32) })).status, 403);
    const otherSession = await owner.csrf();
    assert.equal((await agent.post(`/admin/cases/${f.stalledCaseId}/comment`, { text: 'someone else', _csrf: otherSession })).status, 403);
    const history = (await caseOf(f.stalledCaseId))!.history ?? [];
    assert.equal(history.filter((h) => h.action === 'commented').length, 0, 'nothing was written');
    const token = await agent.csrf();
    const htmx = await agent.post(`/admin/cases/${f.stalledCaseId}/comment`, { text: 'checked with the carrier' }, { 'hx-request': 'true', 'x-csrf-token': token });
    assert.equal(htmx.status, 200);
    const fragment = await htmx.text();
    assert.match(fragment, /^<div id="case">/, 'htmx gets the case panel only');
    assert.match(fragment, /checked with the carrier/);
  });

  test('roles: a viewer reads but may not change anything; settings are the owner\'s', async () => {
    const token = await viewer.csrf();
    assert.equal((await viewer.request(`/admin/cases/${f.stalledCaseId}`)).status, 200);
    assert.equal((await viewer.post(`/admin/cases/${f.stalledCaseId}/claim`, { _csrf: token })).status, 403);
    assert.equal((await viewer.post('/admin/workflows/vip-delay-draft/disable', { _csrf: token })).status, 403);
    assert.equal((await viewer.request('/admin/settings')).status, 403);
    assert.equal((await agent.request('/admin/settings')).status, 403);
    assert.equal((await agent.post('/admin/workflows/vip-delay-draft/disable', { _csrf: await agent.csrf() })).status, 403);
    assert.equal((await agent.post('/admin/settings/users', { _csrf: await agent.csrf(), email: 'x@example.com', name: 'X', role: 'owner', password: PASSWORD })).status, 403);
    assert.doesNotMatch(await (await viewer.request(`/admin/cases/${f.approvalCaseId}`)).text(), /Approve and send/, 'no action forms for a viewer');
    assert.equal((await f.j.t.herald.store.admin.findUserByEmail('default', 'x@example.com')), null);
  });

  test('the overview shows the scorecard with accessible SVG charts for 7 and 30 days', async () => {
    for (const days of [7, 30]) {
      const response = await owner.request(`/admin?days=${days}`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /<svg[^>]+role="img"[^>]+aria-labelledby=/);
      assert.match(html, /Tracking page visits/);
      assert.match(html, /Self-service deflection/);
      assert.match(html, /<div class="value">12<\/div><div class="label">Tracking page visits/, 'the seeded visits are counted');
      assert.match(html, /<div class="value">1<\/div><div class="label">Orders/);
      assert.match(html, new RegExp(`Last ${days} days`));
    }
  });

  test('the queue lists open cases by SLA with filters; the case page shows evidence, parcels, messages and history', async () => {
    const queue = await (await agent.request('/admin/cases')).text();
    assert.match(queue, new RegExp(`/admin/cases/${f.approvalCaseId}`));
    assert.match(queue, new RegExp(`/admin/cases/${f.stalledCaseId}`));
    const byTeam = await (await agent.request('/admin/cases?team=finance')).text();
    assert.doesNotMatch(byTeam, new RegExp(`/admin/cases/${f.stalledCaseId}`));
    const page = await (await agent.request(`/admin/cases/${f.stalledCaseId}`)).text();
    for (const section of ['Evidence', 'Parcels', 'Messages', 'History', 'Actions']) assert.match(page, new RegExp(`>${section}</h2>`));
    assert.match(page, new RegExp(TRACKING));
  });

  test('an agent claims, comments on and resolves a case; each action is in the case and its history', async () => {
    const token = await agent.csrf();
    const claimed = await agent.post(`/admin/cases/${f.stalledCaseId}/claim`, { _csrf: token });
    assert.equal(claimed.status, 303, 'without htmx a form post redirects back to the case');
    assert.equal((await caseOf(f.stalledCaseId))!.assignee, 'Agent Person');
    const mine = await (await agent.request('/admin/cases?assignee=me')).text();
    assert.match(mine, new RegExp(`/admin/cases/${f.stalledCaseId}`));
    const resolved = await agent.post(`/admin/cases/${f.stalledCaseId}/resolve`, { _csrf: token, outcome: 'carrier_claim_filed', note: 'claim 42' });
    assert.equal(resolved.status, 303);
    const k = (await caseOf(f.stalledCaseId))!;
    assert.equal(k.status, 'resolved');
    assert.equal(k.outcome, 'carrier_claim_filed');
    assert.deepEqual(k.history!.filter((h) => h.actor === 'agent:Agent Person').map((h) => h.action), ['commented', 'assigned', 'resolved']);
    const again = await agent.post(`/admin/cases/${f.stalledCaseId}/resolve`, { _csrf: token, outcome: 'wait' });
    assert.equal(again.status, 409, 'a resolved case cannot be resolved twice');
    const bad = await agent.post(`/admin/cases/${f.approvalCaseId}/resolve`, { _csrf: token, outcome: 'shrug' });
    assert.equal(bad.status, 400);
  });

  test('approving a drafted message with an edit sends the edit and closes the approval case', async () => {
    const token = await agent.csrf();
    const page = await (await agent.request(`/admin/cases/${f.approvalCaseId}`)).text();
    assert.match(page, /Approve and send/);
    const response = await agent.post(`/admin/cases/${f.approvalCaseId}/drafts/${f.draftId}/approve`, { _csrf: token, subject: 'About your order A100', body: 'Hi Ada, we are on it: your parcel is delayed.' }, { 'hx-request': 'true' });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /The message is approved/);
    const draft = (await f.j.t.herald.store.reads.getNotification('default', f.draftId))!;
    assert.equal(draft.body, 'Hi Ada, we are on it: your parcel is delayed.');
    assert.notEqual(draft.status, 'draft');
    assert.match(draft.history.at(-1)!.reason ?? '', /approved by agent:Agent Person \(edited\)/);
    assert.equal((await caseOf(f.approvalCaseId))!.status, 'resolved');
  });

  test('the order page shows its timeline, messages with attempts, workflow steps and cases; search finds it', async () => {
    await f.j.drain();
    const html = await (await agent.request(`/admin/orders/${REF}`)).text();
    for (const section of ['Parcels', 'Timeline', 'Messages', 'Workflow steps', 'Cases']) assert.match(html, new RegExp(`>${section}</h2>`));
    assert.match(html, /order\.placed/);
    assert.match(html, /shipment\.updated/);
    assert.match(html, /vip delay on email/);
    assert.match(html, /attempt\(s\)/);
    assert.match(html, new RegExp(`/admin/cases/${f.approvalCaseId}`));
    for (const q of [REF, 'ada@example.com', TRACKING.toLowerCase()]) {
      const found = await agent.request(`/admin/orders?q=${encodeURIComponent(q)}`);
      assert.equal(found.status, 303, q);
      assert.equal(found.headers.get('location'), `/admin/orders/${REF}`);
    }
    assert.match(await (await agent.request('/admin/orders?q=nothing-like-it')).text(), /No order matches/);
    assert.equal((await agent.request('/admin/orders/NOPE')).status, 404);
  });

  test('workflows: list, versions, owner disables and enables; simulation replays the store\'s history in a sandbox', async () => {
    assert.match(await (await viewer.request('/admin/workflows')).text(), /vip-delay-draft/);
    const detail = await (await owner.request('/admin/workflows/vip-delay-draft')).text();
    assert.match(detail, /v1/);
    assert.match(detail, /approval: true/);
    const token = await owner.csrf();
    assert.equal((await owner.post('/admin/workflows/vip-delay-draft/disable', { _csrf: token })).status, 303);
    assert.equal((await f.j.t.herald.store.admin.getWorkflow('default', 'vip-delay-draft'))!.enabled, false);
    assert.equal((await owner.post('/admin/workflows/vip-delay-draft/enable', { _csrf: token })).status, 303);
    assert.equal((await f.j.t.herald.store.admin.getWorkflow('default', 'vip-delay-draft'))!.enabled, true);
    const simulated = await owner.post('/admin/workflows/vip-delay-draft/simulate', { _csrf: token, days: '30', version: '1' });
    assert.equal(simulated.status, 200);
    assert.match(await simulated.text(), /Over the last 30 days: \d+ events, \d+ orders, \d+ messages would have gone out/);
    assert.equal((await owner.post('/admin/workflows/vip-delay-draft/simulate', { _csrf: token, days: '500' })).status, 400);
  });

  test('sources and quarantine render; replaying an unknown entry is a 404', async () => {
    assert.match(await (await viewer.request('/admin/sources')).text(), /<h1>Sources<\/h1>/);
    assert.match(await (await viewer.request('/admin/quarantine')).text(), /Nothing in quarantine/);
    assert.equal((await owner.post('/admin/quarantine/q_nope/replay', { _csrf: await owner.csrf() })).status, 404);
  });

  test('settings: the owner saves quiet hours, the cap and escalation, adds a member and disables one', async () => {
    const token = await owner.csrf();
    const page = await (await owner.request('/admin/settings')).text();
    for (const email of ['owner@example.com', 'agent@example.com', 'viewer@example.com']) assert.match(page, new RegExp(email));
    const saved = await owner.post('/admin/settings', { _csrf: token, brand_name: 'Acme Goods', brand_primary_color: '#1f4e79', quiet_start: '21:00', quiet_end: '08:00', max_messages_per_recipient_per_day: '4', ticket_answering: 'tag', escalation_team: 'operations', escalation_slack: 'on' });
    assert.equal(saved.status, 200);
    assert.match(await saved.text(), /Settings saved/);
    const settings = (await f.j.t.herald.store.admin.getStoreSettings('default'))!;
    assert.equal(settings.brand?.name, 'Acme Goods');
    assert.deepEqual(settings.quietHours, { startHour: 21, startMinute: 0, endHour: 8, endMinute: 0 });
    assert.equal(settings.maxMessagesPerRecipientPerDay, 4);
    assert.deepEqual(settings.caseEscalation, { team: 'operations', slack: true });
    const invalid = await owner.post('/admin/settings', { _csrf: token, quiet_start: '25:00', quiet_end: '08:00' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /quiet_hours\.start/);

    const added = await owner.post('/admin/settings/users', { _csrf: token, email: 'sam@example.com', name: 'Sam', role: 'agent', password: PASSWORD });
    assert.equal(added.status, 200);
    const sam = client();
    assert.equal((await sam.signIn('sam@example.com')).status, 303);
    const record = (await f.j.t.herald.store.admin.findUserByEmail('default', 'sam@example.com'))!;
    assert.equal((await owner.post(`/admin/settings/users/${record.id}/disable`, { _csrf: token })).status, 200);
    assert.equal((await sam.request('/admin/cases')).status, 303, 'a disabled member is signed out');
    assert.equal((await client().signIn('sam@example.com')).status, 401);
    const short = await owner.post('/admin/settings/users', { _csrf: token, email: 'kim@example.com', name: 'Kim', role: 'agent', password: 'short' });
    assert.equal(short.status, 400);
  });

  test('htmx is served from the dashboard itself, and pages carry a strict CSP', async () => {
    const js = await client().request('/admin/assets/htmx.min.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match(await js.text(), /htmx/);
    const html = await owner.request('/admin');
    assert.match(html.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await html.text(), /<script src="\/admin\/assets\/htmx\.min\.js"/);
  });

  test('signing out ends the session', async () => {
    const c = client();
    await c.signIn('viewer@example.com');
    const cookie = c.cookies.get('herald_session')!;
    assert.equal((await c.post('/admin/logout', { _csrf: await c.csrf() })).status, 303);
    const stale = new AdminClient(f.j.t.herald.app);
    stale.cookies.set('herald_session', cookie);
    assert.equal((await stale.request('/admin')).status, 303);
  });

  test('failed sign-ins are rate limited per address; the bucket refills with time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await client().signIn('owner@example.com', 'wrong password')).status);
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.at(-1), 429);
    assert.equal((await client().signIn('owner@example.com')).status, 429, 'even the right password waits');
    f.j.t.clock.advance(60_000);
    assert.equal((await client().signIn('owner@example.com')).status, 303);
  });
});
