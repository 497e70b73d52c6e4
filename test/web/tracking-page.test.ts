// The customer's tracking page in-process: rendered in four languages with the store's brand,
// no personal data beyond the first name and the city (HTML and JSON), the 404 page, the lookup
// (success, a refusal that does not tell what was wrong, 429), self-service actions that become
// events and cases, and bad input named by field with nothing lost.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';
import { ADDRESS_ORDER, DELIVERED_ORDER, hiddenField, postFixtures, SECRETS, trackingTokenOf } from './tracking-fixtures.ts';

const form = (fields: Record<string, string>, ip: string): RequestInit & { key: null } => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
  key: null,
});

describe('tracking page', () => {
  let h: TestHerald;
  let token: string;
  let deliveredToken: string;
  before(async () => {
    h = await startTestHerald();
    await h.request('/v1/settings', { method: 'PATCH', body: JSON.stringify({ brand: { name: 'Kaffeehaus Nord', primary_color: '#0a6640', help_url: 'https://help.example.com/' } }) });
    await postFixtures((path, init) => h.request(path, init));
    token = await trackingTokenOf(h.herald.store, ADDRESS_ORDER.ref);
    deliveredToken = await trackingTokenOf(h.herald.store, DELIVERED_ORDER.ref);
  });
  after(async () => h.close());

  const page = (path: string, headers: Record<string, string> = {}) => h.request(path, { key: null, headers });

  test('renders in en, de, fr and es, by ?lang= or Accept-Language, with <html lang> and switcher links', async () => {
    const expected = { en: 'Hello Lena', de: 'Hallo Lena', fr: 'Bonjour Lena', es: 'Hola Lena' } as const;
    for (const [lang, greeting] of Object.entries(expected)) {
      const response = await page(`/t/${token}?lang=${lang}`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.ok(html.includes(greeting), `${lang} greets by first name`);
      for (const other of Object.keys(expected)) assert.ok(html.includes(`href="/t/${token}?lang=${other}"`), `${lang} links to ${other}`);
    }
    const french = await (await page(`/t/${token}`, { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' })).text();
    assert.match(french, /<html lang="fr">/);
    const fallback = await (await page(`/t/${token}`, { 'accept-language': 'ja, zh;q=0.5' })).text();
    assert.match(fallback, /<html lang="de">/, "without a supported browser language, the customer's storefront locale decides");
  });

  test('shows the journey, the ETA window, the last scan and where, the exception with what to do, and the brand', async () => {
    const html = await (await page(`/t/${token}?lang=en`)).text();
    assert.ok(html.includes('Kaffeehaus Nord'));
    assert.ok(html.includes('--brand:#0a6640'));
    assert.ok(html.includes('href="https://help.example.com/"'));
    for (const step of ['Ordered', 'Shipped', 'On its way', 'Out for delivery', 'Delivered']) assert.ok(html.includes(`<span class="step">${step}</span>`), step);
    assert.match(html, /<li class="problem" aria-current="step">/);
    assert.match(html, /Thu 3 Dec\s–\sFri 4 Dec/, 'the ETA is a window of days');
    assert.ok(html.includes('Thu 19 Nov, 10:30, in Berlin, DE'), 'the last scan, when and where');
    assert.ok(html.includes('The carrier could not match the address.'));
    assert.ok(html.includes('Please check your address below'));
    assert.ok(html.includes('Confirm or correct your address'));
    const delivered = await (await page(`/t/${deliveredToken}?lang=de`)).text();
    assert.ok(delivered.includes('Ihr Paket wurde zugestellt'));
    assert.ok(!delivered.includes('Adresse bestätigen'), 'a delivered parcel offers no address correction');
    assert.ok(delivered.includes('Problem melden'), 'but a problem can be reported');
  });

  test('shows no personal data beyond the first name and the destination city, in HTML and JSON', async () => {
    for (const path of [`/t/${token}`, `/t/${token}.json`, `/t/${deliveredToken}`, `/t/${deliveredToken}.json`]) {
      const body = await (await page(path)).text();
      for (const secret of SECRETS) assert.ok(!body.includes(secret), `${path} does not contain ${secret}`);
      assert.ok(!body.includes(ADDRESS_ORDER.ref) && !body.includes(DELIVERED_ORDER.ref), `${path} does not contain the order id`);
      assert.ok(body.includes('Berlin'));
    }
  });

  test('the JSON twin has the same facts, CORS * and no caching', async () => {
    const response = await page(`/t/${token}.json?lang=es`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { language: string; order: { first_name: string; destination_city: string; number: string }; parcels: { state: string; reason: string; headline: string; eta: { words: string }; last_scan: { city: string }; steps: { step: string; status: string }[]; actions: string[] }[] };
    assert.equal(body.language, 'es');
    assert.deepEqual(body.order, { ...body.order, first_name: 'Lena', destination_city: 'Berlin', number: ADDRESS_ORDER.number });
    const parcel = body.parcels[0]!;
    assert.equal(parcel.reason, 'address_issue');
    assert.equal(parcel.headline, 'Tu paquete lleva retraso');
    assert.equal(parcel.last_scan.city, 'Berlin');
    assert.deepEqual(parcel.steps.map((s) => s.status), ['done', 'done', 'problem', 'todo', 'todo']);
    assert.deepEqual(parcel.actions, ['address', 'instructions', 'problem']);
    const missing = await page('/t/AAAAAAAAAAAAAAAAAAAAAA.json');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), '*');
  });

  test('an unknown token answers a 404 page in the same look, with the lookup form', async () => {
    const response = await page('/t/AAAAAAAAAAAAAAAAAAAAAA?lang=de');
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /<html lang="de">/);
    assert.ok(html.includes('Wir konnten diese Bestellung nicht finden'));
    assert.ok(html.includes('Kaffeehaus Nord'), 'the only store of the install lends its brand');
    assert.ok(html.includes('name="contact"'));
  });

  test('lookup: number plus email or postal code redirects to the page; any wrong combination gets one answer; too many tries get 429', async () => {
    const byEmail = await h.request('/t?lang=en', form({ number: `#${ADDRESS_ORDER.number}`, contact: 'Lena.Schmidt@example.com' }, '203.0.113.1'));
    assert.equal(byEmail.status, 303);
    assert.equal(byEmail.headers.get('location'), `/t/${token}?lang=en`);
    const byPostal = await h.request('/t', form({ number: ADDRESS_ORDER.number, contact: '10 115' }, '203.0.113.1'));
    assert.equal(byPostal.status, 303);

    const refusals = await Promise.all(
      [
        { number: ADDRESS_ORDER.number, contact: '99999' },
        { number: ADDRESS_ORDER.number, contact: 'someone@example.com' },
        { number: '9999', contact: 'lena.schmidt@example.com' },
      ].map(async (fields) => {
        const response = await h.request('/t?lang=en', form(fields, '203.0.113.2'));
        assert.equal(response.status, 422);
        const html = await response.text();
        assert.ok(html.includes('We could not find an order with these details.'));
        return html.replace(/value="[^"]*"/g, '');
      }),
    );
    assert.equal(new Set(refusals).size, 1, 'the refusal is the same page whatever was wrong');

    const empty = await (await h.request('/t?lang=en', form({ number: '', contact: 'x' }, '203.0.113.3'))).text();
    assert.match(empty, /id="number-error">Please fill in this field\./);

    for (let i = 0; i < 5; i += 1) assert.notEqual((await h.request('/t', form({ number: '1', contact: 'a@b.c' }, '203.0.113.4'))).status, 429);
    const limited = await h.request('/t', form({ number: '1', contact: 'a@b.c' }, '203.0.113.4'));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await h.request('/t', form({ number: ADDRESS_ORDER.number, contact: '10115' }, '203.0.113.5'))).status, 303, 'another address is not limited');
  });

  test('an address correction becomes a customer event and a support case, and the page confirms it without showing the street', async () => {
    const html = await (await page(`/t/${token}?lang=en`)).text();
    const fields = { form_token: hiddenField(html, 'address', 'form_token'), parcel: 'JJD000390007412345', choice: 'correct', line1: 'Invalidenstraße 117', postal_code: '10115', city: 'Berlin' };
    const response = await h.request(`/t/${token}/actions/address?lang=en`, form(fields, '198.51.100.1'));
    assert.equal(response.status, 303);
    const location = response.headers.get('location')!;
    assert.equal(location, `/t/${token}?lang=en&done=address`);
    const confirmed = await (await page(location)).text();
    assert.ok(confirmed.includes('We have your address'));
    assert.ok(!confirmed.includes('Invalidenstraße'), 'the corrected street is not shown back');

    const events = await h.herald.store.reads.listOrderEvents('default', ADDRESS_ORDER.ref, 100);
    const event = events.find((e) => e.event.type === 'customer.address_corrected')!.event;
    assert.equal(event.source, 'tracking_page');
    assert.deepEqual(event.attributes, { tracking_number: 'JJD000390007412345', confirmed: false, address: { line1: 'Invalidenstraße 117', postal_code: '10115', city: 'Berlin' } });
    const cases = await h.herald.store.reads.listOrderCases('default', ADDRESS_ORDER.ref);
    const opened = cases.find((c) => c.reason === 'address_correction')!;
    assert.equal(opened.team, 'support');
    assert.equal(opened.openedBy, 'customer');
    assert.equal(opened.status, 'open');
    assert.deepEqual(opened.evidence.map((e) => e.ref), [`tracking_page:${event.id}`]);
  });

  test('a reported problem opens a high-priority case; delivery instructions are an event without a case', async () => {
    const html = await (await page(`/t/${deliveredToken}?lang=en`)).text();
    const reported = await h.request(`/t/${deliveredToken}/actions/problem`, form({ form_token: hiddenField(html, 'problem', 'form_token'), parcel: '1Z999AA10123456784', kind: 'not_arrived', details: 'Not at the door or with neighbours' }, '198.51.100.2'));
    assert.equal(reported.status, 303);
    const cases = await h.herald.store.reads.listOrderCases('default', DELIVERED_ORDER.ref);
    const problem = cases.find((c) => c.reason === 'problem_reported')!;
    assert.ok(problem.priority === 'high' || problem.priority === 'urgent', problem.priority);

    const page2 = await (await page(`/t/${token}?lang=en`)).text();
    const before = (await h.herald.store.reads.listOrderCases('default', ADDRESS_ORDER.ref)).length;
    const sent = await h.request(`/t/${token}/actions/instructions`, form({ form_token: hiddenField(page2, 'instructions', 'form_token'), parcel: 'JJD000390007412345', instructions: 'Ring twice, 3rd floor' }, '198.51.100.2'));
    assert.equal(sent.status, 303);
    const events = await h.herald.store.reads.listOrderEvents('default', ADDRESS_ORDER.ref, 100);
    assert.ok(events.some((e) => e.event.type === 'customer.delivery_instructions' && e.event.attributes?.['instructions'] === 'Ring twice, 3rd floor'));
    assert.equal((await h.herald.store.reads.listOrderCases('default', ADDRESS_ORDER.ref)).length, before);
  });

  test('bad input names the field next to it and keeps what was typed; a forged form token or an action the parcel does not offer is refused', async () => {
    const html = await (await page(`/t/${token}?lang=de`)).text();
    const formToken = hiddenField(html, 'address', 'form_token');
    const response = await h.request(`/t/${token}/actions/address?lang=de`, form({ form_token: formToken, parcel: 'JJD000390007412345', choice: 'correct', line1: 'Hauptstraße 5', postal_code: 'x'.repeat(21), city: '' }, '198.51.100.3'));
    assert.equal(response.status, 422);
    const body = await response.text();
    assert.match(body, /id="address-1-postal_code-error">Bitte höchstens 20 Zeichen verwenden\./);
    assert.match(body, /id="address-1-city-error">Bitte füllen Sie dieses Feld aus\./);
    assert.match(body, /name="line1" value="Hauptstraße 5"/, 'what was typed is kept');
    assert.match(body, /id="address-1-city"[^>]*aria-invalid="true"/);
    assert.match(body, /<details open="">/);

    const forged = await h.request(`/t/${token}/actions/address`, form({ form_token: 'x'.repeat(32), parcel: 'JJD000390007412345', choice: 'confirm' }, '198.51.100.3'));
    assert.equal(forged.status, 403);
    const otherPage = await h.request(`/t/${deliveredToken}/actions/address`, form({ form_token: formToken, parcel: 'JJD000390007412345', choice: 'confirm' }, '198.51.100.3'));
    assert.equal(otherPage.status, 403, "one page's token does not work on another page");
    const delivered = await (await page(`/t/${deliveredToken}`)).text();
    const refund = await h.request(`/t/${deliveredToken}/actions/refund`, form({ form_token: hiddenField(delivered, 'problem', 'form_token'), parcel: '1Z999AA10123456784' }, '198.51.100.3'));
    assert.equal(refund.status, 403);
  });

  test('visits are counted per store and day, batched', async () => {
    await page(`/t/${token}`);
    const deadline = Date.now() + 5_000;
    let counts: Record<string, number> = {};
    while (Date.now() < deadline) {
      const rows = await h.herald.store.reads.listPageVisits('default', '2026-11-01');
      counts = Object.fromEntries(rows.map((r) => [r.page, r.visits]));
      if ((counts['tracking'] ?? 0) > 0 && (counts['lookup_failed'] ?? 0) > 0 && (counts['lookup'] ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok((counts['tracking'] ?? 0) >= 1, JSON.stringify(counts));
    assert.ok((counts['lookup'] ?? 0) >= 2, JSON.stringify(counts));
    assert.ok((counts['lookup_failed'] ?? 0) >= 3, JSON.stringify(counts));
    assert.ok((counts['tracking_json'] ?? 0) >= 1, JSON.stringify(counts));
    const rows = await h.herald.store.reads.listPageVisits('default', '2026-11-01');
    assert.ok(rows.every((r) => r.day === '2026-11-20'), 'counted on the clock\'s day');
  });
});
