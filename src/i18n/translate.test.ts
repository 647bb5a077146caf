import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, relativeTime, t } from './translate.ts';
import { isLocale, isRtl, negotiateLocale, pickLocale } from './locales.ts';
import { flattenMessages, registerMessages, translateParts } from './messages.ts';

// Test-only messages under a namespace no file uses, so the shipped files stay untouched.
registerMessages(
  'en',
  flattenMessages('test', {
    hello: 'Hello, {name}!',
    items: { one: '{count} item', other: '{count} items' },
    onlyEnglish: 'Only in English',
    link: 'Read {link} now',
  }),
);
registerMessages('ja', flattenMessages('test', { items: { other: '{count}件' }, hello: 'こんにちは、{name}さん' }));
registerMessages(
  'ar',
  flattenMessages('test', {
    items: { zero: 'zero {count}', one: 'one', two: 'two', few: 'few {count}', many: 'many {count}', other: 'other {count}' },
  }),
);
registerMessages('de', flattenMessages('test', { items: { one: '{count} Ding', other: '{count} Dinge' } }));

describe('t: placeholders and fallback', () => {
  it('fills {name} placeholders and leaves unknown ones as written', () => {
    expect(t('en', 'test.hello', { name: 'Gary' })).toBe('Hello, Gary!');
    expect(t('en', 'test.hello')).toBe('Hello, {name}!');
    expect(t('ja', 'test.hello', { name: 'Gary' })).toBe('こんにちは、Garyさん');
  });

  it('writes numbers the locale’s way, and strings exactly as given', () => {
    expect(t('en', 'test.items', { count: 1234 })).toBe('1,234 items');
    expect(t('de', 'test.items', { count: 1234 })).toBe('1.234 Dinge');
    expect(t('en', 'test.hello', { name: '1234' })).toBe('Hello, 1234!');
  });

  it('falls back to English for a key the locale lacks, and to the key itself for an unknown key', () => {
    expect(t('de', 'test.onlyEnglish')).toBe('Only in English');
    expect(t('de', 'test.nothing.here')).toBe('test.nothing.here');
  });

  it('never lets a value open a slot in a sentence with markup', () => {
    expect(translateParts('en', 'test.link', { link: { markup: true } }, { name: '{link}' })).toEqual(['Read ', { markup: true }, ' now']);
    expect(translateParts('en', 'test.hello', { link: 'x' }, { name: '{link}' }).join('')).toBe('Hello, {link}!');
  });

  it('loads the shipped files: the discussion speaks German', () => {
    expect(t('de', 'discussion.form.submit')).toBe('Kommentar senden');
    expect(t('en', 'discussion.heading.count', { count: 2 })).toBe('2 comments');
  });
});

describe('t: plurals through Intl.PluralRules', () => {
  it('English and German: one and other', () => {
    expect(t('en', 'test.items', { count: 1 })).toBe('1 item');
    expect(t('en', 'test.items', { count: 0 })).toBe('0 items');
    expect(t('de', 'test.items', { count: 1 })).toBe('1 Ding');
    expect(t('de', 'test.items', { count: 2 })).toBe('2 Dinge');
  });

  it('Japanese has a single form', () => {
    for (const count of [0, 1, 2, 5, 100]) expect(t('ja', 'test.items', { count })).toBe(`${count}件`);
  });

  it('Arabic uses all six categories', () => {
    expect(t('ar', 'test.items', { count: 0 })).toBe('zero 0');
    expect(t('ar', 'test.items', { count: 1 })).toBe('one');
    expect(t('ar', 'test.items', { count: 2 })).toBe('two');
    expect(t('ar', 'test.items', { count: 3 })).toBe('few 3');
    expect(t('ar', 'test.items', { count: 10 })).toBe('few 10');
    expect(t('ar', 'test.items', { count: 11 })).toBe('many 11');
    expect(t('ar', 'test.items', { count: 99 })).toBe('many 99');
    expect(t('ar', 'test.items', { count: 100 })).toBe('other 100');
  });

  it('a plural without a count takes `other`', () => {
    expect(t('en', 'test.items')).toBe('{count} items');
  });
});

describe('locales', () => {
  it('knows its locales and which are right to left', () => {
    expect(isLocale('pt-BR')).toBe(true);
    expect(isLocale('pt')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('de')).toBe(false);
  });

  it('pickLocale: the first supported candidate; regions fold to the language, pt to pt-BR', () => {
    expect(pickLocale(null, undefined, 'fr', 'de-AT', 'es')).toBe('de');
    expect(pickLocale('pt')).toBe('pt-BR');
    expect(pickLocale('pt-PT')).toBe('pt-BR');
    expect(pickLocale('PT_br')).toBe('pt-BR');
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale('zh', '', 'xx')).toBeNull();
  });

  it('negotiateLocale: honours q-values, order breaks ties, q=0 refuses', () => {
    expect(negotiateLocale('fr-CH, fr;q=0.9, de;q=0.7, ja;q=0.8')).toBe('ja');
    expect(negotiateLocale('de;q=0.5, id;q=0.5')).toBe('de');
    expect(negotiateLocale('pt-BR;q=0, es;q=0.1')).toBe('es');
    expect(negotiateLocale('pt;q=0.9, en;q=0.8')).toBe('pt-BR');
    expect(negotiateLocale('hi-IN')).toBe('hi');
    expect(negotiateLocale('*')).toBeNull();
    expect(negotiateLocale('fr')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
    expect(negotiateLocale('de;q=abc, ar')).toBe('ar');
  });
});

describe('dates, times and numbers', () => {
  const iso = '2026-12-05T14:03:07Z';

  it('English keeps the house style', () => {
    expect(formatDateTime('en', iso, 'date')).toBe('5 December 2026');
    expect(formatDateTime('en', iso, 'time')).toBe('14:03');
    expect(formatDateTime('en', iso, 'datetime')).toBe('5 December 2026, 14:03');
    expect(formatDateTime('en', iso, 'exact')).toBe('5 December 2026, 14:03:07 UTC');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
  });

  it('other locales write dates their own way, in UTC unless a zone is given', () => {
    expect(formatDateTime('de', iso, 'date')).toBe('5. Dezember 2026');
    expect(formatDateTime('ja', iso, 'date')).toBe('2026年12月5日');
    expect(formatDateTime('pt-BR', iso, 'date')).toBe('5 de dezembro de 2026');
    expect(formatDateTime('de', iso, 'time', 'Europe/Berlin')).toBe('15:03');
    expect(formatDateTime('de', 'not a date', 'date')).toBe('not a date');
    expect(formatNumber('de', 1234567)).toBe('1.234.567');
  });

  it('relative times grow their unit with the distance', () => {
    const now = new Date(iso);
    const before = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    expect(relativeTime('en', before(10), now)).toBe('now');
    expect(relativeTime('en', before(5 * 60), now)).toBe('5 minutes ago');
    expect(relativeTime('en', before(3 * 3600), now)).toBe('3 hours ago');
    expect(relativeTime('en', before(3 * 86400), now)).toBe('3 days ago');
    expect(relativeTime('de', before(3 * 3600), now)).toBe('vor 3 Stunden');
    expect(relativeTime('ja', before(3 * 3600), now)).toBe('3 時間前');
    expect(relativeTime('en', new Date(now.getTime() + 2 * 86400_000).toISOString(), now)).toBe('in 2 days');
  });
});
