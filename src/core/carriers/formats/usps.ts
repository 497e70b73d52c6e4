// USPS formats: Intelligent Mail package barcodes (IMpb N and C constructs), the legacy
// 91-prefixed Delivery/Signature Confirmation numbers, and the same numbers printed as 20 digits.
// Any of them may be preceded by the 420 routing code and a 5 or 9 digit destination ZIP.

import { anchoredPattern, carrierFields } from '../tracking-format.ts';
import type { DetailLookup, TrackingFormat } from '../tracking-format.ts';

export const USPS_TRACKING_URL = 'https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}';

const CONFIRMATION_SERVICES: DetailLookup = {
  group: 'ServiceType',
  detail: 'serviceName',
  exact: {
    '01': 'Delivery Confirmation: Priority Mail or First-Class Mail Parcels',
    '02': 'Delivery Confirmation: Package Services, Parcel Select or Standard Mail Parcels',
    '03': 'Delivery Confirmation: Retail',
    '04': 'Delivery Confirmation: Retail',
    '05': 'Delivery Confirmation: Priority Mail or First-Class Mail Parcels, insured over $50',
    '06': 'Delivery Confirmation: Package Services, Parcel Select or Standard Mail Parcels, insured over $50',
    '07': 'Delivery Confirmation: Priority Mail, insured $50 or under',
    '08': 'Delivery Confirmation: Package Services, Parcel Select or Standard Mail Parcels, insured $50 or under',
    '14': 'Delivery Confirmation: software vendors only',
    '21': 'Signature Confirmation: Priority Mail or First-Class Mail Parcels',
    '22': 'Signature Confirmation: Package Services, Parcel Select or Standard Mail Parcels',
    '23': 'Signature Confirmation: Retail',
    '24': 'Signature Confirmation: Retail',
    '25': 'Signature Confirmation: Priority Mail or First-Class Mail Parcels, insured',
    '26': 'Signature Confirmation: Package Services, Parcel Select or Standard Mail Parcels, insured',
    '34': 'Signature Confirmation: software vendors only',
    '50': 'Electronic File Header (never on a package)',
    '56': 'Passive Enroute Scan',
    '73': 'Insured Mail, value over $50',
    '82': 'Merchandise Return with Delivery Confirmation',
    '83': 'Merchandise Return with Delivery Confirmation, insured $50 or under',
    '85': 'Merchandise Return with Delivery Confirmation, insured over $50',
  },
};

// USPS weights 3,1,3,... leftwards from the check digit. Every serial below has an odd length, so
// weighting from the left (as the reference writes most of them) gives the same digit.
const USPS_MOD10 = { algorithm: 'mod10', evensMultiplier: 3, oddsMultiplier: 1, reverse: false } as const;

// IMpb numbers: an application identifier, a 3-digit service type, then either a 9-digit mailer
// id (starting with 9) or a 6-digit one, and a package id. The lookahead admits only the package
// id lengths each kind of mailer id allows, so the regex cannot split the digits the wrong way.
const IMPB_N_PATTERN = anchoredPattern(
  // Optional 420 routing code and ZIP; the ZIP+4 only when exactly 22 digits follow it.
  String.raw`(?:(?<RoutingApplicationId>420)(?<DestinationZip>\d{5}(?=\d{22}$|\d{26}$))(?<DestinationZipPlus4>\d{4}(?=\d{22}$))?)?`,
  String.raw`(?<SerialNumber>(?<ApplicationIdentifier>94)(?<ServiceType>\d{3})`,
  String.raw`(?=9\d{8}(?:\d{15}|\d{11}|\d{7})\d$|[0-8]\d{5}(?:\d{14}|\d{10})\d$)`,
  String.raw`(?<ShipperId>9\d{8}|[0-8]\d{5})`,
  String.raw`(?<PackageId>\d{15}|\d{14}|\d{11}|\d{10}|\d{7}))`,
  String.raw`(?<CheckDigit>\d)`,
);

