// Error pages. A reader who lands on a 404 or a refusal gets the site around it — masthead,
// search, sections, footer — so they can go on reading. When the site itself cannot be read
// (the database is down), the standalone page still answers: it needs nothing but this file.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { AppError } from '../../../errors.ts';
import { assetUrl } from '../assets.ts';
import { layout, type SiteContext } from '../layout.ts';

const TITLES: Record<number, string> = { 404: 'Page not found', 400: 'That request was not understood', 403: 'Not allowed' };

function titleOf(error: AppError): string {
  return TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : 'That did not work');
}

function errorMain(error: AppError): SafeHtml {
  const hint =
    error.status === 404
      ? html`<p>The address may be mistyped, or the page was moved or removed. Try the search above, or start from the <a href="/">front page</a>.</p>`
      : html`<p><a href="/">Go to the front page</a></p>`;
  return html`<section class="error-page" aria-labelledby="error-heading">
  <h1 id="error-heading">${titleOf(error)}</h1>
  <p>${error.message}.</p>
  ${hint}
</section>`;
}

/** The error inside the site's own page (noindex: an error is never a page to find). */
export function renderSiteErrorPage(site: SiteContext, error: AppError, path: string): string {
  return layout(site, { title: titleOf(error), path, noindex: true }, errorMain(error));
}

/** Without the database: the site's stylesheet and a way back, nothing more. */
export function renderErrorPage(error: AppError): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>${titleOf(error)}</title>
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml"><link rel="stylesheet" href="${assetUrl('site.css')}">
</head><body><main id="main" class="page">${errorMain(error)}</main></body></html>`.value;
}
