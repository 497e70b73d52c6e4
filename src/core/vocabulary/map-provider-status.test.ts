// The mapping rules of DESIGN.md §5 and the integrity of every provider table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PROVIDERS,
  PROVIDER_TABLES,
  isProvider,
  mapProviderStatus,
  normalizeCode,
} from './map-provider-status.ts';
import type { MappedStatus, Provider, ProviderStatus } from './map-provider-status.ts';
import { isShipmentReason } from './shipment-reasons.ts';
import { isShipmentState } from './shipment-states.ts';

function tableOf(provider: Provider) {
  return PROVIDER_TABLES[provider];
}

test('every state and reason written in a table belongs to the vocabulary', () => {
  for (const provider of PROVIDERS) {
    const { parents, subs } = tableOf(provider);
    for (const [code, row] of Object.entries(parents)) {
      assert.ok(isShipmentState(row.state), `${provider} parent ${code}: state ${row.state}`);
      if (row.reason !== undefined) assert.ok(isShipmentReason(row.reason), `${provider} ${code}`);
    }
    for (const [code, row] of Object.entries(subs)) {
      if (row.state !== undefined) assert.ok(isShipmentState(row.state), `${provider} sub ${code}`);
      if (row.reason !== undefined) assert.ok(isShipmentReason(row.reason), `${provider} ${code}`);
    }
  }
});

test('no two codes in one table collide once case and spacing are ignored', () => {
  for (const provider of PROVIDERS) {
    for (const [part, rows] of Object.entries(tableOf(provider))) {
      const codes = Object.keys(rows);
      const keys = new Set(codes.map(normalizeCode));
      assert.equal(keys.size, codes.length, `${provider} ${part}`);
      for (const code of codes) assert.equal(code, code.trim(), `${provider} ${part} '${code}'`);
    }
  }
});

test('every parent code maps exactly to its own row', () => {
  for (const provider of PROVIDERS) {
    for (const [code, row] of Object.entries(tableOf(provider).parents)) {
      const expectedReason = row.reason ?? (row.state === 'exception' ? 'other' : null);
      assert.deepEqual(
        mapProviderStatus(provider, { parent: code }),
        { state: row.state, reason: expectedReason, match: 'exact', unmappedCode: null },
        `${provider} ${code}`,
      );
    }
  }
});

test('every sub-status code maps exactly under every parent of its provider', () => {
  for (const provider of PROVIDERS) {
    const { parents, subs } = tableOf(provider);
    for (const [parentCode, parent] of Object.entries(parents)) {
      for (const [subCode, sub] of Object.entries(subs)) {
        const state = sub.state ?? parent.state;
        const reason =
          sub.reason ?? (state === parent.state ? parent.reason : undefined) ?? (state === 'exception' ? 'other' : null);
        assert.deepEqual(
          mapProviderStatus(provider, { parent: parentCode, sub: subCode }),
          { state, reason, match: 'exact', unmappedCode: null },
          `${provider} ${parentCode}/${subCode}`,
        );
      }
    }
  }
});

test('an unknown sub-status falls back to its parent and is reported', () => {
  assert.deepEqual(mapProviderStatus('aftership', { parent: 'Exception', sub: 'Exception_999' }), {
    state: 'exception',
    reason: 'other',
    match: 'sub_unmapped',
    unmappedCode: 'Exception_999',
  });
  assert.deepEqual(mapProviderStatus('karrio', { parent: 'on_hold', sub: 'brand_new_reason' }), {
    state: 'exception',
    reason: 'held_at_facility',
    match: 'sub_unmapped',
    unmappedCode: 'brand_new_reason',
  });
  assert.deepEqual(mapProviderStatus('easypost', { parent: 'in_transit', sub: '  Teleported  ' }), {
    state: 'in_transit',
    reason: null,
    match: 'sub_unmapped',
    unmappedCode: 'Teleported',
  });
  // Shopify has no sub-status at all, so anything given as one is new.
  assert.equal(mapProviderStatus('shopify', { parent: 'in_transit', sub: 'x' }).match, 'sub_unmapped');
});

test('an unknown parent becomes unknown even when the sub-status is known', () => {
  const expected: MappedStatus = { state: 'unknown', reason: null, match: 'parent_unmapped', unmappedCode: 'Lost' };
  assert.deepEqual(mapProviderStatus('aftership', { parent: 'Lost' }), expected);
  assert.deepEqual(mapProviderStatus('aftership', { parent: 'Lost', sub: 'Exception_013' }), expected);
  assert.deepEqual(mapProviderStatus('17track', { parent: '60' }), { ...expected, unmappedCode: '60' });
  // A code valid for one provider means nothing to another.
  assert.equal(mapProviderStatus('shippo', { parent: 'in_transit' }).match, 'parent_unmapped');
});

test('a missing, null or blank sub-status means the parent alone, matched exactly', () => {
  for (const sub of [undefined, null, '', '   ']) {
    const status: ProviderStatus = sub === undefined ? { parent: 'TRANSIT' } : { parent: 'TRANSIT', sub };
    assert.deepEqual(mapProviderStatus('shippo', status), {
      state: 'in_transit',
      reason: null,
      match: 'exact',
      unmappedCode: null,
    });
  }
});

