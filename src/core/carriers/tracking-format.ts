// What one tracking-number format definition is. The definitions themselves live in
// ./formats/ and are collected, in ranking order, by ./tracking-formats.ts.

import type { ChecksumSpec } from './checksums.ts';

/**
 * How unlikely a random string of an allowed length is to fit the pattern by chance, before any
 * check digit is considered. Together with the checksum it sets a candidate's confidence.
 * - distinctive: a fixed carrier prefix of two or more letters, or a checked country code.
 * - structured: a one-letter or numeric prefix, or internal structure the pattern enforces.
 * - generic: digits (or letters) of a given length and little else.
 */
export const FORMAT_SPECIFICITIES = ['distinctive', 'structured', 'generic'] as const;

export type FormatSpecificity = (typeof FORMAT_SPECIFICITIES)[number];

/** A value read from one named regex group and turned into a readable detail. */
export interface DetailLookup {
  /** Named group of the format's pattern to read. */
  readonly group: string;
  /** Key written into the candidate's `details`. */
  readonly detail: string;
  readonly exact?: Readonly<Record<string, string>>;
  /** Tried in order after `exact`; anchored patterns over the whole group value. */
  readonly patterns?: readonly (readonly [pattern: RegExp, value: string])[];
}

/** The operator a number belongs to, when the format alone does not say (S10). */
export interface ResolvedCarrier {
  readonly carrier: string;
  readonly carrierName: string;
  readonly trackingUrl: string | null;
  readonly details: Readonly<Record<string, string>>;
}

export interface TrackingFormat {
  /** Stable id, e.g. 'ups_1z', 'usps_impb_c', 's10'. */
  readonly id: string;
  /** Human name of the format, e.g. 'FedEx Ground 96 (22)'. */
  readonly name: string;
  /** Stable lowercase carrier code ('ups', 'royal_mail', ...). */
  readonly carrier: string;
  readonly carrierName: string;
  /**
   * Normalized lengths the pattern can match. A prefilter only: detection skips the format for
   * any other length without running the regex.
   */
  readonly lengths: readonly number[];
  /** 'digits' lets detection skip the format for input holding a letter, again before the regex. */
  readonly charset: 'digits' | 'alphanumeric';
  /**
   * Anchored pattern over the normalized number (uppercase, no spaces or dashes). Groups
   * `SerialNumber` and `CheckDigit` feed the checksum; other named groups become details.
   */
  readonly pattern: RegExp;
  /** null: the format carries no check digit, so a match is weaker evidence. */
  readonly checksum: ChecksumSpec | null;
  /**
   * Prepended to the serial before the checksum unless the serial already starts with it: the
   * check digit was computed over a longer number than the one printed (OnTrac, USPS 91).
   */
  readonly checksumSerialPrefix?: string;
  readonly specificity: FormatSpecificity;
  /** `{trackingNumber}` is replaced by the normalized number. */
  readonly trackingUrl: string | null;
  readonly lookups?: readonly DetailLookup[];
  /**
   * For formats shared by many operators: names the operator from the match, or returns null to
   * reject the match (an S10 number with an unknown country code is not an S10 number). A group
   * that did not take part in the match is undefined.
   */
  readonly resolveCarrier?: (groups: Readonly<Record<string, string | undefined>>) => ResolvedCarrier | null;
}

/** Carrier codes and display names shared by the format files. */
export const CARRIERS = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL',
  amazon: 'Amazon',
  ontrac: 'OnTrac',
  lasership: 'LaserShip',
  canada_post: 'Canada Post',
  canpar: 'Canpar',
  purolator: 'Purolator',
  dpd: 'DPD',
  yodel: 'Yodel',
  gofo: 'GOFO Express',
  landmark: 'Landmark Global',
  old_dominion: 'Old Dominion Freight Line',
  speedee: 'Spee-Dee Delivery',
  yunexpress: 'YunExpress',
  royal_mail: 'Royal Mail',
  deutsche_post: 'Deutsche Post',
  la_poste: 'La Poste',
} as const;

export type KnownCarrier = keyof typeof CARRIERS;

/** Carrier code and display name as the two fields a format definition spreads in. */
export function carrierFields(carrier: KnownCarrier): { carrier: KnownCarrier; carrierName: string } {
  return { carrier, carrierName: CARRIERS[carrier] };
}

/** Every length from `min` to `max` inclusive, for formats with a variable-length body. */
export function lengthRange(min: number, max: number): number[] {
  const lengths: number[] = [];
  for (let length = min; length <= max; length++) lengths.push(length);
  return lengths;
}

/**
 * A pattern anchored at both ends, composed from parts so that long patterns can be read (and
 * commented) piece by piece. Use String.raw parts so backslashes stay as written.
 */
export function anchoredPattern(...parts: readonly string[]): RegExp {
  return new RegExp(`^${parts.join('')}$`);
}