const IMPB_C_PATTERN = anchoredPattern(
  String.raw`(?:(?<RoutingApplicationId>420)(?<DestinationZip>\d{5})(?<DestinationZipPlus4>\d{4}(?=\d{22}$))?)?`,
  // 92 comes with a nine-digit mailer id, 93 with a six-digit one; 95 is USPS retail.
  String.raw`(?<SerialNumber>(?<ApplicationIdentifier>92(?=\d{3}9)|93(?=\d{3}[0-8])|95)(?<ServiceType>\d{3})`,
  String.raw`(?=9\d{8}(?:\d{11}|\d{7})\d$|[0-8]\d{5}(?:\d{14}|\d{10})\d$)`,
  String.raw`(?<ShipperId>9\d{8}|[0-8]\d{5})`,
  String.raw`(?<PackageId>\d{14}|\d{11}|\d{10}|\d{7}))`,
  String.raw`(?<CheckDigit>\d)`,
);

// Delivery/Signature Confirmation: the 91 identifier is optional on the label.
const LEGACY_PATTERN = anchoredPattern(
  String.raw`(?:(?<RoutingApplicationId>420)(?<DestinationZip>\d{5})(?<DestinationZipPlus4>\d{4})?)?`,
  String.raw`(?<SerialNumber>(?<ApplicationIdentifier>91)?(?<ServiceType>\d{2})(?<ShipperId>\d{9})(?<PackageId>\d{8}))`,
  String.raw`(?<CheckDigit>\d)`,
);

export const USPS_FORMATS: readonly TrackingFormat[] = [
  {
    id: 'usps_impb_n',
    name: 'USPS IMpb N',
    ...carrierFields('usps'),
    lengths: [22, 26, 30, 34],
    charset: 'digits',
    pattern: IMPB_N_PATTERN,
    checksum: { algorithm: 'mod10', evensMultiplier: 3, oddsMultiplier: 1, reverse: true },
    specificity: 'structured',
    trackingUrl: USPS_TRACKING_URL,
    lookups: [
      { group: 'ApplicationIdentifier', detail: 'applicationName', exact: { '94': 'Online or vendor label' } },
    ],
  },
  {
    id: 'usps_impb_c',
    name: 'USPS IMpb C',
    ...carrierFields('usps'),
    lengths: [22, 26, 30, 34],
    charset: 'digits',
    pattern: IMPB_C_PATTERN,
    checksum: USPS_MOD10,
    specificity: 'structured',
    trackingUrl: USPS_TRACKING_URL,
    lookups: [
      { group: 'ServiceType', detail: 'serviceName', exact: { '612': 'Parcel Select' } },
      {
        group: 'ApplicationIdentifier',
        detail: 'applicationName',
        exact: { '92': 'Commercial mailer', '93': 'Commercial mailer', '95': 'USPS Retail' },
      },
    ],
  },
  {
    id: 'usps_legacy',
    name: 'USPS Legacy (91)',
    ...carrierFields('usps'),
    lengths: [20, 22, 28, 30, 32, 34],
    charset: 'digits',
    pattern: LEGACY_PATTERN,
    checksum: USPS_MOD10,
    // The check digit covers the 91 identifier even where the label leaves it off.
    checksumSerialPrefix: '91',
    specificity: 'generic',
    trackingUrl: USPS_TRACKING_URL,
    lookups: [CONFIRMATION_SERVICES],
  },
  {
    id: 'usps_20',
    name: 'USPS 20',
    ...carrierFields('usps'),
    lengths: [20],
    charset: 'digits',
    pattern:
      /^(?<SerialNumber>(?<ServiceType>[0-9]{2})(?<ShipperId>[0-9]{9})(?<PackageId>[0-9]{8}))(?<CheckDigit>[0-9])$/,
    checksum: USPS_MOD10,
    specificity: 'generic',
    trackingUrl: USPS_TRACKING_URL,
    lookups: [CONFIRMATION_SERVICES],
  },
];
