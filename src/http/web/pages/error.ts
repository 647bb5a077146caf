// Error pages. A reader who lands on a 404 or a refusal gets the site around it — masthead,
// search, sections, footer — so they can go on reading. When the site itself cannot be read
// (the database is down), the standalone page still answers: it needs nothing but this file.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { AppError } from '../../../errors.ts';
import { assetUrl } from '../assets.ts';
import { layout, type SiteContext } from '../layout.ts';
import { siteText, textWith, type SiteText } from '../site-text.ts';
import { errorText } from '../../../render/thread-text.ts';
import { DEFAULT_LOCALE, type Locale } from '../../../i18n/locales.ts';

// The error's own message (errors.ts) is English: the API answers with it too. In another
// language the page says it in the reader's words by its code where the discussion's words have
// it (discussion.errors.*), else shows the English; a 404's title and hint already say it all.
const TITLES: Record<number, string> = { 404: 'errorNotFound', 400: 'errorBadRequest', 403: 'errorNotAllowed' };

function titleOf(error: AppError, text: SiteText): string {
  return text(TITLES[error.status] ?? (error.status >= 500 ? 'errorServer' : 'errorOther'));
}

function detailOf(error: AppError, locale: Locale | undefined): string | null {
  if (!locale || locale === DEFAULT_LOCALE) return error.message;
  if (error.code === 'NOT_FOUND') return null;
  return errorText(locale, error.code, error.message).replace(/\.$/, '');
}

function errorMain(error: AppError, text: SiteText, locale?: Locale): SafeHtml {
  const detail = detailOf(error, locale);
  const hint =
    error.status === 404
      ? html`<p>${textWith(text, 'errorNotFoundHint', { frontPage: html`<a href="/">${text('frontPage')}</a>` })}</p>`
      : html`<p><a href="/">${text('goToFrontPage')}</a></p>`;
  return html`<section class="error-page" aria-labelledby="error-heading">
  <h1 id="error-heading">${titleOf(error, text)}</h1>
  ${detail === null ? '' : html`<p>${detail}.</p>`}
  ${hint}
</section>`;
}

/** The error inside the site's own page (noindex: an error is never a page to find). */
export function renderSiteErrorPage(site: SiteContext, error: AppError, path: string): string {
  const text = siteText(site.locale);
  return layout(site, { title: titleOf(error, text), path, noindex: true }, errorMain(error, text, site.locale));
}

/** Without the database: the site's stylesheet and a way back, nothing more. */
export function renderErrorPage(error: AppError): string {
  const text = siteText();
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>${titleOf(error, text)}</title>
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml"><link rel="stylesheet" href="${assetUrl('site.css')}">
</head><body><main id="main" class="page">${errorMain(error, text)}</main></body></html>`.value;
}
