// Recognises the compliance keywords a customer can reply to an SMS (CTIA Messaging Principles,
// carrier codes of conduct, Twilio's default keyword handling): STOP ends messaging from us, START
// brings it back, HELP asks who we are. Consent itself is recorded by the caller.

/** What an inbound SMS asks for, when it is a keyword. */
export const SMS_KEYWORD_KINDS = ['opt_out', 'opt_in', 'help'] as const;
export type SmsKeywordKind = (typeof SMS_KEYWORD_KINDS)[number];

// Twilio's default opt-out set (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE),
// plus the words carriers honour in the markets we ship to: German STOPP, French ARRET (Canadian
// carriers expect it beside STOP), Spanish BAJA and ALTO. Stored unaccented, upper case.
const KEYWORDS: ReadonlyMap<string, SmsKeywordKind> = new Map(
  Object.entries({
    STOP: 'opt_out',
    STOPALL: 'opt_out',
    UNSUBSCRIBE: 'opt_out',
    CANCEL: 'opt_out',
    END: 'opt_out',
    QUIT: 'opt_out',
    OPTOUT: 'opt_out',
    REVOKE: 'opt_out',
    STOPP: 'opt_out',
    ARRET: 'opt_out',
    BAJA: 'opt_out',
    ALTO: 'opt_out',
    START: 'opt_in',
    YES: 'opt_in',
    UNSTOP: 'opt_in',
    HELP: 'help',
    INFO: 'help',
  } as const),
);

/**
 * Classifies a whole inbound message as a keyword, or null when it is conversation.
 *
 * Only a message that is the keyword alone counts, as carriers and Twilio match it: "stop sending
 * me ads please" is a sentence a human should read, and "cancel my order" must not silently
 * unsubscribe the customer from the shipping updates they are waiting for. Matching ignores case,
 * accents (ARRÊT = ARRET), full-width letters, surrounding spaces and trailing punctuation
 * ("Stop!", "STOP.") because handsets and keyboards add them without the customer meaning more.
 */
export function classifySmsKeyword(text: string): SmsKeywordKind | null {
  return KEYWORDS.get(normalizeKeyword(text)) ?? null;
}

function normalizeKeyword(text: string): string {
  return (
    text
      // NFKD splits accents off their letters and folds full-width and ligature forms.
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      // Zero-width spaces and joiners that some keyboards insert are invisible to the sender.
      .replace(/\p{Cf}/gu, '')
      .trim()
      .replace(/[\p{P}\s]+$/u, '')
      .toUpperCase()
  );
}
