// The document inside the embed's iframe: the article page's thread (the same renderThread
// markup, the same comments client) without the site's masthead and footer, plus the frame's
// own small script that sizes the iframe on the host page. No inline script or style (CSP).
import { html, type SafeHtml } from '../../../render/html.ts';
import { assetUrl } from '../assets.ts';
import { isRtl, type Locale } from '../../../i18n/locales.ts';
import { t } from '../../../i18n/translate.ts';

export type EmbedTheme = 'light' | 'dark' | 'auto';

export interface EmbedFrameMeta {
  title: string;
  /** The host page's origin, verified against the site: the only target of the frame's messages. */
  hostOrigin: string;
  /** "auto" leaves the scheme to the reader's system (the loader resolves auto before asking). */
  theme: EmbedTheme;
  /** The site's accent/font/radius stylesheet, versioned by its content. */
  themeStylesheet: string;
  lang: Locale;
}

export function renderEmbedThread(meta: EmbedFrameMeta, discussion: SafeHtml): string {
  const theme = meta.theme === 'auto' ? '' : html` data-theme="${meta.theme}"`;
  return html`<!doctype html>
<html lang="${meta.lang}"${isRtl(meta.lang) ? html` dir="rtl"` : ''} class="embed" data-host-origin="${meta.hostOrigin}"${theme}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${meta.theme === 'auto' ? 'light dark' : meta.theme}">
<meta name="robots" content="noindex">
<title>${t(meta.lang, 'embed.frameTitle', { title: meta.title })}</title>
<link rel="stylesheet" href="${assetUrl('site.css')}">
<link rel="stylesheet" href="${assetUrl('embed.css')}">
<link rel="stylesheet" href="${meta.themeStylesheet}">
</head>
<body>
<main class="embed-main">
${discussion}
</main>
<script type="module" src="${assetUrl('comments.js')}"></script>
<script type="module" src="${assetUrl('embed-frame.js')}"></script>
</body>
</html>`.value;
}

/** What an unregistered site or origin gets: a few words, never a thread, never framed. */
export function renderEmbedRefused(message: string): string {
  return html`<!doctype html>
<html lang="en" class="embed">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Comments unavailable</title>
<link rel="stylesheet" href="${assetUrl('site.css')}">
<link rel="stylesheet" href="${assetUrl('embed.css')}">
</head>
<body>
<main class="embed-main"><p class="embed-refused">${message}</p></main>
</body>
</html>`.value;
}