test('a sub-status that moves the state drops the reason its parent gave', () => {
  // Karrio delivery_failed has no reason; on_hold names held_at_facility.
  assert.deepEqual(mapProviderStatus('karrio', { parent: 'on_hold', sub: 'retailer_cancelled' }), {
    state: 'cancelled',
    reason: null,
    match: 'exact',
    unmappedCode: null,
  });
  // ...but a sub-status that keeps the state keeps the parent's reason unless it names its own.
  assert.equal(mapProviderStatus('karrio', { parent: 'on_hold', sub: 'unknown' }).reason, 'held_at_facility');
  assert.equal(mapProviderStatus('karrio', { parent: 'on_hold', sub: 'customs_delay' }).reason, 'customs_delay');
});

test('an exception without any reason gets `other`; other states get null', () => {
  assert.equal(mapProviderStatus('easypost', { parent: 'failure' }).reason, 'other');
  assert.equal(mapProviderStatus('aftership', { parent: 'Exception', sub: 'Exception_014' }).reason, 'other');
  assert.equal(mapProviderStatus('aftership', { parent: 'AttemptFail', sub: 'AttemptFail_001' }).reason, null);
  assert.equal(mapProviderStatus('17track', { parent: 'InTransit', sub: 'InTransit_CustomsProcessing' }).reason, null);
});

test('lookups ignore case and surrounding spaces', () => {
  const variants: readonly [Provider, string, string | null, string][] = [
    ['shopify', 'in_transit', null, 'in_transit'],
    ['shopify', 'IN_TRANSIT', null, 'in_transit'],
    ['shopify', ' In_Transit ', null, 'in_transit'],
    ['shopify', 'label_printed', null, 'label_created'],
    ['shopify', 'ATTEMPTED_DELIVERY', null, 'delivery_attempted'],
    ['shippo', 'transit', 'NOTICE_LEFT', 'delivery_attempted'],
    ['shippo', 'Transit', 'Pickup_Available', 'available_for_pickup'],
    ['aftership', 'intransit', null, 'in_transit'],
    ['aftership', 'EXCEPTION', 'exception_011', 'returned_to_sender'],
    ['easypost', 'Return_To_Sender', null, 'returning_to_sender'],
    ['17track', 'delivered', 'DELIVERED_OTHER', 'delivered'],
    ['karrio', 'DELIVERY_FAILED', 'Consignee_Not_Home', 'delivery_attempted'],
  ];
  for (const [provider, parent, sub, state] of variants) {
    const mapped = mapProviderStatus(provider, { parent, sub });
    assert.equal(mapped.state, state, `${provider} ${parent}/${String(sub)}`);
    assert.equal(mapped.match, 'exact', `${provider} ${parent}/${String(sub)}`);
  }
});

test('17TRACK v1 numeric states match as number-like strings', () => {
  for (const code of ['40', ' 40 ', '040', '40.0', '40.00']) {
    assert.deepEqual(mapProviderStatus('17track', { parent: code }), {
      state: 'delivered',
      reason: null,
      match: 'exact',
      unmappedCode: null,
    });
  }
  // JSON callers may pass the raw number straight through.
  const fromNumber = mapProviderStatus('17track', { parent: 35 as unknown as string });
  assert.equal(fromNumber.state, 'delivery_attempted');
  assert.equal(mapProviderStatus('17track', { parent: '40.5' }).match, 'parent_unmapped');
  assert.equal(mapProviderStatus('17track', { parent: '-40' }).match, 'parent_unmapped');
});

test('the unmapped code keeps the provider spelling, only trimmed', () => {
  assert.equal(mapProviderStatus('shippo', { parent: ' IN_CUSTOMS ' }).unmappedCode, 'IN_CUSTOMS');
  assert.equal(mapProviderStatus('shippo', { parent: '' }).unmappedCode, '');
});

test('codes that are names of Object.prototype members are just unknown codes', () => {
  for (const provider of PROVIDERS) {
    for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.equal(mapProviderStatus(provider, { parent: code }).state, 'unknown', `${provider} ${code}`);
      const known = Object.keys(tableOf(provider).parents)[0] ?? '';
      assert.notEqual(mapProviderStatus(provider, { parent: known, sub: code }).match, 'parent_unmapped');
    }
  }
});

test('malformed input from untyped callers never throws', () => {
  const weird: unknown[] = [null, undefined, 42, {}, [], { parent: null }, { parent: {} }, { parent: NaN }];
  for (const provider of [...PROVIDERS, 'ups', '', '__proto__'] as Provider[]) {
    for (const status of weird) {
      const mapped = mapProviderStatus(provider, status as ProviderStatus);
      assert.ok(isShipmentState(mapped.state));
    }
  }
  assert.equal(mapProviderStatus('ups' as Provider, { parent: 'delivered' }).match, 'parent_unmapped');
});

test('any strings at all map to a valid state without throwing', () => {
  fc.assert(
    fc.property(fc.constantFrom(...PROVIDERS), fc.string(), fc.option(fc.string()), (provider, parent, sub) => {
      const mapped = mapProviderStatus(provider, { parent, sub });
      assert.ok(isShipmentState(mapped.state));
      assert.ok(mapped.reason === null || isShipmentReason(mapped.reason));
      assert.equal(mapped.unmappedCode === null, mapped.match === 'exact');
      if (mapped.match === 'parent_unmapped') assert.equal(mapped.state, 'unknown');
    }),
    { numRuns: 2000 },
  );
});

test('isProvider accepts exactly the listed providers', () => {
  for (const provider of PROVIDERS) assert.ok(isProvider(provider));
  for (const value of ['AfterShip', 'seventeentrack', '', 'ups', null, 17, {}]) assert.ok(!isProvider(value));
});
