// The UPU S10 format every postal operator uses for international items (RB123456785GB): two
// service letters, an 8-digit serial, a check digit and the issuing country. The carrier is the
// postal operator of that country, so it is resolved per match rather than fixed per format.

import { CARRIERS } from '../tracking-format.ts';
import type { KnownCarrier, ResolvedCarrier, TrackingFormat } from '../tracking-format.ts';
import { S10_POSTAL_OPERATORS } from './s10-postal-operators.ts';
import { CANADA_POST_TRACKING_URL } from './regional-carriers.ts';
import { USPS_TRACKING_URL } from './usps.ts';

/**
 * Operators Herald already knows under their own carrier code, so that an S10 number from the
 * US lands on the same `usps` as a domestic USPS number. Every other country becomes
 * `post_<country code>`.
 */
const NAMED_OPERATORS: Readonly<Record<string, { carrier: KnownCarrier; trackingUrl: string | null }>> = {
  GB: { carrier: 'royal_mail', trackingUrl: null },
  US: { carrier: 'usps', trackingUrl: USPS_TRACKING_URL },
  CA: { carrier: 'canada_post', trackingUrl: CANADA_POST_TRACKING_URL },
  DE: { carrier: 'deutsche_post', trackingUrl: null },
  FR: { carrier: 'la_poste', trackingUrl: null },
};

const S10_SERVICES: readonly (readonly [RegExp, string])[] = [
  [/^E[A-Z]$/, 'EMS'],
  [/^L[A-Z]$/, 'Letter Post Express'],
  [/^M[A-Z]$/, 'Letter Post M-bag'],
  [/^Q[A-M]$/, 'Letter Post IBRS'],
  [/^R[A-Z]$/, 'Letter Post Registered'],
  [/^U[A-Z]$/, 'Letter Post Misc'],
  [/^V[A-Z]$/, 'Letter Post Insured'],
  [/^C[A-Z]$/, 'Parcel Post'],
  [/^H[A-Z]$/, 'Parcel Post (e-commerce)'],
  [/^(?:[BDNPZ][A-Z]|A[V-Z]|G[AD])$/, 'Domestic'],
];

/** The S10 operator for an ISO 3166 alpha-2 code, or null when the UPU lists none. */
export function resolveS10Operator(countryCode: string): ResolvedCarrier | null {
  if (!Object.hasOwn(S10_POSTAL_OPERATORS, countryCode)) return null;
  const operatorName = S10_POSTAL_OPERATORS[countryCode] ?? countryCode;
  const named = Object.hasOwn(NAMED_OPERATORS, countryCode) ? NAMED_OPERATORS[countryCode] : undefined;
  return {
    carrier: named?.carrier ?? `post_${countryCode.toLowerCase()}`,
    carrierName: named ? CARRIERS[named.carrier] : operatorName,
    trackingUrl: named?.trackingUrl ?? null,
    details: { postalOperator: operatorName },
  };
}

export const S10_FORMATS: readonly TrackingFormat[] = [
  {
    id: 's10',
    name: 'UPU S10',
    // Placeholders only: resolveCarrier names the operator for every match.
    carrier: 's10',
    carrierName: 'Postal operator (UPU S10)',
    lengths: [13],
    charset: 'alphanumeric',
    pattern:
      /^(?<ServiceType>[A-Z]{2})(?<SerialNumber>[0-9]{8})(?<CheckDigit>[0-9])(?<CountryCode>[A-Z]{2})$/,
    checksum: { algorithm: 's10', weightings: [8, 6, 4, 2, 3, 5, 9, 7] },
    specificity: 'distinctive',
    trackingUrl: null,
    lookups: [{ group: 'ServiceType', detail: 'serviceName', patterns: S10_SERVICES }],
    resolveCarrier: (groups) => resolveS10Operator(groups['CountryCode'] ?? ''),
  },
];
