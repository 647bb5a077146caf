import { html } from '../../../render/html.ts';
import type { AppError } from '../../../errors.ts';

const TITLES: Record<number, string> = { 404: 'Page not found', 400: 'That request was not understood', 403: 'Not allowed' };

// Error pages stand alone (no database access), so they render even when the database is down.
export function renderErrorPage(error: AppError): string {
  const title = TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : 'That did not work');
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}a{color:#c0392b}@media (prefers-color-scheme:dark){body{background:#14161a;color:#e6e6e6}a{color:#ff7b6b}}</style>
</head><body><main><h1>${title}</h1><p>${error.message}.</p><p><a href="/">Go to the front page</a></p></main></body></html>`.value;
}
