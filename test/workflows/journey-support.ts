// Scripted order journeys on a fake clock: post canonical events at the moment they happen, run
// the due jobs until none is left, and read back which messages, cases and run-log lines resulted.

import assert from 'node:assert/strict';
import { isoAt } from '../../src/core/ports/clock.ts';
import type { StoreSettings } from '../../src/core/settings/store-settings.ts';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface Customer {
  email?: string;
  phone?: string;
  first_name?: string;
  locale?: string;
  accepts_sms?: boolean;
  accepts_email_marketing?: boolean;
}

export interface OrderFacts {
  number?: string;
  total?: string;
  currency?: string;
  tags?: string[];
  shipping_method?: string;
  destination?: { country?: string; region?: string; postal_code?: string; city?: string };
  customer?: Customer;
}

export interface ShipmentFacts {
  carrier?: string;
  tracking_number: string;
  state: string;
  reason?: string;
  estimated_delivery_at?: string;
  location?: { city?: string; region?: string; postal_code?: string; country?: string };
}

/** A US customer reachable by email and SMS, in New York (America/New_York). */
export const ADA: Customer = { email: 'ada@example.com', phone: '+12125550100', first_name: 'Ada', locale: 'en-US', accepts_sms: true };
export const NEW_YORK = { country: 'US', region: 'NY', postal_code: '10001', city: 'New York' };

/** A workflow that drafts a VIP's delay notice for an agent to approve (cases and dashboard tests). */
export const VIP_DELAY_DRAFT_WORKFLOW = `
id: vip-delay-draft
name: VIP delay, drafted for approval
trigger:
  signal: stalled
conditions:
  path: order.vip
  op: eq
  value: true
steps:
  - notify:
      milestone: vip_delay
      channels: [email]
      approval: true
      message:
        subject: "About your order {{ order.number }}"
        text: "Hi {{ customer.first_name }}, your parcel is taking longer than planned."
`;

export interface Journey {
  t: TestHerald;
  /** Post one event at the fake clock's current time (the clock is first set to `occurred_at` unless told not to). */
  post(event: Record<string, unknown>, options?: { keepClock?: boolean }): Promise<number>;
  /** Run due jobs until none is claimed. */
  drain(): Promise<number>;
  /** Move the clock to `iso` (or by `ms`) and run whatever fell due. */
  at(iso: string): Promise<void>;
  advance(ms: number): Promise<void>;
  settings(patch: Partial<StoreSettings>): Promise<void>;
  notifications(ref: string): Promise<{ milestone: string; channel: string; status: string; reason: string | null; trackingNumber: string | null }[]>;
  /** The milestones sent for an order, in order of creation. */
  sent(ref: string): Promise<string[]>;
  activity(ref: string): ReturnType<TestHerald['herald']['store']['reads']['listOrderActivity']>;
  close(): Promise<void>;
}

export async function startJourney(settings: Partial<StoreSettings> = {}, env: Record<string, string> = {}, options: Parameters<typeof startTestHerald>[1] = {}): Promise<Journey> {
  const t = await startTestHerald(env, options);
  const reads = t.herald.store.reads;
  const journey: Journey = {
    t,
    async post(event, options = {}) {
      if (!options.keepClock && typeof event['occurred_at'] === 'string') t.clock.set(Date.parse(event['occurred_at']));
      const response = await t.request('/v1/events', jsonBody(event));
      const body = await response.text();
      assert.ok(response.status === 201 || response.status === 200, `event ${String(event['id'])}: ${response.status} ${body}`);
      return response.status;
    },
    async drain() {
      let total = 0;
      for (let round = 0; round < 50; round++) {
        const result = await t.herald.fireDue();
        assert.equal(result.failed, 0, `a job failed at ${isoAt(t.clock.nowMs())}`);
        if (result.claimed === 0) return total;
        total += result.claimed;
      }
      assert.fail('jobs kept coming after 50 rounds');
    },
    async at(iso) {
      const ms = Date.parse(iso);
      assert.ok(ms >= t.clock.nowMs(), `time only moves forward: ${iso} is before ${isoAt(t.clock.nowMs())}`);
      t.clock.set(ms);
      await journey.drain();
    },
    async advance(ms) {
      t.clock.advance(ms);
      await journey.drain();
    },
    async settings(patch) {
      await t.herald.store.admin.saveStoreSettings('default', patch, isoAt(t.clock.nowMs()));
      t.herald.catalog.invalidate('default');
    },
    async notifications(ref) {
      const list = await reads.listOrderNotifications('default', ref);
      return list.map((n) => ({ milestone: n.milestone, channel: n.channel, status: n.status, reason: n.statusReason, trackingNumber: n.trackingNumber }));
    },
    async sent(ref) {
      const list = await reads.listOrderNotifications('default', ref);
      return list.filter((n) => n.status === 'sent').map((n) => n.milestone);
    },
    activity: (ref) => reads.listOrderActivity('default', ref, 1_000),
    close: () => t.close(),
  };
  await journey.settings(settings);
  return journey;
}

/** Event builders: ids are unique per journey unless the test reuses them on purpose. */
export function orderEvent(id: string, type: string, ref: string, occurredAt: string, order: OrderFacts | null = null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type, occurred_at: occurredAt, order_ref: ref, ...(order ? { order } : {}), ...extra };
}

export function shipmentEvent(id: string, ref: string, occurredAt: string, shipment: ShipmentFacts): Record<string, unknown> {
  return { id, type: 'shipment.updated', occurred_at: occurredAt, order_ref: ref, shipment: { carrier: 'ups', ...shipment } };
}
