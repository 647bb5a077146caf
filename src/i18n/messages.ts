// Messages by key, and how one is turned into text: {name} placeholders and plurals chosen by
// Intl.PluralRules. Browser-safe and free of message files: the server loads every locale
// (translate.ts), the comments client registers the one its page carries, and both render the
// thread through the same translate().
import { DEFAULT_LOCALE, type Locale } from './locales.ts';

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];
export type PluralMessage = Partial<Record<PluralCategory, string>> & { other: string };
export type Message = string | PluralMessage;
/** Flat: 'discussion.reply' → message. */
export type Catalog = Record<string, Message>;
export type MessageVars = Record<string, string | number>;

/** Intl tags behind our locales: English keeps Gazette's house style (5 December 2026, 1,234). */
export function intlTag(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}

export function isPluralMessage(value: unknown): value is PluralMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    typeof (value as { other?: unknown }).other === 'string' &&
    entries.every(([key, text]) => (PLURAL_CATEGORIES as readonly string[]).includes(key) && typeof text === 'string')
  );
}

/** Nested message files become flat keys under their namespace; plural objects stay whole. */
export function flattenMessages(prefix: string, tree: unknown, into: Catalog = {}): Catalog {
  if (typeof tree === 'string' || isPluralMessage(tree)) {
    into[prefix] = tree;
  } else if (typeof tree === 'object' && tree !== null && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) flattenMessages(`${prefix}.${key}`, value, into);
  } else {
    throw new Error(`${prefix}: a message is a string or a plural object, not ${JSON.stringify(tree)}`);
  }
  return into;
}

const catalogs = new Map<Locale, Catalog>();

/** Adds (or replaces) messages of one locale. */
export function registerMessages(locale: Locale, messages: Catalog): void {
  catalogs.set(locale, { ...catalogs.get(locale), ...messages });
}

/** Every message of a locale under a namespace prefix, English filling any gap: what a page ships. */
export function messagesUnder(locale: Locale, prefix: string): Catalog {
  const pick = (catalog: Catalog | undefined): Catalog =>
    Object.fromEntries(Object.entries(catalog ?? {}).filter(([key]) => key.startsWith(`${prefix}.`)));
  return { ...pick(catalogs.get(DEFAULT_LOCALE)), ...pick(catalogs.get(locale)) };
}

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogs.get(locale)?.[key] !== undefined;
}

// Intl objects are costly to build and the locales are few: one of each per locale.
const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function pluralRulesOf(locale: Locale): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(intlTag(locale))));
  return rules;
}

export function formatNumber(locale: Locale, n: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(intlTag(locale))));
  return format.format(n);
}

function lookup(locale: Locale, key: string): { message: Message; used: Locale } | null {
  const own = catalogs.get(locale)?.[key];
  if (own !== undefined) return { message: own, used: locale };
  const english = catalogs.get(DEFAULT_LOCALE)?.[key];
  return english === undefined ? null : { message: english, used: DEFAULT_LOCALE };
}

function fill(locale: Locale, text: string, vars: MessageVars): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/**
 * The text for a key: the locale's message, else English's, else the key itself (so a gap shows
 * instead of hiding; test/i18n/locale-files.test.ts keeps gaps out of the shipped files).
 * Numbers are written the locale's way; pass a string to keep digits as they are. The result is
 * plain text: callers escape it through html``.
 */
export function translate(locale: Locale, key: string, vars: MessageVars = {}): string {
  const found = lookup(locale, key);
  if (found === null) return key;
  return fill(found.used, messageText(found.used, found.message, vars.count), vars);
}

/**
 * A message cut at the placeholders named in `slots`, which become those values (markup, for a
 * link inside a sentence: "Replying to {name}"). Text pieces are filled from `vars` before they
 * are returned, so a value can never open a slot.
 */
export function translateParts<T>(locale: Locale, key: string, slots: Record<string, T>, vars: MessageVars = {}): (string | T)[] {
  const found = lookup(locale, key);
  if (found === null) return [key];
  const text = messageText(found.used, found.message, vars.count);
  return text
    .split(/(\{\w+\})/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      const slot = /^\{(\w+)\}$/.exec(piece)?.[1];
      return slot !== undefined && Object.prototype.hasOwnProperty.call(slots, slot) ? slots[slot]! : fill(found.used, piece, vars);
    });
}

function messageText(locale: Locale, message: Message, count: string | number | undefined): string {
  if (typeof message === 'string') return message;
  const n = typeof count === 'number' ? count : Number(count);
  if (!Number.isFinite(n)) return message.other;
  return message[pluralRulesOf(locale).select(n)] ?? message.other;
}
