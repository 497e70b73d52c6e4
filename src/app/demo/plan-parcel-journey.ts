// One parcel's carrier scans for the demo week: pickup at the warehouse, hub scans, customs for
// international parcels, then the day it is out for delivery. A parcel's fate bends the journey:
// it stalls (scans stop), fails delivery, goes back to the sender, is held in customs or is lost.

import { HUBS, ORIGIN } from './demo-catalog.ts';
import type { DemoScan } from './demo-payloads.ts';
import type { DemoCarrier } from './demo-tracking-numbers.ts';
import type { DemoRandom } from './seeded-random.ts';

export const DEMO_FATES = ['delivered', 'stalled', 'attempted', 'attempted_twice', 'returned', 'lost', 'customs_hold', 'cancelled', 'unshipped'] as const;
export type DemoFate = (typeof DEMO_FATES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface JourneyInput {
  carrier: DemoCarrier;
  fate: DemoFate;
  shippedAtMs: number;
  destination: { city: string; region: string; country: string };
  transitDays: number;
}

export interface Journey {
  scans: DemoScan[];
  /** The day the carrier expects to deliver, `YYYY-MM-DD`. */
  estimatedDelivery: string;
}

/** The instant at `hour` (UTC, with random minutes) on the day of `ms`. */
function atHour(ms: number, hour: number, random: DemoRandom): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  return day + hour * HOUR_MS + random.int(0, 59) * 60_000;
}

/** Carriers do not deliver or pick up on Sundays: move to Monday. */
function skipSunday(ms: number): number {
  return new Date(ms).getUTCDay() === 0 ? ms + DAY_MS : ms;
}

export function planJourney(input: JourneyInput, random: DemoRandom): Journey {
  const { carrier, fate, destination } = input;
  const international = destination.country !== ORIGIN.country;
  const scans: DemoScan[] = [];
  const at = (kind: DemoScan['kind'], atMs: number, place: { city: string; region: string; country: string }, message: string) =>
    scans.push({ kind, atMs, city: place.city, region: place.region, country: place.country, message });
  const origin = { city: ORIGIN.city, region: ORIGIN.region, country: ORIGIN.country };
  const hub = (index: number) => {
    const list = HUBS[carrier];
    const [city, region, country] = list[index % list.length]!;
    return { city, region, country };
  };

  at('label', input.shippedAtMs + random.int(10, 60) * 60_000, origin, 'Shipping label created, awaiting item');
  // The evening truck, the same day when the parcel was packed before 21:00 UTC.
  const packedHour = new Date(input.shippedAtMs).getUTCHours();
  const pickupMs = skipSunday(atHour(input.shippedAtMs + (packedHour >= 21 ? DAY_MS : 0), 22, random));
  at('picked_up', pickupMs, origin, 'Picked up by the carrier');
  let deliveryDayMs = skipSunday(Math.floor(pickupMs / DAY_MS) * DAY_MS + input.transitDays * DAY_MS);
  const estimatedDelivery = new Date(deliveryDayMs).toISOString().slice(0, 10);

  const firstHub = hub(random.int(0, 3));
  at('in_transit', pickupMs + random.int(6, 10) * HOUR_MS, firstHub, `Arrived at ${carrier.toUpperCase()} facility`);
  if (fate === 'stalled') return { scans, estimatedDelivery };
  at('departed', pickupMs + random.int(12, 18) * HOUR_MS, firstHub, 'Departed facility');

  if (international) {
    const customsMs = deliveryDayMs - 2 * DAY_MS + random.int(2, 8) * HOUR_MS;
    at('customs_started', customsMs, destination, 'Clearance processing in progress');
    let clearedMs = customsMs + random.int(3, 8) * HOUR_MS;
    if (fate === 'customs_hold') {
      at('customs_held', customsMs + random.int(2, 5) * HOUR_MS, destination, 'Shipment on hold at customs: duties and documents under review');
      clearedMs = customsMs + random.int(30, 46) * HOUR_MS;
      deliveryDayMs = skipSunday(deliveryDayMs + 2 * DAY_MS);
    }
    at('customs_cleared', clearedMs, destination, 'Clearance processing complete');
  } else {
    // One arrival scan a day until the last leg.
    for (let day = 1; day < input.transitDays; day++) {
      // Sort centres work around the clock.
      const scanMs = pickupMs + day * DAY_MS + random.int(-8, 8) * HOUR_MS;
      if (scanMs >= deliveryDayMs) break;
      at('in_transit', scanMs, hub(day + 1), day === input.transitDays - 1 ? 'Arrived at destination facility' : 'Arrived at sort facility');
    }
  }
  if (fate === 'returned') {
    at('returning', scans.at(-1)!.atMs + random.int(8, 20) * HOUR_MS, scans.at(-1)!, 'Address unknown: returning to sender');
    return { scans, estimatedDelivery };
  }
  if (fate === 'lost') {
    at('lost', scans.at(-1)!.atMs + random.int(40, 60) * HOUR_MS, scans.at(-1)!, 'Shipment cannot be located: carrier investigation opened');
    return { scans, estimatedDelivery };
  }

  at('in_transit', deliveryDayMs + random.int(8, 10) * HOUR_MS, destination, 'Arrived at local delivery station');
  const attempts = fate === 'attempted' ? 1 : fate === 'attempted_twice' ? 2 : 0;
  let dayMs = deliveryDayMs;
  for (let attempt = 0; attempt < attempts; attempt++) {
    at('out_for_delivery', dayMs + random.int(12, 14) * HOUR_MS, destination, 'Out for delivery');
    at('attempt_failed', dayMs + random.int(17, 21) * HOUR_MS, destination, 'Delivery attempted: no one available to sign');
    dayMs = skipSunday(dayMs + DAY_MS);
  }
  if (attempts === 2) {
    at('returning', dayMs + random.int(14, 18) * HOUR_MS, destination, 'Returning to sender after two delivery attempts');
    return { scans, estimatedDelivery };
  }
  at('out_for_delivery', dayMs + random.int(12, 14) * HOUR_MS, destination, 'Out for delivery');
  at('delivered', dayMs + random.int(16, 22) * HOUR_MS, destination, random.chance(0.5) ? 'Delivered, front door' : 'Delivered, handed to resident');
  return { scans, estimatedDelivery };
}
