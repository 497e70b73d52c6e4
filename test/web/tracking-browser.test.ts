// The tracking page in a real browser (Debian's chromium) against a real HTTP server: a phone
// in German, JavaScript off for the customer's path (plain HTML forms must be enough), a lookup
// with a wrong postal code refused, a self-service address correction that opens a case, and
// an axe-core scan with no serious or critical violations. Screenshots go to test-artifacts/.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { axeScan, describeViolations, launchBrowser, phoneContext, screenshot } from '../support/browser.ts';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';
import { ADDRESS_ORDER, postFixtures, trackingTokenOf } from './tracking-fixtures.ts';

describe('tracking page in a browser', () => {
  let h: TestHerald;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let token: string;

  before(async () => {
    h = await startTestHerald();
    await postFixtures((path, init) => h.request(path, init));
    token = await trackingTokenOf(h.herald.store, ADDRESS_ORDER.ref);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: h.herald.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.close();
  });

  test('on a German phone without JavaScript: a wrong postal code is refused, the right one opens the page, and an address correction opens a case', async () => {
    const context = await phoneContext(browser, { locale: 'de-DE', javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/t`);
      assert.equal(await page.getAttribute('html', 'lang'), 'de');
      await page.getByLabel('Bestellnummer').fill(ADDRESS_ORDER.number);
      await page.getByLabel('E-Mail-Adresse oder Postleitzahl').fill('99999');
      await page.getByRole('button', { name: 'Bestellung finden' }).click();
      await page.getByText('Wir konnten keine Bestellung mit diesen Angaben finden').waitFor();
      assert.equal(await page.getByLabel('Bestellnummer').inputValue(), ADDRESS_ORDER.number, 'what was typed is kept');
      await screenshot(page, 'tracking-lookup-refused-de');

      await page.getByLabel('E-Mail-Adresse oder Postleitzahl').fill('10115');
      await page.getByRole('button', { name: 'Bestellung finden' }).click();
      await page.waitForURL(`${base}/t/${token}?lang=de`);
      await page.getByRole('heading', { level: 1, name: 'Hallo Lena, hier ist Ihre Bestellung' }).waitFor();
      const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling on a phone (page is ${width}px wide)`);
      await screenshot(page, 'tracking-page-de-phone');

      await page.getByText('Adresse bestätigen oder korrigieren').click();
      await page.getByLabel('Ich möchte meine Adresse korrigieren').check();
      await page.getByLabel('Straße und Hausnummer').fill('Invalidenstraße 117');
      await page.getByLabel('Postleitzahl').fill('10115');
      await page.getByLabel('Ort', { exact: true }).fill('Berlin');
      await page.getByRole('button', { name: 'Adresse senden' }).click();
      await page.getByText('Danke. Wir haben Ihre Adresse').waitFor();
      await screenshot(page, 'tracking-address-corrected-de');
    } finally {
      await context.close();
    }
    const cases = await h.herald.store.reads.listOrderCases('default', ADDRESS_ORDER.ref);
    assert.ok(cases.some((c) => c.reason === 'address_correction' && c.openedBy === 'customer' && c.team === 'support'));
  });

  test('axe-core finds no serious or critical violations on the tracking, lookup and 404 pages', async () => {
    const context = await phoneContext(browser, { locale: 'de-DE' });
    try {
      const page = await context.newPage();
      for (const [name, path] of [
        ['tracking', `/t/${token}`],
        ['lookup', '/t'],
        ['not-found', '/t/AAAAAAAAAAAAAAAAAAAAAA'],
      ] as const) {
        await page.goto(`${base}${path}`);
        // Open every form so their fields are scanned too.
        await page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelectorAll: (s: string) => Iterable<{ setAttribute: (n: string, v: string) => void }> } }).document;
          for (const details of doc.querySelectorAll('details')) details.setAttribute('open', '');
        });
        const violations = await axeScan(page, 'serious');
        await screenshot(page, `tracking-axe-${name}`);
        assert.deepEqual(violations, [], `${name}:\n${describeViolations(violations)}`);
      }
    } finally {
      await context.close();
    }
  });
});
