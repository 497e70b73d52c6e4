// A rendered tracking page is served again only while nothing it shows has changed: a new scan,
// a late scan that moves a step, the store's settings and the language each make a fresh page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestHerald, type TestHerald } from '../support/test-herald.ts';
import { ADDRESS_ORDER, postFixtures, trackingTokenOf } from './tracking-fixtures.ts';

describe('tracking page reuse', () => {
  let h: TestHerald;
  let token: string;
  let renders = 0;
  before(async () => {
    h = await startTestHerald();
    await postFixtures((path, init) => h.request(path, init));
    token = await trackingTokenOf(h.herald.store, ADDRESS_ORDER.ref);
    // Every fresh page reads its parcels' events; a reused one does not.
    const reads = h.herald.store.reads;
    const listShipmentEvents = reads.listShipmentEvents.bind(reads);
    reads.listShipmentEvents = (...args) => {
      renders += 1;
      return listShipmentEvents(...args);
    };
  });
  after(async () => h.close());

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const response = await h.request(path, { key: null, headers });
    assert.equal(response.status, 200);
    return response.text();
  };
  const scan = (id: string, at: string, city: string) =>
    h.request('/v1/events', { method: 'POST', body: JSON.stringify({ id, type: 'shipment.updated', occurred_at: at, order_ref: ADDRESS_ORDER.ref, shipment: { tracking_number: 'JJD000390007412345', state: 'in_transit', location: { city, country: 'DE' } } }) });

  test('the same page twice is rendered once', async () => {
    const before = renders;
    const first = await page(`/t/${token}?lang=en`);
    const second = await page(`/t/${token}?lang=en`);
    assert.equal(second, first);
    assert.equal(renders - before, 1);
  });

  test('a new scan shows at once', async () => {
    await page(`/t/${token}?lang=en`);
    assert.equal((await scan('reuse-1', '2026-11-19T12:00:00Z', 'Potsdam')).status, 201);
    const after = await page(`/t/${token}?lang=en`);
    assert.ok(after.includes('in Potsdam, DE'), 'the last scan is the new one');
  });

  test('a late scan that only moves when the parcel was first on its way shows too', async () => {
    const earlier = await page(`/t/${token}?lang=en`);
    assert.equal((await scan('reuse-late', '2026-11-17T20:00:00Z', 'Halle')).status, 201);
    const later = await page(`/t/${token}?lang=en`);
    assert.notEqual(later, earlier);
    assert.ok(later.includes('Tue 17 Nov'), 'the on-its-way step is dated by the late scan');
  });

  test('another language, or other browser languages, is its own page', async () => {
    const english = await page(`/t/${token}?lang=en`);
    const german = await page(`/t/${token}?lang=de`);
    assert.match(german, /<html lang="de">/);
    assert.match(await page(`/t/${token}`, { 'accept-language': 'fr' }), /<html lang="fr">/);
    assert.match(await page(`/t/${token}`, { 'accept-language': 'es' }), /<html lang="es">/);
    assert.equal(await page(`/t/${token}?lang=en`), english);
  });

  test('browsers that ask for the same language in other words share one page', async () => {
    await page(`/t/${token}`, { 'accept-language': 'fr-CH, fr;q=0.9' });
    const before = renders;
    assert.match(await page(`/t/${token}`, { 'accept-language': 'fr-FR,fr;q=0.8,en;q=0.5' }), /<html lang="fr">/);
    assert.match(await page(`/t/${token}?lang=fr`), /<html lang="fr">/);
    assert.equal(renders, before);
  });

  test("the store's new brand shows once the settings are read again", async () => {
    await page(`/t/${token}?lang=en`);
    const saved = await h.request('/v1/settings', { method: 'PATCH', body: JSON.stringify({ brand: { name: 'Rösterei Süd' } }) });
    assert.equal(saved.status, 200);
    h.clock.advance(1_500);
    assert.ok((await page(`/t/${token}?lang=en`)).includes('Rösterei Süd'));
  });
});
