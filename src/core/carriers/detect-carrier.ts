// Names the carrier(s) a tracking number can belong to, from its shape and check digit alone.
// Ingest calls this for every event that arrives without a carrier, so it stays cheap: one
// length lookup, a charset test, then only the few patterns of that length. Never throws.

import { isValidChecksum } from './checksums.ts';
import type { FormatSpecificity, TrackingFormat } from './tracking-format.ts';
import { TRACKING_FORMATS } from './tracking-formats.ts';

export interface CarrierCandidate {
  /** Stable lowercase code: 'ups', 'fedex', 'usps', 'royal_mail', 'post_jp', ... */
  carrier: string;
  carrierName: string;
  /** Which format matched, e.g. 'ups_1z', 'usps_impb_c', 's10'. */
  formatId: string;
  /** 'none': the format has no check digit. Matches with a wrong check digit are not candidates. */
  checksum: 'valid' | 'none';
  /** 0..1, from `CANDIDATE_CONFIDENCE`; higher is better. */
  confidence: number;
  trackingUrl: string | null;
  /** What the number itself says: serviceType, serviceName, countryCode, destinationZip, ... */
  details: Record<string, string>;
}

export interface CarrierDetection {
  /** The normalized number every candidate was matched against. */
  trackingNumber: string;
  /** Best first: confidence descending, then the order of `TRACKING_FORMATS`. */
  candidates: CarrierCandidate[];
  best: CarrierCandidate | null;
  /** True when another carrier's best candidate is within `AMBIGUITY_MARGIN` of `best`. */
  ambiguous: boolean;
}

/**
 * Longest normalized input that is matched at all. The longest known format is 41 characters
 * (DHL eCommerce); anything much longer is a sentence or a payload, not a tracking number.
 */
export const MAX_TRACKING_NUMBER_LENGTH = 64;

/**
 * Confidence of a candidate, by its evidence. A valid check digit beats the same shape without
 * one; a distinctive shape beats a generic one. Tiers are at least 0.05 apart.
 */
export const CANDIDATE_CONFIDENCE = {
  valid: { distinctive: 0.95, structured: 0.85, generic: 0.7 },
  none: { distinctive: 0.8, structured: 0.55, generic: 0.3 },
} as const satisfies Record<CarrierCandidate['checksum'], Record<FormatSpecificity, number>>;

/**
 * How close (strictly less than this) the best candidate of a second carrier must come to the
 * best candidate for the detection to be ambiguous. With the tiers above this means: same tier,
 * or a checksum-valid structured match against a distinctive match without a check digit.
 * A checksum-valid match is never ambiguous against a no-checksum match of the same specificity.
 */
export const AMBIGUITY_MARGIN = 0.1;

// Confidences are decimal fractions, so 0.95 - 0.85 is 0.0999...; this keeps such a gap "not close".
const CONFIDENCE_EPSILON = 1e-9;

// Whitespace of any kind, ASCII hyphen and the Unicode hyphens, dashes and minus sign.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
const NOT_PRINTABLE_ASCII = /[^ -~]/;
const LOWERCASE_ASCII = /[a-z]/g;
const ALPHANUMERIC = /^[0-9A-Z]+$/;
const HAS_LETTER = /[A-Z]/;

// Named regex groups copied into `details`, under these keys.
const GROUP_DETAILS: readonly (readonly [group: string, detail: string])[] = [
  ['ServiceType', 'serviceType'],
  ['CountryCode', 'countryCode'],
  ['CountryNumber', 'countryNumericCode'],
  ['DestinationZip', 'destinationZip'],
  ['DestinationZipPlus4', 'destinationZipPlus4'],
  ['ShipperId', 'shipperId'],
  ['ShippingContainerType', 'containerType'],
  ['ApplicationIdentifier', 'applicationIdentifier'],
];

interface IndexedFormat {
  readonly format: TrackingFormat;
  /** Position in TRACKING_FORMATS: the final, stable tie-break. */
  readonly order: number;
}

const FORMATS_BY_LENGTH: ReadonlyMap<number, readonly IndexedFormat[]> = indexByLength(TRACKING_FORMATS);

/**
 * Trim, uppercase and drop spaces and dashes: "1z 999-aa1" -> "1Z999AA1". Only ASCII letters are
 * uppercased, so 'ß' never turns into 'SS' and such input simply matches no format.
 */
export function normalizeTrackingNumber(raw: string): string {
  if (typeof raw !== 'string') return '';
  const compact = raw.replace(SEPARATORS, '');
  // The native toUpperCase is far cheaper than a per-letter callback; it is only unsafe beyond
  // printable ASCII, where letters then stay as they are.
  return NOT_PRINTABLE_ASCII.test(compact)
    ? compact.replace(LOWERCASE_ASCII, (letter) => letter.toUpperCase())
    : compact.toUpperCase();
}

