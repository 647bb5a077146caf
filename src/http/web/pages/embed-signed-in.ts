// The sign-in popup's last page (/embed/signed-in): it carries the single-use code to the frame
// that opened it (assets/embed-signed-in.js posts it to window.opener, targetOrigin = this site)
// and closes. The code sits in a data attribute: no inline script (CSP). Opened without a frame
// (a new tab, no JavaScript), it says what to do instead. Words: src/locales/*/embed-sign-in.json.
import { html, type SafeHtml } from '../../../render/html.ts';
import { t } from '../../../i18n/translate.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { textWith, type SiteText } from '../site-text.ts';

export const embedSignedInTitle = (locale: Locale) => t(locale, 'embed-sign-in.title');

export function embedSignedInPage(o: { name: string; code: string; locale: Locale }): SafeHtml {
  const text: SiteText = (key, vars) => t(o.locale, `embed-sign-in.${key}`, vars);
  return html`<section class="account-page embed-signed-in" data-handoff-code="${o.code}">
  <h1>${text('heading')}</h1>
  <p>${textWith(text, 'signedInAs', { name: html`<strong>${o.name}</strong>` })}</p>
  <p class="embed-signed-in-fallback">${text('fallback')}</p>
</section>`;
}
