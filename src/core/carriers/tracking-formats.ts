// Every tracking-number format Herald recognises, in one ordered list. The format facts come from
// jkeen/tracking_number_data (MIT, see NOTICE); the definitions are Herald's own.

import { DHL_FORMATS } from './formats/dhl.ts';
import { DPD_FORMATS } from './formats/dpd.ts';
import { FEDEX_FORMATS } from './formats/fedex.ts';
import { REGIONAL_FORMATS } from './formats/regional-carriers.ts';
import { S10_FORMATS } from './formats/s10.ts';
import { UPS_FORMATS } from './formats/ups.ts';
import { USPS_FORMATS } from './formats/usps.ts';
import type { TrackingFormat } from './tracking-format.ts';

/**
 * All formats. The order is the final tie-break between candidates of equal confidence, so the
 * national carriers that ship most parcels come first and, within a carrier, the more specific
 * formats come before the looser ones.
 */
export const TRACKING_FORMATS: readonly TrackingFormat[] = [
  ...UPS_FORMATS,
  ...FEDEX_FORMATS,
  ...USPS_FORMATS,
  ...DHL_FORMATS,
  ...S10_FORMATS,
  ...DPD_FORMATS,
  ...REGIONAL_FORMATS,
];
