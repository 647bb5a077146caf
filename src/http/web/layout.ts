// The page shell: head (meta, feeds, canonical), masthead with navigation, footer.
import { html, type SafeHtml } from '../../render/html.ts';
import type { SiteChrome } from '../../domain/posts/read.ts';
import { assetUrl } from './assets.ts';
import { safeUrl } from '../../render/safe-url.ts';
import { can } from '../../domain/policy.ts';
import type { Role } from '../../domain/records.ts';
import { signInHref, signUpHref } from '../../render/return-path.ts';
import { DEFAULT_LOCALE, isRtl, type Locale } from '../../i18n/locales.ts';
import { scriptWords, siteText } from './site-text.ts';

export interface SiteContext {
  title: string;
  /** Absolute base URL, without a trailing slash. */
  baseUrl: string;
  chrome: SiteChrome;
  /** The language of the page (plugins/reader-locale.ts); English when absent. */
  locale?: Locale;
  /**
   * The signed-in reader, on pages rendered for them alone (never on cached pages, which show
   * "Sign in" instead). Their CSRF token goes into the sign-out form.
   */
  viewer?: {
    name: string;
    slug: string;
    role: string;
    csrfToken: string | null;
    unread?: number;
    /** Comments waiting for a moderator (held or reported): moderators and admins only. */
    moderation?: number;
  } | null;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of this page's canonical URL, e.g. `/articles/some-slug`. */
  path: string;
  /** An absolute canonical URL elsewhere (an article first published on another site): replaces `path`'s. */
  canonicalUrl?: string | null;
  /** Extra elements for <head>: OpenGraph, JSON-LD, feeds of an archive. */
  head?: SafeHtml;
  /** Load the gallery lightbox script. */
  lightbox?: boolean;
  /** Load the comments client (the page has a discussion thread). */
  comments?: boolean;
  noindex?: boolean;
}

/** `path`: the page's own path (never a request header, so a cached page's links are everyone's), where signing in comes back to. */
function accountNav(site: SiteContext, path: string) {
  const viewer = site.viewer;
  const text = siteText(site.locale);
  if (!viewer) {
    return html`<nav class="account-nav" aria-label="${text('accountNav')}"><ul><li><a href="${signInHref(path)}">${text('signIn')}</a></li><li><a href="${signUpHref(path)}">${text('signUp')}</a></li></ul></nav>`;
  }
  const unread = viewer.unread ?? 0;
  const admin = viewer.role === 'admin';
  // Desk, Moderation and Outbox lead to staff pages, which are in English: so are their links.
  return html`<nav class="account-nav" aria-label="${text('accountNav')}"><ul>
    <li><a href="/inbox">${text('inbox')}${unread > 0 ? html` <span class="unread-count">${unread}<span class="visually-hidden"> ${text('unread')}</span></span>` : ''}</a></li>
    <li><a href="/settings" title="${text('yourSettings')}">${viewer.name}</a></li>
    ${can('desk.use', { id: '', role: viewer.role as Role }) ? html`<li><a href="/desk">Desk</a></li>` : ''}
    ${admin || viewer.role === 'moderator' ? html`<li><a href="/admin/moderation">Moderation${viewer.moderation ? html` <span class="queue-count">(${viewer.moderation}<span class="visually-hidden"> waiting</span>)</span>` : ''}</a></li>` : ''}
    ${admin ? html`<li><a href="/admin/outbox">Outbox</a></li>` : ''}
    <li><form method="post" action="/signout">${viewer.csrfToken ? html`<input type="hidden" name="csrf" value="${viewer.csrfToken}">` : ''}<button type="submit" class="link-button">${text('signOut')}</button></form></li>
  </ul></nav>`;
}

export function layout(site: SiteContext, meta: PageMeta, main: SafeHtml): string {
  const fullTitle = meta.title === site.title ? site.title : `${meta.title} – ${site.title}`;
  const topCategories = site.chrome.categories.filter((c) => c.parent_id === null);
  const locale = site.locale ?? DEFAULT_LOCALE;
  const text = siteText(locale);
  return html`<!doctype html>
<html lang="${locale}"${isRtl(locale) ? html` dir="rtl"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${fullTitle}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${(meta.canonicalUrl && safeUrl(meta.canonicalUrl, { relative: false })) || safeUrl(site.baseUrl + meta.path)}">
<link rel="alternate" type="application/rss+xml" title="${site.title} (RSS)" href="${site.baseUrl}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${site.title} (Atom)" href="${site.baseUrl}/atom.xml">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('site.css')}">
${meta.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${text('skipLink')}</a>
<header class="masthead">
  <div class="masthead-inner">
    <a class="site-title" href="/">${site.title}</a>
    <form class="search-form" action="/search" method="get" role="search" aria-label="${text('siteSearch')}">
      <label class="visually-hidden" for="site-search">${text('searchArticles')}</label>
      <input id="site-search" type="search" name="q" placeholder="${text('searchPlaceholder')}" maxlength="200">
      <button type="submit">${text('searchButton')}</button>
    </form>
  </div>
  ${accountNav(site, meta.path)}
  <nav class="site-nav" aria-label="${text('sections')}">
    <ul>${topCategories.map((c) => {
      const children = site.chrome.categories.filter((child) => child.parent_id === c.id);
      return html`<li><a href="/category/${c.slug}">${c.name}</a>${children.length ? html`<ul class="site-nav-sub" aria-label="${text('inSection', { name: c.name })}">${children.map((child) => html`<li><a href="/category/${child.slug}">${child.name}</a></li>`)}</ul>` : ''}</li>`;
    })}</ul>
  </nav>
</header>
<main id="main" class="page">
${main}
</main>
<footer class="site-footer">
  <nav aria-label="${text('footerNav')}">
    <ul>
      ${site.chrome.pages.map((p) => html`<li><a href="/${p.slug}">${p.title}</a></li>`)}
      <li><a href="/feed.xml">RSS</a></li>
      <li><a href="/atom.xml">Atom</a></li>
    </ul>
  </nav>
  <p>${text('footerNote', { site: site.title })}</p>
</footer>
${meta.lightbox || site.viewer ? scriptWords(locale) : ''}${meta.lightbox ? html`<script type="module" src="${assetUrl('lightbox.js')}"></script>` : ''}
${meta.comments ? html`<script type="module" src="${assetUrl('comments.js')}"></script>` : ''}
${site.viewer ? html`<script type="module" src="${assetUrl('unread-badge.js')}"></script>` : ''}
</body>
</html>`.value;
}
