// Languages of the customer-facing pages and how a request picks one: `?lang=` first, then the
// browser's Accept-Language (by its q-values), then a hint (the customer's locale), then English.
// Dates are formatted with Intl in the page's language and the store's time zone.

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

/** The Intl locale behind each language (en-GB writes "Wed 3 Dec", as customers in Europe expect). */
const LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The page's language from an explicit choice, the Accept-Language header and a fallback hint. */
export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined, hint?: string | null): Language {
  const asked = requestLanguage(query, acceptLanguage);
  if (asked) return asked;
  const fromHint = hint?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(fromHint) ? fromHint : 'en';
}

/** The language the request asks for (`?lang=`, else the first supported of Accept-Language), or null. */
export function requestLanguage(query: string | undefined, acceptLanguage: string | undefined): Language | null {
  const chosen = query?.toLowerCase();
  if (isLanguage(chosen)) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && Number.isFinite(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const fromHeader = ranked.find((entry) => isLanguage(entry.language))?.language;
  return isLanguage(fromHeader) ? fromHeader : null;
}

// Making an Intl.DateTimeFormat costs far more than formatting with one (it was most of a
// tracking page's time), so each (language, kind, zone) gets one, kept for the process.
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const DAY_TIME: Intl.DateTimeFormatOptions = { ...DAY, hour: '2-digit', minute: '2-digit' };
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones are store settings and customers' zones: few. The bound keeps a flood of odd ones out. */
const MAX_FORMATTERS = 2_000;

function formatter(language: Language, kind: 'day' | 'day_time', timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${kind} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    const options = kind === 'day' ? DAY : DAY_TIME;
    try {
      format = new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone });
    } catch {
      // Not a valid IANA zone: a hand-edited setting must not break the page.
      format = new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone: 'UTC' });
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

/** "Wed 3 Dec, 14:05" in the page's language. */
export function formatDateTime(language: Language, iso: string, timeZone: string): string {
  return formatter(language, 'day_time', timeZone).format(new Date(iso));
}

/** "Wed 3 Dec" in the page's language. */
export function formatDay(language: Language, iso: string, timeZone: string): string {
  return formatter(language, 'day', timeZone).format(new Date(iso));
}

/** "Wed 3 Dec – Thu 4 Dec" (one day when both ends fall on the same day). */
export function formatDayRange(language: Language, fromIso: string, toIso: string, timeZone: string): string {
  return formatter(language, 'day', timeZone).formatRange(new Date(fromIso), new Date(toIso));
}

/** Fill `{name}` placeholders. */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
