// The dashboard in a real chromium: sign in through the form, resolve a case and approve a
// drafted message with htmx updating the case in place, and no serious accessibility findings.
// Screenshots go to test-artifacts/admin-*.png.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser, screenshot } from '../support/browser.ts';
import { PASSWORD, seedAdmin, type AdminFixture } from './admin-support.ts';

describe('operator dashboard in a browser', () => {
  let f: AdminFixture;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    f = await seedAdmin();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: f.j.t.herald.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // The pages forbid inline scripts (CSP); the axe scan injects one.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await f.close();
  });

  test('an agent signs in through the form and lands on the overview', async () => {
    await page.goto(`${base}/admin/cases`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    await page.getByLabel('Email').fill('agent@example.com');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The store, email or password is not right.' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.goto(`${base}/admin?days=30`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.ok((await page.locator('svg[role="img"]').count()) >= 3, 'the charts are drawn');
    const violations = await axeScan(page);
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.help}`), []);
    await screenshot(page, 'admin-overview');
  });

  test('resolving a case swaps the case panel in place and records the outcome', async () => {
    await page.goto(`${base}/admin/cases/${f.stalledCaseId}`);
    const violations = await axeScan(page);
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.help}`), []);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('assignee').filter({ hasText: 'Agent Person' }).waitFor();
    await page.getByLabel('Outcome', { exact: true }).selectOption('carrier_claim_filed');
    await page.getByLabel('Note', { exact: true }).fill('claim filed with UPS');
    const url = page.url();
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('status').filter({ hasText: 'The case is resolved.' }).waitFor();
    assert.equal(page.url(), url, 'htmx updated the page without navigating');
    const k = (await f.j.t.herald.store.reads.getCase('default', f.stalledCaseId))!;
    assert.equal(k.status, 'resolved');
    assert.equal(k.outcome, 'carrier_claim_filed');
    await screenshot(page, 'admin-case-resolved');
  });

  test('approving a drafted message, edited, sends the edit and closes the approval case', async () => {
    await page.goto(`${base}/admin/cases/${f.approvalCaseId}`);
    await page.getByLabel('Message', { exact: true }).fill('Hi Ada, your parcel is late; we have asked UPS to hurry.');
    await screenshot(page, 'admin-draft');
    await page.getByRole('button', { name: 'Approve and send' }).click();
    await page.getByRole('status').filter({ hasText: 'The message is approved' }).waitFor();
    const draft = (await f.j.t.herald.store.reads.getNotification('default', f.draftId))!;
    assert.equal(draft.body, 'Hi Ada, your parcel is late; we have asked UPS to hurry.');
    assert.notEqual(draft.status, 'draft');
    assert.equal((await f.j.t.herald.store.reads.getCase('default', f.approvalCaseId))!.status, 'resolved');
    await screenshot(page, 'admin-draft-approved');
  });
});
