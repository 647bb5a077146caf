// The server's translation core: every message file of every locale, read once at start-up.
// A namespace is a file, src/locales/<locale>/<namespace>.json; a new namespace needs no code here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from './locales.ts';
import { type Catalog, type MessageVars, flattenMessages, registerMessages, translate } from './messages.ts';

export { formatDateTime, relativeTime, type DateTimeStyle } from './format.ts';
export { formatNumber, messagesUnder, type Catalog, type MessageVars } from './messages.ts';

export const LOCALE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales');

/** Every message file of one locale, flattened: 'discussion.reply' → message. */
export function readLocaleFiles(locale: Locale, dir = LOCALE_DIR): Catalog {
  const folder = path.join(dir, locale);
  if (!fs.existsSync(folder)) return {};
  const catalog: Catalog = {};
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const namespace = path.basename(file, '.json');
    const tree: unknown = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    flattenMessages(namespace, tree, catalog);
  }
  return catalog;
}

for (const locale of LOCALES) registerMessages(locale, readLocaleFiles(locale));

/** The text for 'namespace.path' in a locale; English fills a gap. Plain text: escape it through html``. */
export function t(locale: Locale, key: string, vars?: MessageVars): string {
  return translate(locale, key, vars);
}
