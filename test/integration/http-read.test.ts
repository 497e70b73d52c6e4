// The read API: an order with its parcels in plain words and its timeline; one parcel; carrier
// detection; a real carrier history replayed in shuffled order ends in the right state.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

const SHIPPO_HISTORY = new URL('../../../shared/fixtures/payloads/shippo_track_get_usps_delivered_2017.json', import.meta.url);

interface OrderView {
  order: Record<string, unknown> & { status: string; ref: string; customer_ref: string };
  shipments: { tracking_number: string; carrier: string; state: string; state_words: string; reason: string | null; reason_words: string | null; action_by: string | null; last_location: { city?: string } | null; carrier_candidates: string[]; carrier_ambiguous: boolean }[];
  timeline: { id: string; effect: string; arrived_late: boolean; state: string | null; words: string }[];
}

async function postAll(h: TestHerald, events: unknown[]): Promise<void> {
  const response = await h.request('/v1/events/batch', jsonBody(events));
  assert.equal(response.status, 200, await response.clone().text());
}

describe('read API', () => {
  let h: TestHerald;
  before(async () => (h = await startTestHerald()));
  after(async () => h.close());

  test('a split order reads as partially delivered, with each parcel in plain words', async () => {
    await postAll(h, [
      { id: 'p1', type: 'order.placed', occurred_at: '2026-11-18T09:00:00Z', order_ref: '820982911946154508', customer_ref: '7390571430123456789', order: { total: '249.00', currency: 'USD' } },
      { id: 'p2', type: 'order.paid', occurred_at: '2026-11-18T09:01:00Z', order_ref: '820982911946154508' },
      { id: 's1', type: 'fulfillment.created', occurred_at: '2026-11-18T15:00:00Z', order_ref: '820982911946154508', shipment: { carrier: 'ups', tracking_number: '1Z999AA10123456784', state: 'label_created' } },
      { id: 's2', type: 'shipment.updated', occurred_at: '2026-11-19T15:00:00Z', order_ref: '820982911946154508', shipment: { tracking_number: '1Z999AA10123456784', state: 'delivered', location: { city: 'Austin', country: 'US' } } },
      { id: 's3', type: 'shipment.updated', occurred_at: '2026-11-19T16:00:00Z', order_ref: '820982911946154508', shipment: { carrier: 'usps', tracking_number: '9400 1000 0000 0000 0000 00', state: 'delivery_attempted', reason: 'recipient_unavailable' } },
    ]);
    const response = await h.request('/v1/orders/820982911946154508');
    assert.equal(response.status, 200);
    const view = (await response.json()) as OrderView;
    assert.equal(view.order.ref, '820982911946154508', 'an id above 2^53 survives end to end');
    assert.equal(view.order.customer_ref, '7390571430123456789');
    assert.equal(view.order.status, 'partially_delivered');
    assert.equal(view.order['needs_attention'], true);
    const attempted = view.shipments.find((s) => s.carrier === 'usps')!;
    assert.equal(attempted.tracking_number, '9400100000000000000000');
    assert.equal(attempted.reason_words, 'Nobody was available to receive the parcel');
    assert.equal(attempted.action_by, 'recipient');
    assert.deepEqual(view.timeline.map((e) => e.id), ['p1', 'p2', 's1', 's2', 's3']);
  });

  test('a late in_transit after delivered is in the timeline, marked, and changes nothing', async () => {
    await postAll(h, [
      { id: 'l1', type: 'shipment.updated', occurred_at: '2026-11-19T08:00:00Z', order_ref: 'L-1', shipment: { carrier: 'ups', tracking_number: '1Z12345E0205271688', state: 'in_transit' } },
      { id: 'l2', type: 'shipment.updated', occurred_at: '2026-11-20T13:00:00Z', order_ref: 'L-1', shipment: { tracking_number: '1Z12345E0205271688', state: 'delivered' } },
    ]);
    await postAll(h, [{ id: 'l3', type: 'shipment.updated', occurred_at: '2026-11-19T20:00:00Z', order_ref: 'L-1', shipment: { tracking_number: '1Z12345E0205271688', state: 'in_transit' } }]);
    const view = (await (await h.request('/v1/orders/L-1')).json()) as OrderView;
    assert.equal(view.shipments[0]!.state, 'delivered');
    const late = view.timeline.find((e) => e.id === 'l3')!;
    assert.equal(late.arrived_late, true);
    assert.equal(late.effect, 'no_change');
    assert.deepEqual(view.timeline.map((e) => e.id), ['l1', 'l3', 'l2'], 'ordered by when it happened');
  });

  test('GET /v1/shipments/{carrier}/{tracking_number} answers one parcel and 404s a wrong carrier', async () => {
    const response = await h.request('/v1/shipments/ups/1z12345e0205271688');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { shipment: { state: string }; timeline: unknown[] };
    assert.equal(body.shipment.state, 'delivered');
    assert.equal(body.timeline.length, 3);
    assert.equal((await h.request('/v1/shipments/fedex/1Z12345E0205271688')).status, 404);
  });

  test('a tracking number without a carrier gets the detected one; detection is served too', async () => {
    await postAll(h, [{ id: 'd1', type: 'shipment.updated', occurred_at: '2026-11-19T08:00:00Z', order_ref: 'D-1', shipment: { tracking_number: '1Z999AA10123456784', state: 'in_transit' } }]);
    const detection = (await (await h.request('/v1/tracking-numbers/1Z999AA10123456784/carrier')).json()) as { carrier: string; candidates: { checksum: string }[] };
    assert.equal(detection.carrier, 'ups');
    assert.equal(detection.candidates[0]!.checksum, 'valid');
    const unknown = (await (await h.request('/v1/tracking-numbers/NOT-A-NUMBER/carrier')).json()) as { carrier: string | null; candidates: unknown[] };
    assert.equal(unknown.carrier, null);
    assert.deepEqual(unknown.candidates, []);
  });

  test('provider codes are mapped through the vocabulary and kept raw', async () => {
    await postAll(h, [
      { id: 'v1', type: 'shipment.updated', occurred_at: '2026-11-19T08:00:00Z', order_ref: 'V-1', shipment: { carrier: 'usps', tracking_number: '9405516902697649303570', provider_status: { provider: 'aftership', parent: 'Exception', sub: 'Exception_011' } } },
      { id: 'v2', type: 'shipment.updated', occurred_at: '2026-11-19T08:00:00Z', order_ref: 'V-2', shipment: { carrier: 'dhl', tracking_number: 'JJD0099999999', provider_status: { provider: '17track', parent: 'Exception', sub: 'Exception_Brand_New_Code' } } },
    ]);
    const returned = (await (await h.request('/v1/orders/V-1')).json()) as OrderView;
    assert.equal(returned.shipments[0]!.state, 'returned_to_sender');
    const fallback = (await (await h.request('/v1/orders/V-2')).json()) as OrderView;
    assert.equal(fallback.shipments[0]!.state, 'exception', 'an unknown sub-status falls back to its parent');
  });

  test('a real carrier history replayed in any order ends delivered', { skip: !existsSync(SHIPPO_HISTORY) && 'shared fixtures absent' }, async () => {
    const track = JSON.parse(readFileSync(SHIPPO_HISTORY, 'utf8')) as { tracking_number: string; tracking_history: { status: string; status_date: string; status_details: string; location: { city: string; state: string; zip: string; country: string } | null }[] };
    const events = track.tracking_history.map((entry, index) => ({
      id: `shippo-${index}`,
      type: 'shipment.updated',
      occurred_at: entry.status_date,
      order_ref: 'SHIPPO-1',
      shipment: { carrier: 'usps', tracking_number: track.tracking_number, provider_status: { provider: 'shippo', parent: entry.status }, location: entry.location ? { city: entry.location.city, region: entry.location.state, postal_code: entry.location.zip, country: entry.location.country } : undefined, message: entry.status_details },
    }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), async (shuffled) => {
        run += 1;
        const ref = `SHIPPO-${run}`;
        const tn = `${track.tracking_number}${run}`;
        for (const event of shuffled) {
          const copy = { ...event, id: `${event.id}-${run}`, order_ref: ref, shipment: { ...event.shipment, tracking_number: tn } };
          const response = await h.request('/v1/events', jsonBody(copy));
          assert.equal(response.status, 201, await response.clone().text());
        }
        const view = (await (await h.request(`/v1/orders/${ref}`)).json()) as OrderView;
        assert.equal(view.shipments[0]!.state, 'delivered');
        assert.equal(view.order.status, 'delivered');
      }),
      { numRuns: 15 },
    );
  });

  test('healthz and readyz answer without a key', async () => {
    assert.equal((await h.request('/healthz', { key: null })).status, 200);
    const ready = (await (await h.request('/readyz', { key: null })).json()) as { ready: boolean };
    assert.equal(ready.ready, true);
  });
});
