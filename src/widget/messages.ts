// The page's language for the client: English is compiled in (src/render/thread-text.ts); a
// page in another language carries its discussion messages in a JSON data block
// (src/http/web/discussion-messages.ts), registered here before anything is drawn.
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales.ts';
import { isPluralMessage, registerMessages, type Catalog } from '../i18n/messages.ts';

let current: Locale = DEFAULT_LOCALE;

/** The language loadPageMessages found (English before it runs), for parts without a ThreadClient. */
export function pageLocale(): Locale {
  return current;
}

/** Reads #gz-messages once; a missing or malformed block leaves the thread in English. */
export function loadPageMessages(): Locale {
  const block = document.getElementById('gz-messages');
  if (!block?.textContent) return DEFAULT_LOCALE;
  try {
    const data = JSON.parse(block.textContent) as { locale?: unknown; messages?: unknown };
    if (!isLocale(data.locale) || typeof data.messages !== 'object' || data.messages === null) return DEFAULT_LOCALE;
    const catalog: Catalog = {};
    for (const [key, message] of Object.entries(data.messages)) {
      // Only discussion words, and only text: the block cannot reach anything else.
      if (key.startsWith('discussion.') && (typeof message === 'string' || isPluralMessage(message))) catalog[key] = message;
    }
    registerMessages(data.locale, catalog);
    return (current = data.locale);
  } catch {
    return DEFAULT_LOCALE;
  }
}
