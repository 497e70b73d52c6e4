// Check-digit algorithms used by carrier tracking numbers. Semantics follow the reference data
// (jkeen/tracking_number_data, see NOTICE) and its Ruby gem exactly, including their quirks, so
// that the published valid/invalid test numbers behave as listed. Pure: no I/O, never throws.

export const CHECKSUM_ALGORITHMS = [
  'mod10',
  'sum_product_with_weightings_and_modulo',
  'luhn',
  'mod_37_36',
  'mod7',
  's10',
] as const;

export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Weighted mod-10 sum. Position 0 is the leftmost character, or the rightmost when `reverse`. */
export interface Mod10Spec {
  readonly algorithm: 'mod10';
  /** Multiplier for positions 0, 2, 4, ... */
  readonly evensMultiplier: number;
  /** Multiplier for positions 1, 3, 5, ... */
  readonly oddsMultiplier: number;
  readonly reverse: boolean;
}

/** sum(digit[i] * weightings[i]) % modulo1 % modulo2 (FedEx Express). */
export interface SumProductSpec {
  readonly algorithm: 'sum_product_with_weightings_and_modulo';
  readonly weightings: readonly number[];
  readonly modulo1: number;
  readonly modulo2: number;
}

export interface LuhnSpec {
  readonly algorithm: 'luhn';
}

/** ISO 7064 MOD 37,36 hybrid system over 0-9A-Z (DPD); the check character may be a letter. */
export interface Mod3736Spec {
  readonly algorithm: 'mod_37_36';
}

/** The serial read as a decimal number, modulo 7 (DHL Express). */
export interface Mod7Spec {
  readonly algorithm: 'mod7';
}

/** UPU S10: eight digits weighted, modulo 11, with 10 -> 0 and 11 -> 5. */
export interface S10Spec {
  readonly algorithm: 's10';
  readonly weightings: readonly number[];
}

export type ChecksumSpec = Mod10Spec | SumProductSpec | LuhnSpec | Mod3736Spec | Mod7Spec | S10Spec;

const DIGITS_ONLY = /^[0-9]+$/;
const ALPHANUMERIC = /^[0-9A-Z]+$/;
const MOD_37_36_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The check character `spec` expects for `serial`, or null when the serial cannot carry one
 * (empty, or characters the algorithm does not define).
 */
export function computeCheckDigit(spec: ChecksumSpec, serial: string): string | null {
  switch (spec.algorithm) {
    case 'mod10':
      return computeMod10(serial, spec);
    case 'sum_product_with_weightings_and_modulo':
      return computeSumProduct(serial, spec);
    case 'luhn':
      return computeLuhn(serial);
    case 'mod_37_36':
      return computeMod3736(serial);
    case 'mod7':
      return computeMod7(serial);
    case 's10':
      return computeS10(serial, spec.weightings);
  }
}

/** True when `checkDigit` is the character `spec` computes for `serial`. */
export function isValidChecksum(spec: ChecksumSpec, serial: string, checkDigit: string): boolean {
  const expected = computeCheckDigit(spec, serial);
  return expected !== null && expected === checkDigit;
}

export function computeMod10(
  serial: string,
  options: Pick<Mod10Spec, 'evensMultiplier' | 'oddsMultiplier' | 'reverse'>,
): string | null {
  if (!ALPHANUMERIC.test(serial)) return null;
  let total = 0;
  const last = serial.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = serial.charCodeAt(options.reverse ? last - i : i);
    // Letters map as (ASCII - 3) % 10, which is UPS's A=2 ... H=9, I=0 ... table.
    const value = code <= 57 ? code - 48 : (code - 3) % 10;
    total += value * (i % 2 === 0 ? options.evensMultiplier : options.oddsMultiplier);
  }
  const remainder = total % 10;
  return String(remainder === 0 ? 0 : 10 - remainder);
}

export function computeSumProduct(
  serial: string,
  options: Pick<SumProductSpec, 'weightings' | 'modulo1' | 'modulo2'>,
): string | null {
  // A serial longer than its weightings has no defined check digit (the reference raises).
  if (!DIGITS_ONLY.test(serial) || serial.length > options.weightings.length) return null;
  let total = 0;
  for (let i = 0; i < serial.length; i++) {
    total += (serial.charCodeAt(i) - 48) * (options.weightings[i] ?? 0);
  }
  return String((total % options.modulo1) % options.modulo2);
}

export function computeLuhn(serial: string): string | null {
  if (!DIGITS_ONLY.test(serial)) return null;
  let total = 0;
  // The serial excludes the check digit, so its rightmost digit is the one that gets doubled.
  for (let i = 0; i < serial.length; i++) {
    let value = serial.charCodeAt(serial.length - 1 - i) - 48;
    if (i % 2 === 0) value *= 2;
    if (value > 9) value -= 9;
    total += value;
  }
  const remainder = total % 10;
  return String(remainder === 0 ? 0 : 10 - remainder);
}

export function computeMod3736(serial: string): string | null {
  if (!ALPHANUMERIC.test(serial)) return null;
  const modulus = 36;
  let carry = modulus;
  for (const char of serial) {
    carry += MOD_37_36_ALPHABET.indexOf(char);
    if (carry > modulus) carry -= modulus;
    carry *= 2;
    if (carry > modulus) carry -= modulus + 1;
  }
  let check = modulus + 1 - carry;
  if (check === modulus) check = 0;
  return MOD_37_36_ALPHABET.charAt(check);
}

export function computeMod7(serial: string): string | null {
  if (!DIGITS_ONLY.test(serial)) return null;
  // Digit by digit so that long serials never lose precision as a JS number.
  let remainder = 0;
  for (let i = 0; i < serial.length; i++) {
    remainder = (remainder * 10 + (serial.charCodeAt(i) - 48)) % 7;
  }
  return String(remainder);
}

export function computeS10(serial: string, weightings: readonly number[]): string | null {
  if (!DIGITS_ONLY.test(serial) || serial.length !== weightings.length) return null;
  let total = 0;
  for (let i = 0; i < serial.length; i++) {
    total += (serial.charCodeAt(i) - 48) * (weightings[i] ?? 0);
  }
  const remainder = total % 11;
  if (remainder === 0) return '5';
  if (remainder === 1) return '0';
  return String(11 - remainder);
}
