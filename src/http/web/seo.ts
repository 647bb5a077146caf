// Discovery metadata for articles: OpenGraph, Twitter card and JSON-LD. (Filled in fully by
// the feeds/SEO work; kept here so pages have one call to make.)
import { html, type SafeHtml } from '../../render/html.ts';
import type { Article } from '../../domain/posts/read.ts';
import type { SiteContext } from './layout.ts';

export function articleHead(site: SiteContext, view: Article): SafeHtml {
  return html`<meta property="og:type" content="article"><meta property="og:title" content="${view.post.title}"><meta property="og:url" content="${site.baseUrl}/articles/${view.post.slug}">`;
}
