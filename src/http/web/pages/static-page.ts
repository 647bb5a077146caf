import { html, trusted } from '../../../render/html.ts';
import type { Post } from '../../../domain/records.ts';
import { layout, type SiteContext } from '../layout.ts';

export function renderStaticPage(site: SiteContext, page: Post): string {
  const main = html`<article class="article static-page"><header class="article-header"><h1>${page.title}</h1></header>
<div class="article-body">${trusted(page.body_html)}</div></article>`;
  return layout(site, { title: page.title, description: page.excerpt || undefined, path: `/${page.slug}` }, main);
}
