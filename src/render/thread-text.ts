// The discussion's words in the reader's language: `discussion.*` messages (src/locales/) for
// the server's thread and the comments client alike. English is compiled in; the server loads
// every locale, and the client the one its page carries (src/widget/messages.ts).
import '../i18n/discussion-en.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import { hasMessage, translate, translateParts, type MessageVars } from '../i18n/messages.ts';
import { trusted, type SafeHtml } from './html.ts';

/** Plain text for `discussion.<key>`: escape it through html``. */
export function text(locale: Locale | undefined, key: string, vars?: MessageVars): string {
  return translate(locale ?? DEFAULT_LOCALE, `discussion.${key}`, vars);
}

const CONTENT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Element content (never an attribute) for `discussion.<key>`, with markup in the named slots
 * ("Replying to {name}", the name a link). Text needs only &, < and > escaped between tags, so
 * "Editor's pick" stays as written.
 */
export function rich(locale: Locale | undefined, key: string, slots: Record<string, SafeHtml> = {}, vars?: MessageVars): SafeHtml {
  const parts = translateParts(locale ?? DEFAULT_LOCALE, `discussion.${key}`, slots, vars);
  return trusted(
    parts.map((part) => (typeof part === 'string' ? part.replace(/[&<>]/g, (c) => CONTENT_ESCAPES[c]!) : part.value)).join(''),
  );
}

/**
 * A refusal from the server in the reader's words. The server writes English and names the exact
 * fault, so English readers get its text as before; another language gets its message for the
 * error's code (`discussion.errors.<CODE>`), or the server's text for a code it has no words for.
 */
export function errorText(locale: Locale | undefined, code: string, serverText: string): string {
  if (!locale || locale === DEFAULT_LOCALE || !/^[A-Z_]+$/.test(code) || !hasMessage(locale, `discussion.errors.${code}`))
    return serverText;
  return translate(locale, `discussion.errors.${code}`);
}

const BADGES = ['Author', 'Editor', 'Moderator', 'Admin'];

/** A badge the API names (Author, Editor, Moderator, Admin) in the reader's words; anything else as it is. */
export function badgeText(locale: Locale | undefined, badge: string): string {
  return BADGES.includes(badge) ? text(locale, `badge.${badge.toLowerCase()}`) : badge;
}
