// How the comments client learns the page's language: a non-executed JSON block beside the
// thread, <script type="application/json" id="gz-messages">, carrying every `discussion.*`
// message of the page's locale (English filling any gap). CSP leaves data blocks alone, the
// words arrive with the page that needs them (no second request before live comments can be
// drawn), and the 20 KB client carries only English. English pages carry no block at all.
import { trusted, type SafeHtml } from '../../render/html.ts';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/locales.ts';
import { messagesUnder } from '../../i18n/translate.ts';

/** The id the client looks for (src/widget/messages.ts). */
export const MESSAGES_ELEMENT_ID = 'gz-messages';

const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** `</script` can never appear: <, > and & are written as \u escapes, the same JSON value. */
export function discussionMessages(locale: Locale | undefined): SafeHtml | '' {
  if (locale === undefined || locale === DEFAULT_LOCALE) return '';
  const json = JSON.stringify({ locale, messages: messagesUnder(locale, 'discussion') }).replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
  return trusted(`<script type="application/json" id="${MESSAGES_ELEMENT_ID}">${json}</script>`);
}
