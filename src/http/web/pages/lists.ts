// Archives (the home page is pages/home.ts): a heading and a paginated list of post cards.
import { html } from '../../../render/html.ts';
import type { CategoryArchive, Paged, PostSummary } from '../../../domain/posts/read.ts';
import type { Tag, User } from '../../../domain/records.ts';
import { layout, type SiteContext } from '../layout.ts';
import { pageTitle, pagination, postList } from '../components.ts';
import { avatar, avatarImageUrl } from '../../../render/avatar.ts';
import { archiveHead } from '../seo.ts';
import { siteText } from '../site-text.ts';

// Each page of an archive is its own canonical page (search engines index page 2 on its own).
const withPage = (base: string, page: number) => (page > 1 ? `${base}?page=${page}` : base);

export function renderCategory(site: SiteContext, archive: CategoryArchive): string {
  const base = `/category/${archive.category.slug}`;
  const { locale } = site;
  const text = siteText(locale);
  const main = html`<header class="archive-header">
  <nav class="breadcrumbs" aria-label="${text('breadcrumb')}"><ol><li><a href="/">${text('home')}</a></li>${archive.trail
    .slice(0, -1)
    .map((c) => html`<li><a href="/category/${c.slug}">${c.name}</a></li>`)}</ol></nav>
  <h1>${archive.category.name}</h1>
  ${archive.category.description ? html`<p>${archive.category.description}</p>` : ''}
  ${archive.children.length ? html`<ul class="subcategories" aria-label="${text('subcategories')}">${archive.children.map((c) => html`<li><a href="/category/${c.slug}">${c.name}</a></li>`)}</ul>` : ''}
</header>
${postList(archive.items, text('noArticlesInCategory'), locale)}
${pagination(base, archive.page, archive.pageCount, locale)}`;
  const { name, description } = archive.category;
  const path = withPage(base, archive.page);
  const head = archiveHead(site, { title: name, path, feedPath: base, description });
  return layout(site, { title: pageTitle(name, archive.page, locale), description: description || undefined, path, head }, main);
}

export function renderTag(site: SiteContext, archive: Paged<PostSummary> & { tag: Tag }): string {
  const base = `/tag/${archive.tag.slug}`;
  const { locale } = site;
  const text = siteText(locale);
  const main = html`<header class="archive-header"><p class="archive-kind">${text('tagKind')}</p><h1>${archive.tag.name}</h1></header>
${postList(archive.items, text('noArticlesWithTag'), locale)}
${pagination(base, archive.page, archive.pageCount, locale)}`;
  const tagged = text('taggedTitle', { name: archive.tag.name });
  const title = pageTitle(tagged, archive.page, locale);
  const path = withPage(base, archive.page);
  return layout(site, { title, path, head: archiveHead(site, { title: tagged, path, feedPath: base }) }, main);
}

export function renderAuthor(site: SiteContext, archive: Paged<PostSummary> & { author: User }): string {
  const base = `/author/${archive.author.slug}`;
  const { locale } = site;
  const text = siteText(locale);
  const main = html`<header class="archive-header author-header">
  ${avatar(archive.author.display_name, 'large', archive.author.avatar_media_id ? avatarImageUrl(archive.author.avatar_media_id, 256) : null)}
  <div><p class="archive-kind">${text('authorKind')}</p><h1>${archive.author.display_name}</h1>
  ${archive.author.bio ? html`<p class="bio">${archive.author.bio}</p>` : ''}</div>
</header>
${postList(archive.items, text('noArticlesByAuthor'), locale)}
${pagination(base, archive.page, archive.pageCount, locale)}`;
  const { display_name: name, bio } = archive.author;
  const path = withPage(base, archive.page);
  const head = archiveHead(site, { title: name, path, feedPath: base, description: bio });
  return layout(site, { title: pageTitle(name, archive.page, locale), description: bio || undefined, path, head }, main);
}
