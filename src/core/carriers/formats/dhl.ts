// DHL formats: Express waybills and piece ids, and eCommerce numbers.

import { carrierFields, lengthRange } from '../tracking-format.ts';
import type { TrackingFormat } from '../tracking-format.ts';

const DHL_TRACKING_URL = 'http://www.dhl.com/en/express/tracking.html?brand=DHL&AWB={trackingNumber}';

export const DHL_FORMATS: readonly TrackingFormat[] = [
  {
    id: 'dhl_express',
    name: 'DHL Express',
    ...carrierFields('dhl'),
    lengths: [10, 11],
    charset: 'digits',
    pattern: /^(?<SerialNumber>[0-9]{9,10})(?<CheckDigit>[0-9])$/,
    checksum: { algorithm: 'mod7' },
    specificity: 'generic',
    trackingUrl: DHL_TRACKING_URL,
  },
  {
    id: 'dhl_express_piece_id',
    name: 'DHL Express (Piece ID)',
    ...carrierFields('dhl'),
    lengths: [12, 13, 14],
    charset: 'alphanumeric',
    pattern: /^J[A-Z]{2,3}(?<SerialNumber>[0-9]{9,10})$/,
    checksum: null,
    specificity: 'structured',
    trackingUrl: DHL_TRACKING_URL,
  },
  {
    id: 'dhl_ecommerce',
    name: 'DHL eCommerce',
    ...carrierFields('dhl'),
    lengths: lengthRange(12, 41),
    charset: 'alphanumeric',
    // One of the listed prefixes, then 10-39 characters starting with a digit.
    pattern: /^(?:GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)(?<SerialNumber>[0-9][0-9A-Z]{9,38})$/,
    checksum: null,
    specificity: 'structured',
    trackingUrl: DHL_TRACKING_URL,
  },
  {
    id: 'dhl_ecommerce_14',
    name: 'DHL eCommerce (14)',
    ...carrierFields('dhl'),
    lengths: [14],
    charset: 'digits',
    pattern: /^(?<SerialNumber>[0-9]{14})$/,
    checksum: null,
    specificity: 'generic',
    trackingUrl: DHL_TRACKING_URL,
  },
];
