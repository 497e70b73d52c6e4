// Consent: what a customer agreed to, per channel and purpose, with where it came from and the
// proof (DESIGN.md §7, docs/consent.md). An explicit record always wins over the storefront's
// checkbox: a STOP stays a STOP until the customer opts in again, whatever later orders say.

export const CONSENT_SOURCES = ['storefront', 'keyword', 'link', 'api', 'import', 'provider'] as const;
/** How consent was given or withdrawn: a storefront checkbox, an SMS keyword, an unsubscribe link, the API, an import, a provider's report (a blocked bot). */
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const CONSENT_PURPOSES = ['transactional', 'marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentChange {
  status: 'granted' | 'revoked';
  source: ConsentSource;
  at: string;
  /** What proves it: the keyword message and its provider id, the link's notification, the API key. */
  proof: string | null;
}

export interface ConsentRecord {
  storeId: string;
  channel: string;
  /** Normalized address on that channel: a lower-case email, an E.164 number, a chat id. */
  address: string;
  /** The customer's email or phone this address belongs to, when the address is neither (a Telegram chat). */
  contact: string | null;
  purpose: ConsentPurpose;
  status: 'granted' | 'revoked';
  source: ConsentSource;
  at: string;
  proof: string | null;
  /** Every change, oldest first. */
  history: ConsentChange[];
}

/**
 * The form every address is stored and looked up in. Chat ids (Telegram) stay as they are: a
 * numeric chat id is not a phone number.
 */
export function normalizeAddress(address: string, channel?: string): string {
  const trimmed = address.trim();
  if (channel === 'telegram' || channel === 'webhook' || channel === 'slack') return trimmed;
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  const phone = trimmed.replace(/[\s().-]/g, '');
  if (/^\+?\d{6,15}$/.test(phone)) return phone.startsWith('+') ? phone : `+${phone}`;
  return trimmed;
}

/**
 * Apply one change to what is stored. A change older than the stored state is kept in the
 * history but does not win: consent follows the newest word, whatever order they arrive in.
 */
export function applyConsentChange(
  current: ConsentRecord | null,
  key: { storeId: string; channel: string; address: string; purpose: ConsentPurpose; contact: string | null },
  change: ConsentChange,
): ConsentRecord {
  const history = [...(current?.history ?? []), change].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const newest = history[history.length - 1]!;
  return {
    storeId: key.storeId,
    channel: key.channel,
    address: normalizeAddress(key.address, key.channel),
    contact: key.contact ?? current?.contact ?? null,
    purpose: key.purpose,
    status: newest.status,
    source: newest.source,
    at: newest.at,
    proof: newest.proof,
    history,
  };
}

/** Purposes a withdrawal covers: an SMS STOP ends everything on that number, an unsubscribe link only marketing. */
export function purposesOf(scope: 'all' | ConsentPurpose): ConsentPurpose[] {
  return scope === 'all' ? [...CONSENT_PURPOSES] : [scope];
}
