// Tracking numbers for the demo's parcels that Herald's own detection recognises: the right shape
// for the carrier and a valid check digit, never ambiguous with another carrier's format.

import { detectCarrier } from '../../core/carriers/detect-carrier.ts';
import type { DemoRandom } from './seeded-random.ts';

export const DEMO_CARRIERS = ['ups', 'usps', 'fedex', 'dhl'] as const;
export type DemoCarrier = (typeof DEMO_CARRIERS)[number];

const ALPHANUMERIC = '0123456789ABCDEFGHJKLMNPRSTVWXYZ';
const MAX_TRIES = 50;

/** Everything but the check digit, and the format Herald must read it as. */
const SHAPES: Readonly<Record<DemoCarrier, { formatId: string; body: (random: DemoRandom, international: boolean) => string }>> = {
  // 1Z, a shipper account, the service (03 Ground, 66 Worldwide Express), a package id.
  ups: { formatId: 'ups_1z', body: (random, international) => `1Z${random.chars(6, ALPHANUMERIC)}${international ? '66' : '03'}${random.chars(7)}` },
  // IMpb, USPS Tracking (94001) and a mailer's serial.
  usps: { formatId: 'usps_impb_n', body: (random) => `94001${random.chars(16)}` },
  // FedEx Express 12 digits.
  fedex: { formatId: 'fedex_12', body: (random) => `7${random.chars(10)}` },
  // DHL Express waybill, 10 digits with a mod-7 check.
  dhl: { formatId: 'dhl_express', body: (random) => `${random.int(1, 9)}${random.chars(8)}` },
};

/** A new tracking number for `carrier`; `taken` keeps the week's numbers unique. */
export function generateTrackingNumber(carrier: DemoCarrier, random: DemoRandom, options: { international?: boolean; taken?: Set<string> } = {}): string {
  const shape = SHAPES[carrier];
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const body = shape.body(random, options.international ?? false);
    for (let digit = 0; digit <= 9; digit++) {
      const number = `${body}${digit}`;
      if (options.taken?.has(number) || !isRecognised(number, carrier, shape.formatId)) continue;
      options.taken?.add(number);
      return number;
    }
  }
  throw new Error(`could not generate a ${carrier} tracking number in ${MAX_TRIES} tries`);
}

function isRecognised(number: string, carrier: DemoCarrier, formatId: string): boolean {
  const detection = detectCarrier(number);
  return detection.best?.carrier === carrier && detection.best.formatId === formatId && detection.best.checksum === 'valid' && !detection.ambiguous;
}
