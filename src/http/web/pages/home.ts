// The home page: the editors' lead story (large, first), their featured stories, then the rest
// by date without repeating them (domain/posts/home.ts decides what is visible now).
import { html } from '../../../render/html.ts';
import type { HomePage } from '../../../domain/posts/home.ts';
import { layout, type SiteContext } from '../layout.ts';
import { pageTitle, pagination, postCard, postList } from '../components.ts';
import { archiveHead } from '../seo.ts';

export function renderHome(site: SiteContext, home: HomePage): string {
  const { lead, featured, rest } = home;
  const chosen = lead !== null || featured.length > 0;
  // The first card of a `.cards` grid is drawn large (site.css): the lead when there is one.
  const top = chosen
    ? html`<div class="cards home-chosen">
        ${lead ? postCard(lead, { eager: true }) : ''}${featured.map((p, i) => postCard(p, { eager: !lead && i === 0 }))}
      </div>`
    : '';
  const list = chosen
    ? rest.items.length
      ? html`<h2 class="home-latest">Latest</h2>
          <div class="cards home-rest">${rest.items.map((p) => postCard(p))}</div>`
      : ''
    : postList(rest.items, 'Nothing has been published yet.');
  const main = html`<h1 class="visually-hidden">${site.title}: latest articles</h1>
    ${top} ${list} ${pagination('/', rest.page, rest.pageCount)}`;
  const path = rest.page > 1 ? `/?page=${rest.page}` : '/';
  // The site's own feeds are linked by the layout on every page.
  return layout(site, { title: pageTitle(site.title, rest.page), path, head: archiveHead(site, { title: site.title, path }) }, main);
}
