// FedEx formats: Express (12, 34, the legacy ASTRA 32) and Ground (15, SSCC-18, 96 22, GSN 34).

import { carrierFields } from '../tracking-format.ts';
import type { TrackingFormat } from '../tracking-format.ts';

const FEDEX_TRACKING_URL = 'https://www.fedex.com/apps/fedextrack/?tracknumbers={trackingNumber}';

// Express weights the 11-digit serial 3,1,7 repeating; the 13-digit serials of the 34-digit
// barcodes start one step later in the cycle (1,7,3), because their serial has two more digits.
const EXPRESS_11 = {
  algorithm: 'sum_product_with_weightings_and_modulo',
  weightings: [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
  modulo1: 11,
  modulo2: 10,
} as const;

const EXPRESS_13 = {
  algorithm: 'sum_product_with_weightings_and_modulo',
  weightings: [1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
  modulo1: 11,
  modulo2: 10,
} as const;

export const FEDEX_FORMATS: readonly TrackingFormat[] = [
  {
    id: 'fedex_ground_96',
    name: 'FedEx Ground 96 (22)',
    ...carrierFields('fedex'),
    lengths: [22],
    charset: 'digits',
    pattern:
      /^(?<ApplicationIdentifier>96)(?<SCNC>[0-9]{2})(?<ServiceType>[0-9]{3})(?<SerialNumber>(?<ShipperId>[0-9]{7})(?<PackageId>[0-9]{7}))(?<CheckDigit>[0-9])$/,
    checksum: { algorithm: 'mod10', evensMultiplier: 1, oddsMultiplier: 3, reverse: false },
    specificity: 'structured',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_ground_gsn',
    name: 'FedEx Ground GSN (34)',
    ...carrierFields('fedex'),
    lengths: [34],
    charset: 'digits',
    // The last twelve digits are the printed tracking number; only they carry a check digit.
    pattern:
      /^(?<ApplicationIdentifier>96)(?<SCNC>[0-9]{2})[0-9]{5}(?<GSN>[0-9]{10})[0-9](?<SerialNumber>[0-9]{13})(?<CheckDigit>[0-9])$/,
    checksum: EXPRESS_13,
    specificity: 'structured',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_12',
    name: 'FedEx Express (12)',
    ...carrierFields('fedex'),
    lengths: [12],
    charset: 'digits',
    pattern: /^(?<SerialNumber>[0-9]{11})(?<CheckDigit>[0-9])$/,
    checksum: EXPRESS_11,
    specificity: 'generic',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_34',
    name: 'FedEx Express (34)',
    ...carrierFields('fedex'),
    lengths: [34],
    charset: 'digits',
    pattern:
      /^[0-8][0-9]{14}(?<DestinationZip>[0-9]{5})(?<SerialNumber>[0-9]{13})(?<CheckDigit>[0-9])$/,
    checksum: EXPRESS_13,
    specificity: 'generic',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_astra_32',
    name: 'FedEx ASTRA (32)',
    ...carrierFields('fedex'),
    lengths: [32],
    charset: 'digits',
    // Positions 17-28 hold an Express tracking number; the other fields are not documented.
    pattern: /^3[0-9]{15}(?<SerialNumber>[0-9]{11})(?<CheckDigit>[0-9])[0-9]{4}$/,
    checksum: EXPRESS_11,
    specificity: 'generic',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_ground',
    name: 'FedEx Ground (15)',
    ...carrierFields('fedex'),
    lengths: [15],
    charset: 'digits',
    pattern: /^(?<SerialNumber>[0-9]{14})(?<CheckDigit>[0-9])$/,
    checksum: { algorithm: 'mod10', evensMultiplier: 1, oddsMultiplier: 3, reverse: false },
    specificity: 'generic',
    trackingUrl: FEDEX_TRACKING_URL,
  },
  {
    id: 'fedex_ground_sscc_18',
    name: 'FedEx Ground (SSCC-18)',
    ...carrierFields('fedex'),
    lengths: [18],
    charset: 'digits',
    pattern: /^(?<ShippingContainerType>[0-9]{2})(?<SerialNumber>[0-9]{15})(?<CheckDigit>[0-9])$/,
    checksum: { algorithm: 'mod10', evensMultiplier: 3, oddsMultiplier: 1, reverse: false },
    specificity: 'generic',
    trackingUrl: FEDEX_TRACKING_URL,
    lookups: [
      {
        group: 'ShippingContainerType',
        detail: 'containerTypeName',
        exact: {
          '00': 'case/carton',
          '01': 'pallet',
          '02': 'larger than a pallet',
          '04': 'internally defined for intra-company use',
        },
      },
    ],
  },
];
