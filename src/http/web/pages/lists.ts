// Archives (the home page is pages/home.ts): a heading and a paginated list of post cards.
import { html } from '../../../render/html.ts';
import type { CategoryArchive, Paged, PostSummary } from '../../../domain/posts/read.ts';
import type { Tag, User } from '../../../domain/records.ts';
import { layout, type SiteContext } from '../layout.ts';
import { pageTitle, pagination, postList } from '../components.ts';
import { avatar, avatarImageUrl } from '../../../render/avatar.ts';
import { archiveHead } from '../seo.ts';

// Each page of an archive is its own canonical page (search engines index page 2 on its own).
const withPage = (base: string, page: number) => (page > 1 ? `${base}?page=${page}` : base);

export function renderCategory(site: SiteContext, archive: CategoryArchive): string {
  const base = `/category/${archive.category.slug}`;
  const main = html`<header class="archive-header">
  <nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>${archive.trail
    .slice(0, -1)
    .map((c) => html`<li><a href="/category/${c.slug}">${c.name}</a></li>`)}</ol></nav>
  <h1>${archive.category.name}</h1>
  ${archive.category.description ? html`<p>${archive.category.description}</p>` : ''}
  ${archive.children.length ? html`<ul class="subcategories" aria-label="Sub-categories">${archive.children.map((c) => html`<li><a href="/category/${c.slug}">${c.name}</a></li>`)}</ul>` : ''}
</header>
${postList(archive.items, 'No articles in this category yet.')}
${pagination(base, archive.page, archive.pageCount)}`;
  const { name, description } = archive.category;
  const path = withPage(base, archive.page);
  const head = archiveHead(site, { title: name, path, feedPath: base, description });
  return layout(site, { title: pageTitle(name, archive.page), description: description || undefined, path, head }, main);
}

export function renderTag(site: SiteContext, archive: Paged<PostSummary> & { tag: Tag }): string {
  const base = `/tag/${archive.tag.slug}`;
  const main = html`<header class="archive-header"><p class="archive-kind">Tag</p><h1>${archive.tag.name}</h1></header>
${postList(archive.items, 'No articles with this tag yet.')}
${pagination(base, archive.page, archive.pageCount)}`;
  const title = pageTitle(`Tagged “${archive.tag.name}”`, archive.page);
  const path = withPage(base, archive.page);
  return layout(site, { title, path, head: archiveHead(site, { title: `Tagged “${archive.tag.name}”`, path, feedPath: base }) }, main);
}

export function renderAuthor(site: SiteContext, archive: Paged<PostSummary> & { author: User }): string {
  const base = `/author/${archive.author.slug}`;
  const main = html`<header class="archive-header author-header">
  ${avatar(archive.author.display_name, 'large', archive.author.avatar_media_id ? avatarImageUrl(archive.author.avatar_media_id, 256) : null)}
  <div><p class="archive-kind">Author</p><h1>${archive.author.display_name}</h1>
  ${archive.author.bio ? html`<p class="bio">${archive.author.bio}</p>` : ''}</div>
</header>
${postList(archive.items, 'No articles by this author yet.')}
${pagination(base, archive.page, archive.pageCount)}`;
  const { display_name: name, bio } = archive.author;
  const path = withPage(base, archive.page);
  const head = archiveHead(site, { title: name, path, feedPath: base, description: bio });
  return layout(site, { title: pageTitle(name, archive.page), description: bio || undefined, path, head }, main);
}
