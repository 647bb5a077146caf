// The words of Gazette's own pages (namespace `site`, src/locales/<locale>/site.json), dates and
// numbers in the reader's language. English keeps the exact formats the pages always had.
import { html, trusted, type HtmlValue, type SafeHtml } from '../../render/html.ts';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/translate.ts';

export type SiteText = (key: string, vars?: Record<string, string | number>) => string;

/** `text('signIn')` reads `site.signIn` in this locale. */
export function siteText(locale: Locale = DEFAULT_LOCALE): SiteText {
  return (key, vars) => t(locale, `site.${key}`, vars);
}

// Never seen in a translation: marks where a piece of markup goes into a translated sentence.
const SLOT = '\u0001';

/**
 * A translated sentence with markup in it ("By {name}", where the name is a link): the
 * sentence is escaped, each piece of markup goes in at its placeholder, wherever the language puts it.
 */
export function textWith(text: SiteText, key: string, slots: Record<string, HtmlValue>): SafeHtml {
  const names = Object.keys(slots);
  const marked = text(key, Object.fromEntries(names.map((name, i) => [name, `${SLOT}${i}${SLOT}`])));
  // Split on the markers: text, slot number, text, slot number, … text.
  const pieces = marked.split(SLOT).map((piece, i) => (i % 2 === 0 ? piece : slots[names[Number(piece)]!]));
  return html`${pieces}`;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
/** "5 December 2026" in English (as always); each other language its own way. UTC, like the dates stored. */
export function formatDate(locale: Locale, iso: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? 'en-GB' : locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

/** Counts as digits: English keeps the plain digits its pages always showed; others group the local way. */
export function formatCount(locale: Locale, n: number): string {
  return locale === DEFAULT_LOCALE ? String(n) : new Intl.NumberFormat(locale).format(n);
}

/** The words the site's own scripts use (lightbox.js, unread-badge.js); they fall back to English by themselves. */
const SCRIPT_WORDS = ['imageViewer', 'closeImageViewer', 'close', 'previousImage', 'nextImage', 'slideOf', 'unread'];
const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * A non-executed JSON data block (CSP leaves those alone) with the scripts' words in this
 * language; English pages carry none, their scripts already speak it. `<`, `>` and `&` are
 * written as \u escapes, so `</script` can never appear.
 */
export function scriptWords(locale: Locale): SafeHtml | '' {
  if (locale === DEFAULT_LOCALE) return '';
  const text = siteText(locale);
  const words = Object.fromEntries(SCRIPT_WORDS.map((key) => [key, text(key)]));
  const json = JSON.stringify(words).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c]!);
  return trusted(`<script type="application/json" id="gz-site-words">${json}</script>`);
}
