// Pulls order numbers, emails, tracking numbers and phone numbers out of a help-desk ticket, so
// an agent (or an auto-answer) can find the order without asking. Tuned against false positives:
// a number only counts as an order number when an order word or a '#' stands before it, and a
// token only counts as a tracking number when a carrier format matches it with a valid check digit.

import { detectCarrier } from '../carriers/detect-carrier.ts';

export interface TicketReferences {
  /** As the customer wrote them, without '#', prefix uppercased: '1001', 'SHOP-1001'. */
  orderNumbers: string[];
  /** Lowercased. */
  emails: string[];
  /** Normalized (uppercase, no spaces), each matching a carrier format with a valid check digit. */
  trackingNumbers: string[];
  /** '+' and digits for international numbers; digits only for a labelled national number. */
  phones: string[];
}

// Words that name an order, in the four languages, as they read after `foldText`.
const ORDER_WORD =
  '(?:order(?:\\s+(?:number|no\\.?|nr\\.?|id|ref(?:erence)?))?|bestell(?:ung|nummer|nr\\.?)|auftrag(?:snummer)?' +
  '|(?:numero|n°|no|nº) de commande|commande|(?:numero|n\\.?º|nº|n°|no) de pedido|pedido|orden)';
// Optional filler between the word and the number: "Nr.", "n°", "number", ":", "#", "is".
const ORDER_FILLER = '\\s*(?:(?:nr\\.?|no\\.?|n°|nº|n\\.º|number|nummer|numero|num\\.?|is|ist|est|es)\\s*)?[:#]?\\s*';
// An order id: an optional shop prefix ("SHOP-") and 3-12 digits, not part of a date, price or longer token.
const ORDER_ID = '((?:[a-z]{1,10}-)?\\d{3,12})(?![\\d.,/:-]?\\d|[a-z])';

const KEYWORD_ORDER = new RegExp(`(?<![a-z])${ORDER_WORD}(?![a-z])${ORDER_FILLER}#?${ORDER_ID}`, 'g');
const HASH_ORDER = new RegExp(`(?<![\\w&])#\\s?${ORDER_ID}`, 'g');

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

// "+49 151 23456789", "+33 6 12 34 56 78", "0049 30 1234567", "+1 (604) 555-0199".
const INTERNATIONAL_PHONE = /(?<![\w+])(?:\+|00)[1-9][\d\s().-]{6,20}\d(?!\d)/g;
// A national number counts only behind a phone label: "Tel. 030 1234567", "Tél : 06 12 34 56 78".
const LABELLED_PHONE =
  /\b(?:tel|tél|phone|telefon|téléphone|telefono|teléfono|mobile|mobil|móvil|movil|handy|cell|portable)\b\.?\s*:?\s*(0[\d\s()./-]{6,18}\d)/gi;
const PHONE_DIGITS = { min: 7, max: 15 } as const;

// A tracking-number candidate: one alphanumeric token, or digits written in groups of four.
const TRACKING_TOKEN = /(?<![A-Za-z0-9@.])(?:[A-Za-z0-9]{8,40}|\d{4}(?: \d{4}){2,8}(?: \d{1,4})?)(?![A-Za-z0-9@])/g;
const MIN_TRACKING_DIGITS = 6;
// Digits-only formats with a generic shape (any 10- or 12-digit number can pass a mod-7 or
// mod-11 check by chance) count only when the customer says it is a tracking number.
const GENERIC_CONFIDENCE = 0.7;
const TRACKING_CONTEXT =
  /(?:track|tracking|sendung|paket|suivi|colis|seguimiento|envio|envío|dhl|ups|fedex|usps|dpd|gls|hermes|colissimo|correos|seur|post)\S*[^\n]{0,40}$/i;
const TRACKING_CONTEXT_CHARS = 60;

export function extractReferences(text: string): TicketReferences {
  const source = typeof text === 'string' ? text : '';
  const phones = findPhones(source);
  const orderNumbers = findOrderNumbers(source);
  const trackingNumbers = findTrackingNumbers(source, new Set(orderNumbers), phones);
  return { orderNumbers, emails: unique([...source.matchAll(EMAIL)].map((m) => m[0].toLowerCase())), trackingNumbers, phones };
}

/** Lowercase, accents and 'ß' folded, so the order words match however they were typed. */
function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
}

function findOrderNumbers(text: string): string[] {
  // Emails and URLs hold digits that are never order numbers ("order1234@shop.com").
  const folded = foldText(text).replace(EMAIL, ' ').replace(/\bhttps?:\/\/\S+/g, ' ');
  const found: string[] = [];
  for (const pattern of [KEYWORD_ORDER, HASH_ORDER]) {
    for (const match of folded.matchAll(pattern)) found.push(match[1]!.toUpperCase());
  }
  return unique(found);
}

function findPhones(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(INTERNATIONAL_PHONE)) {
    const digits = match[0].replace(/\D/g, '').replace(/^00/, '');
    if (digits.length >= PHONE_DIGITS.min && digits.length <= PHONE_DIGITS.max) found.push(`+${digits}`);
  }
  for (const match of text.matchAll(LABELLED_PHONE)) {
    const digits = match[1]!.replace(/\D/g, '');
    if (digits.length >= PHONE_DIGITS.min && digits.length <= PHONE_DIGITS.max) found.push(digits);
  }
  return unique(found);
}

function findTrackingNumbers(text: string, orderNumbers: ReadonlySet<string>, phones: readonly string[]): string[] {
  const phoneDigits = new Set(phones.map((phone) => phone.replace(/\D/g, '')));
  const masked = text.replace(EMAIL, (email) => ' '.repeat(email.length));
  const found: string[] = [];
  for (const match of masked.matchAll(TRACKING_TOKEN)) {
    const token = match[0];
    const digitCount = token.replace(/\D/g, '').length;
    if (digitCount < MIN_TRACKING_DIGITS) continue;
    const detection = detectCarrier(token);
    const number = detection.trackingNumber;
    if (orderNumbers.has(number) || [...phoneDigits].some((digits) => digits.endsWith(number) || number.endsWith(digits))) continue;
    const valid = detection.candidates.filter((candidate) => candidate.checksum === 'valid');
    if (valid.length === 0) continue;
    const onlyGeneric = valid.every((candidate) => candidate.confidence <= GENERIC_CONFIDENCE);
    if (onlyGeneric) {
      const before = masked.slice(Math.max(0, match.index - TRACKING_CONTEXT_CHARS), match.index);
      if (!TRACKING_CONTEXT.test(before)) continue;
    }
    found.push(number);
  }
  return unique(found);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
