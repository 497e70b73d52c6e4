// A seeded store for the dashboard tests: a stalled VIP order (a fulfillment case, and a drafted
// message waiting in an approval case) created through POST /v1/events, users of each role, and
// page visits; plus sign-in over the real form.

import assert from 'node:assert/strict';
import { createUser } from '../../src/app/admin-users.ts';
import { cryptoIds } from '../../src/adapters/runtime/crypto-ids.ts';
import { ADA, HOUR_MS, VIP_DELAY_DRAFT_WORKFLOW, NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

export const PASSWORD = 'correct horse battery';
export const REF = 'A100';
export const TRACKING = '1Z999AA10000000100';


export interface AdminFixture {
  j: Journey;
  approvalCaseId: string;
  stalledCaseId: string;
  draftId: string;
  close(): Promise<void>;
}

export async function seedAdmin(): Promise<AdminFixture> {
  const j = await startJourney({ quietHours: null });
  const saved = await j.t.request('/v1/workflows/vip-delay-draft', { method: 'PUT', body: VIP_DELAY_DRAFT_WORKFLOW, headers: { 'content-type': 'application/yaml' } });
  assert.equal(saved.status, 201, await saved.text());
  const start = '2026-12-01T09:00:00Z';
  await j.post(orderEvent('a100-o', 'order.placed', REF, start, { number: REF, total: '900.00', currency: 'USD', tags: ['VIP'], customer: ADA, destination: NEW_YORK }));
  await j.drain();
  await j.post(shipmentEvent('a100-s', REF, '2026-12-01T10:00:00Z', { tracking_number: TRACKING, state: 'in_transit' }));
  await j.drain();
  await j.advance(3 * 24 * HOUR_MS - 2 * HOUR_MS);
  const cases = await j.t.herald.store.reads.listOrderCases('default', REF);
  const approval = cases.find((k) => k.reason === 'approval_needed');
  const stalled = cases.find((k) => k.reason !== 'approval_needed');
  assert.ok(approval && stalled, `cases: ${cases.map((k) => k.reason).join(', ')}`);
  const deps = { store: j.t.herald.store, clock: j.t.clock, ids: cryptoIds };
  for (const role of ['owner', 'agent', 'viewer'] as const) await createUser(deps, { storeId: 'default', email: `${role}@example.com`, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role, password: PASSWORD });
  const day = new Date(j.t.clock.nowMs()).toISOString().slice(0, 10);
  await j.t.herald.store.admin.addPageVisits([{ storeId: 'default', day, page: 'tracking', visits: 12 }]);
  return { j, approvalCaseId: approval.id, stalledCaseId: stalled.id, draftId: approval.drafts![0]!, close: () => j.close() };
}

/** A browser-like client of the in-process app: keeps cookies and sends forms. */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> }, private readonly origin = 'http://127.0.0.1') {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  async signIn(email: string, password = PASSWORD, store = 'default'): Promise<Response> {
    const form = await this.request('/admin/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    assert.ok(csrf, 'the sign-in form carries a CSRF token');
    return this.post('/admin/login', { _csrf: csrf, store, email, password, next: '/admin' });
  }

  /** The session's CSRF token, read from a page's hidden field. */
  async csrf(path = '/admin/cases'): Promise<string> {
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await this.request(path)).text())?.[1];
    assert.ok(token, `${path} carries the CSRF token`);
    return token;
  }
}
