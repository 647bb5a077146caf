// Every shipped locale says everything English says, in every namespace (every file in
// src/locales/en/), with the same placeholders, the plural forms its language needs, and nothing
// English does not have. A gap here would show English (or a raw key) in the middle of a page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { LOCALE_DIR } from '../../src/i18n/translate.ts';
import { flattenMessages, intlTag, isPluralMessage, type Message } from '../../src/i18n/messages.ts';

function readNamespace(dir: string, locale: string, namespace: string): Record<string, Message> | null {
  const file = path.join(dir, locale, `${namespace}.json`);
  if (!fs.existsSync(file)) return null;
  return flattenMessages(namespace, JSON.parse(fs.readFileSync(file, 'utf8')));
}

function placeholders(message: Message): string {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)));
  return [...names].sort().join(', ');
}

/** What is wrong with the locale files under `dir`, one line per problem. */
function localeProblems(dir: string, locales: readonly Locale[] = LOCALES): string[] {
  const problems: string[] = [];
  const namespaces = fs
    .readdirSync(path.join(dir, 'en'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => path.basename(file, '.json'));
  for (const locale of locales) {
    const extraFiles = fs.existsSync(path.join(dir, locale))
      ? fs
          .readdirSync(path.join(dir, locale))
          .filter((file) => file.endsWith('.json') && !namespaces.includes(path.basename(file, '.json')))
      : [];
    for (const file of extraFiles) problems.push(`${locale}: ${file} has no English original`);
    const categories = new Intl.PluralRules(intlTag(locale)).resolvedOptions().pluralCategories;
    for (const namespace of namespaces) {
      const english = readNamespace(dir, 'en', namespace)!;
      const messages = readNamespace(dir, locale, namespace);
      if (messages === null) {
        problems.push(`${locale}: ${namespace}.json is missing`);
        continue;
      }
      for (const [key, source] of Object.entries(english)) {
        const message = messages[key];
        if (message === undefined) {
          problems.push(`${locale}: ${key} is missing`);
          continue;
        }
        if (isPluralMessage(source) !== isPluralMessage(message))
          problems.push(`${locale}: ${key} should ${isPluralMessage(source) ? '' : 'not '}be a plural`);
        if (placeholders(source) !== placeholders(message))
          problems.push(`${locale}: ${key} has placeholders {${placeholders(message)}}, English has {${placeholders(source)}}`);
        if (isPluralMessage(message)) {
          for (const category of categories)
            if (message[category] === undefined) problems.push(`${locale}: ${key} lacks the "${category}" form`);
          for (const category of Object.keys(message))
            if (!(categories as string[]).includes(category))
              problems.push(`${locale}: ${key} has a "${category}" form the language never uses`);
        }
        const texts = typeof message === 'string' ? [message] : Object.values(message);
        if (texts.some((text) => !text?.trim())) problems.push(`${locale}: ${key} is empty`);
      }
      for (const key of Object.keys(messages)) if (!(key in english)) problems.push(`${locale}: ${key} is not in English`);
    }
  }
  return problems;
}

describe('locale files', () => {
  it('ship every locale with every key of every English namespace, nothing more, placeholders intact', () => {
    expect(fs.readdirSync(path.join(LOCALE_DIR, 'en')).filter((file) => file.endsWith('.json'))).toContain('discussion.json');
    expect(localeProblems(LOCALE_DIR)).toEqual([]);
  });

  describe('the check itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-locales-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (locale: string, namespace: string, tree: unknown) => {
      fs.mkdirSync(path.join(dir, locale), { recursive: true });
      fs.writeFileSync(path.join(dir, locale, `${namespace}.json`), JSON.stringify(tree));
    };

    it('finds a missing key, a missing file, a changed placeholder, a missing plural form and an extra key', () => {
      write('en', 'one', { a: 'Hello {name}', b: { one: '{count} thing', other: '{count} things' }, c: 'C' });
      write('en', 'two', { x: 'X' });
      write('de', 'one', { a: 'Hallo {nom}', b: { other: '{count} Dinge' }, d: 'extra' });
      write('ar', 'one', {
        a: 'مرحبا {name}',
        b: { zero: '0', one: '1', two: '2', few: '{count}', many: '{count}', other: '{count}' },
        c: 'ج',
      });
      write('ar', 'two', { x: 'س' });
      write('ja', 'one', { a: '{name}', b: { one: '{count}', other: '{count}' }, c: 'C' });
      write('ja', 'two', { x: 'X' });
      expect(localeProblems(dir, ['de', 'ar', 'ja'])).toEqual([
        'de: one.a has placeholders {nom}, English has {name}',
        'de: one.b lacks the "one" form',
        'de: one.c is missing',
        'de: one.d is not in English',
        'de: two.json is missing',
        'ja: one.b has a "one" form the language never uses',
      ]);
    });
  });
});
