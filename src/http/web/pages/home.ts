// The home page: the editors' lead story (large, first), their featured stories, then the rest
// by date without repeating them (domain/posts/home.ts decides what is visible now).
import { html } from '../../../render/html.ts';
import type { HomePage } from '../../../domain/posts/home.ts';
import { layout, type SiteContext } from '../layout.ts';
import { pageTitle, pagination, postCard, postList } from '../components.ts';
import { archiveHead } from '../seo.ts';
import { siteText } from '../site-text.ts';

export function renderHome(site: SiteContext, home: HomePage): string {
  const { lead, featured, rest } = home;
  const { locale } = site;
  const text = siteText(locale);
  const chosen = lead !== null || featured.length > 0;
  // The first card of a `.cards` grid is drawn large (site.css): the lead when there is one.
  const top = chosen
    ? html`<div class="cards home-chosen">
        ${lead ? postCard(lead, { eager: true, locale }) : ''}${featured.map((p, i) => postCard(p, { eager: !lead && i === 0, locale }))}
      </div>`
    : '';
  const list = chosen
    ? rest.items.length
      ? html`<h2 class="home-latest">${text('latest')}</h2>
          <div class="cards home-rest">${rest.items.map((p) => postCard(p, { locale }))}</div>`
      : ''
    : postList(rest.items, text('nothingPublished'), locale);
  const main = html`<h1 class="visually-hidden">${text('homeHeading', { site: site.title })}</h1>
    ${top} ${list} ${pagination('/', rest.page, rest.pageCount, locale)}`;
  const path = rest.page > 1 ? `/?page=${rest.page}` : '/';
  // The site's own feeds are linked by the layout on every page.
  return layout(
    site,
    { title: pageTitle(site.title, rest.page, locale), path, head: archiveHead(site, { title: site.title, path }) },
    main,
  );
}
