// The languages a reader can read Gazette in, and how a request picks one. Browser-safe: the
// comments client shares it with the server.

export const LOCALES = ['en', 'hi', 'id', 'ja', 'pt-BR', 'es', 'de', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar']);

/**
 * A bare language picks the regional variant we ship ('pt' reads Brazilian Portuguese); any
 * other region of a language we ship falls back to the language ('en-GB' → 'en', 'de-AT' → 'de').
 */
const BY_LANGUAGE: ReadonlyMap<string, Locale> = new Map(LOCALES.map((locale) => [locale.split('-')[0]!.toLowerCase(), locale]));
const BY_TAG: ReadonlyMap<string, Locale> = new Map(LOCALES.map((locale) => [locale.toLowerCase(), locale]));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isRtl(locale: Locale): boolean {
  return RTL.has(locale);
}

/** The locale one language tag stands for, if we ship it: exact tag first, then its language. */
function localeOf(tag: string): Locale | null {
  const normalised = tag.trim().replace(/_/g, '-').toLowerCase();
  if (normalised === '' || normalised.length > 35) return null;
  return BY_TAG.get(normalised) ?? BY_LANGUAGE.get(normalised.split('-')[0]!) ?? null;
}

/** The first candidate we ship (data-lang, then the site's setting, …); null when none is. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale | null {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const locale = localeOf(candidate);
    if (locale !== null) return locale;
  }
  return null;
}

// Headers are attacker-chosen: read a bounded number of entries from a bounded header.
const MAX_ACCEPT_LANGUAGE = 1000;
const MAX_RANGES = 30;

/** The best locale an Accept-Language header asks for, honouring q-values; null when none fits. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | null {
  if (acceptLanguage === undefined) return null;
  const ranges = acceptLanguage
    .slice(0, MAX_ACCEPT_LANGUAGE)
    .split(',')
    .slice(0, MAX_RANGES)
    .map((entry, order) => {
      const [tag = '', ...params] = entry.split(';');
      const qParam = params.map((param) => param.trim()).find((param) => /^q=/i.test(param));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((range) => range.q > 0 && range.tag !== '' && range.tag !== '*')
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return pickLocale(...ranges.map((range) => range.tag));
}
