// UPS formats: the 1Z number and the older waybill number.

import { carrierFields } from '../tracking-format.ts';
import type { TrackingFormat } from '../tracking-format.ts';

const UPS_TRACKING_URL = 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums={trackingNumber}';

// UPS doubles every second character and does not cast out nines; letters count as (ASCII-3)%10.
const UPS_MOD10 = { algorithm: 'mod10', evensMultiplier: 1, oddsMultiplier: 2, reverse: false } as const;

const UPS_1Z_SERVICES: Readonly<Record<string, string>> = {
  '01': 'Next Day Air',
  '02': 'Second Day Air',
  '03': 'Ground',
  '12': 'Three Day Select',
  '13': 'Next Day Air Saver',
  '15': 'Next Day Air Early A.M.',
  '22': 'Ground - Returns Plus - Three Pickup Attempts',
  '32': 'Next Day Air Early A.M. - COD',
  '33': 'Next Day Air Early A.M. - Saturday Delivery, COD',
  '41': 'Next Day Air Early A.M. - Saturday Delivery',
  '42': 'Ground - Signature Required',
  '44': 'Next Day Air - Saturday Delivery',
  '66': 'Worldwide Express',
  '72': 'Ground - Collect on Delivery',
  '78': 'Ground - Returns Plus - One Pickup Attempt',
  '90': 'Ground - Returns - UPS Prints and Mails Label',
  A0: 'Next Day Air Early A.M. - Adult Signature Required',
  A1: 'Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required',
  A2: 'Next Day Air - Adult Signature Required',
  A8: 'Ground - Adult Signature Required',
  A9: 'Next Day Air Early A.M. - Adult Signature Required, COD',
  AA: 'Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required, COD',
  YW: 'SurePost (delivered by USPS)',
};

export const UPS_FORMATS: readonly TrackingFormat[] = [
  {
    id: 'ups_1z',
    name: 'UPS 1Z',
    ...carrierFields('ups'),
    lengths: [18],
    charset: 'alphanumeric',
    pattern:
      /^1Z(?<SerialNumber>(?<ShipperId>[0-9A-Z]{6})(?<ServiceType>[0-9A-Z]{2})(?<PackageId>[0-9A-Z]{7}))(?<CheckDigit>[0-9])$/,
    checksum: UPS_MOD10,
    specificity: 'distinctive',
    trackingUrl: UPS_TRACKING_URL,
    lookups: [{ group: 'ServiceType', detail: 'serviceName', exact: UPS_1Z_SERVICES }],
  },
  {
    id: 'ups_waybill',
    name: 'UPS Waybill',
    ...carrierFields('ups'),
    lengths: [11],
    charset: 'alphanumeric',
    // The service letter is not part of the checksummed serial.
    pattern: /^(?<ServiceType>[AHJKTV])(?<SerialNumber>[0-9]{9})(?<CheckDigit>[0-9])$/,
    checksum: UPS_MOD10,
    specificity: 'structured',
    trackingUrl: UPS_TRACKING_URL,
    lookups: [
      {
        group: 'ServiceType',
        detail: 'serviceName',
        exact: { J: 'Next Day Express', K: 'Ground', V: 'Worldwide Express Saver' },
      },
    ],
  },
];
