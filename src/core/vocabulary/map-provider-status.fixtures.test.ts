// Conformance: the status codes inside real provider payloads (../shared/fixtures/payloads, see
// its README for provenance) must all be known to our tables. Skips when the folder is absent.

import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mapProviderStatus } from './map-provider-status.ts';
import type { Provider } from './map-provider-status.ts';
import type { ShipmentState } from './shipment-states.ts';

// src/core/vocabulary -> src/core -> src -> repo -> the shared folder beside the repo.
const PAYLOADS = new URL('../../../../shared/fixtures/payloads/', import.meta.url);

type Json = Record<string, unknown>;

/** Reads one fixture, or skips the test when the shared fixtures are not checked out. */
function loadFixture(t: TestContext, name: string): Json | undefined {
  const file = new URL(name, PAYLOADS);
  if (!existsSync(file)) {
    t.skip(`fixture ${name} not found under ${PAYLOADS.pathname}`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function assertKnown(provider: Provider, parent: unknown, sub: unknown, state?: ShipmentState): void {
  const codes = { parent: text(parent) ?? '', sub: text(sub) };
  const mapped = mapProviderStatus(provider, codes);
  assert.equal(mapped.match, 'exact', `${provider} ${JSON.stringify(codes)} -> ${JSON.stringify(mapped)}`);
  if (state !== undefined) assert.equal(mapped.state, state, `${provider} ${JSON.stringify(codes)}`);
}

test('AfterShip tracking_update: the tracking and every checkpoint tag/subtag are known', (t) => {
  const body = loadFixture(t, 'aftership_tracking_update_intransit.json');
  if (body === undefined) return;
  assertKnown('aftership', field(body, 'msg', 'tag'), field(body, 'msg', 'subtag'), 'in_transit');
  const checkpoints = list(field(body, 'msg', 'checkpoints'));
  assert.ok(checkpoints.length > 0);
  for (const checkpoint of checkpoints) {
    assertKnown('aftership', field(checkpoint, 'tag'), field(checkpoint, 'subtag'));
  }
});

test('EasyPost trackers: status/status_detail and every tracking detail are known', (t) => {
  const cases = [
    ['easypost_tracker_updated_event.json', ['result'], 'in_transit'],
    ['easypost_tracker_EZ1000000001_test_mode.json', [], 'label_created'],
  ] as const;
  for (const [name, path, state] of cases) {
    const body = loadFixture(t, name);
    if (body === undefined) return;
    const tracker = field(body, ...path);
    assertKnown('easypost', field(tracker, 'status'), field(tracker, 'status_detail'), state);
    const details = list(field(tracker, 'tracking_details'));
    assert.ok(details.length > 0, name);
    for (const detail of details) assertKnown('easypost', field(detail, 'status'), field(detail, 'status_detail'));
  }
});

test('Shippo tracks: tracking_status and tracking_history are known', (t) => {
  const cases = [
    ['shippo_track_updated_docs_example.json', ['data']],
    ['shippo_track_get_usps_delivered_2017.json', []],
  ] as const;
  for (const [name, path] of cases) {
    const body = loadFixture(t, name);
    if (body === undefined) return;
    const track = field(body, ...path);
    const current = field(track, 'tracking_status');
    // The docs sample pairs DELIVERED with information_received; the parent must win.
    assertKnown('shippo', field(current, 'status'), field(current, 'substatus', 'code'), 'delivered');
    const history = list(field(track, 'tracking_history'));
    assert.ok(history.length > 0, name);
    for (const entry of history) assertKnown('shippo', field(entry, 'status'), field(entry, 'substatus', 'code'));
  }
});

test('17TRACK TRACKING_UPDATED: latest_status status/sub_status are known', (t) => {
  const body = loadFixture(t, '17track_v2_tracking_updated_delivered.json');
  if (body === undefined) return;
  const latest = field(body, 'data', 'track_info', 'latest_status');
  assertKnown('17track', field(latest, 'status'), field(latest, 'sub_status'), 'delivered');
});

test('Shopify fulfillment events and fulfillments: statuses are known', (t) => {
  const event = loadFixture(t, 'shopify_fulfillment_events_create_docs_sample.json');
  if (event === undefined) return;
  assertKnown('shopify', field(event, 'status'), null, 'in_transit');

  const fulfillment = loadFixture(t, 'shopify_fulfillments_create_docs_sample.json');
  if (fulfillment === undefined) return;
  // The docs sample has no shipment_status yet (null): nothing to map, which is fine.
  const shipmentStatus = text(field(fulfillment, 'shipment_status'));
  if (shipmentStatus !== null) assertKnown('shopify', shipmentStatus, null);
});
