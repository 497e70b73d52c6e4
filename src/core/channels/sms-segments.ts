// How many SMS segments a text costs, so that templates can be previewed and billed honestly and
// the http-sms adapter can tell its provider what to expect. A text that fits the GSM 03.38 default
// alphabet travels as 7-bit septets; one character outside it turns the whole message into UCS-2.

/** The two encodings a plain SMS body can travel in. */
export const SMS_ENCODINGS = ['GSM-7', 'UCS-2'] as const;
export type SmsEncoding = (typeof SMS_ENCODINGS)[number];

/** The cost of one SMS body. */
export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Segments the carrier bills; 0 for an empty text, which there is nothing to send of. */
  segments: number;
  /** Septets for GSM-7 (extension-table characters count 2), UTF-16 code units for UCS-2. */
  characters: number;
  /** Capacity of each segment of this message: 160/70 when it fits one, 153/67 when split. */
  perSegment: number;
}

// GSM 03.38 default alphabet in code-point order (0x00-0x7F). 0x1B is the escape to the
// extension table, not a character, so it is left out (a text cannot contain it as such).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// GSM 03.38 extension table: each costs an escape septet plus its own.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set([...GSM_BASIC].filter((char) => char !== '\u001b'));
const EXTENSION = new Set(GSM_EXTENSION);

// A single segment carries 140 octets. A multipart message spends 6 of them on the
// concatenation header (UDH), leaving 153 septets or 67 UCS-2 code units.
const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const MULTIPART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/**
 * Counts the segments of an SMS body. A character (an escape pair in GSM-7, a surrogate pair in
 * UCS-2) is never split across two segments, as handsets could not reassemble it, so a part may
 * carry one unit less than its capacity.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = [...text].every((char) => BASIC.has(char) || EXTENSION.has(char)) ? 'GSM-7' : 'UCS-2';
  const widths = [...text].map((char) => (encoding === 'GSM-7' ? (EXTENSION.has(char) ? 2 : 1) : char.length));
  const characters = widths.reduce((sum, width) => sum + width, 0);
  if (characters === 0) return { encoding, segments: 0, characters, perSegment: SINGLE[encoding] };
  if (characters <= SINGLE[encoding]) return { encoding, segments: 1, characters, perSegment: SINGLE[encoding] };
  const perSegment = MULTIPART[encoding];
  return { encoding, segments: packSegments(widths, perSegment), characters, perSegment };
}

/** Fills segments greedily; a unit of width 2 that would straddle a boundary opens the next segment. */
function packSegments(widths: readonly number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > perSegment) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return segments;
}