export function detectCarrier(raw: string): CarrierDetection {
  const trackingNumber = normalizeTrackingNumber(raw);
  const candidates = findCandidates(trackingNumber);
  return {
    trackingNumber,
    candidates,
    best: candidates[0] ?? null,
    ambiguous: isAmbiguous(candidates),
  };
}

function findCandidates(trackingNumber: string): CarrierCandidate[] {
  if (trackingNumber.length > MAX_TRACKING_NUMBER_LENGTH) return [];
  const formats = FORMATS_BY_LENGTH.get(trackingNumber.length);
  if (formats === undefined || !ALPHANUMERIC.test(trackingNumber)) return [];
  const hasLetter = HAS_LETTER.test(trackingNumber);

  const ranked: { candidate: CarrierCandidate; order: number }[] = [];
  for (const { format, order } of formats) {
    if (hasLetter && format.charset === 'digits') continue;
    const candidate = matchFormat(format, trackingNumber);
    if (candidate !== null) ranked.push({ candidate, order });
  }
  ranked.sort((a, b) => b.candidate.confidence - a.candidate.confidence || a.order - b.order);
  return ranked.map((entry) => entry.candidate);
}

function matchFormat(format: TrackingFormat, trackingNumber: string): CarrierCandidate | null {
  const match = format.pattern.exec(trackingNumber);
  if (match === null) return null;
  // Reading the groups object directly: copying it (Object.entries) cost more than the match.
  const groups: Readonly<Record<string, string | undefined>> = match.groups ?? {};

  let checksum: CarrierCandidate['checksum'] = 'none';
  if (format.checksum !== null) {
    const serial = groups['SerialNumber'];
    const checkDigit = groups['CheckDigit'];
    if (serial === undefined || checkDigit === undefined) return null;
    const prefix = format.checksumSerialPrefix;
    const checkedSerial = prefix !== undefined && !serial.startsWith(prefix) ? prefix + serial : serial;
    if (!isValidChecksum(format.checksum, checkedSerial, checkDigit)) return null;
    checksum = 'valid';
  }

  let carrier = format.carrier;
  let carrierName = format.carrierName;
  let urlTemplate = format.trackingUrl;
  let resolvedDetails: Readonly<Record<string, string>> = {};
  if (format.resolveCarrier !== undefined) {
    const resolved = format.resolveCarrier(groups);
    if (resolved === null) return null;
    ({ carrier, carrierName } = resolved);
    urlTemplate = resolved.trackingUrl;
    resolvedDetails = resolved.details;
  }

  return {
    carrier,
    carrierName,
    formatId: format.id,
    checksum,
    confidence: CANDIDATE_CONFIDENCE[checksum][format.specificity],
    trackingUrl: urlTemplate === null ? null : fillTrackingUrl(urlTemplate, trackingNumber),
    details: Object.assign(readDetails(format, groups), resolvedDetails),
  };
}

function readDetails(
  format: TrackingFormat,
  groups: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const details: Record<string, string> = {};
  for (const [group, detail] of GROUP_DETAILS) {
    const value = groups[group];
    if (value !== undefined) details[detail] = value;
  }
  for (const lookup of format.lookups ?? []) {
    const value = groups[lookup.group];
    if (value === undefined) continue;
    // hasOwn, so that a value such as 'constructor' never reads from Object.prototype.
    const exact = lookup.exact && Object.hasOwn(lookup.exact, value) ? lookup.exact[value] : undefined;
    const found = exact ?? lookup.patterns?.find(([pattern]) => pattern.test(value))?.[1];
    if (found !== undefined) details[lookup.detail] = found;
  }
  return details;
}

function fillTrackingUrl(template: string, trackingNumber: string): string {
  return template.replace('{trackingNumber}', encodeURIComponent(trackingNumber));
}

function isAmbiguous(candidates: readonly CarrierCandidate[]): boolean {
  const best = candidates[0];
  if (best === undefined) return false;
  // The runner-up of another carrier, not just the second entry: two formats of one carrier
  // agreeing says nothing about which carrier it is.
  const rival = candidates.find((candidate) => candidate.carrier !== best.carrier);
  return rival !== undefined && best.confidence - rival.confidence < AMBIGUITY_MARGIN - CONFIDENCE_EPSILON;
}

function indexByLength(formats: readonly TrackingFormat[]): Map<number, IndexedFormat[]> {
  const index = new Map<number, IndexedFormat[]>();
  formats.forEach((format, order) => {
    for (const length of new Set(format.lengths)) {
      const bucket = index.get(length);
      if (bucket === undefined) index.set(length, [{ format, order }]);
      else bucket.push({ format, order });
    }
  });
  return index;
}
