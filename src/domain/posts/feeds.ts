// What feed readers and search engines are given: the newest posts of the site, a category
// or an author with their full bodies, and the list of every public address for the sitemap.
import { notFound } from '../../errors.ts';
import * as postsRepo from '../../storage/repos/posts.ts';
import * as taxonomyRepo from '../../storage/repos/taxonomy.ts';
import { findMediaByIds } from '../../storage/repos/media.ts';
import { findUserBySlug } from '../../storage/repos/users.ts';
import type { PictureMedia } from '../../render/picture.ts';
import { neutraliseUrls } from '../../render/safe-url.ts';
import type { DomainContext } from '../context.ts';
import { descendantIds } from '../taxonomy/categories.ts';
import { toPictureMedia } from './render.ts';
import { correctionsByPost } from './corrections.ts';

/** How many entries a feed carries: enough for a reader that polls daily, small enough to serve fast. */
export const FEED_SIZE = 20;

/** The sitemap protocol's limit for one file. */
export const SITEMAP_LIMIT = 50_000;

export interface FeedItem {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  bodyHtml: string;
  bodyText: string;
  publishedAt: string;
  /** The later of the last edit and the publication time. */
  updatedAt: string;
  author: { name: string; slug: string };
  category: { name: string; slug: string } | null;
  tags: { name: string; slug: string }[];
  leadImage: { media: PictureMedia; alt: string } | null;
  /** Correction and update notes, oldest first: they also moved updatedAt (corrections.ts). */
  corrections: { kind: 'correction' | 'update'; text: string; createdAt: string }[];
}

export interface FeedView {
  /** The category or author the feed follows; null for the whole site. */
  name: string | null;
  description: string;
  /** The HTML page this feed mirrors, e.g. `/category/news`. */
  path: string;
  items: FeedItem[];
  /** When the newest entry changed; now when the feed is empty. */
  updatedAt: string;
}

const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

async function feedItems(ctx: DomainContext, filter: postsRepo.ListFilter): Promise<FeedItem[]> {
  const rows = await postsRepo.listVisibleForFeed(ctx.db, { now: ctx.clock.now().toISOString(), filter, limit: FEED_SIZE });
  const ids = rows.map((r) => r.id);
  const mediaIds = rows.map((r) => r.lead_media_id).filter((id): id is string => id !== null);
  const [tags, media, notes] = await Promise.all([
    postsRepo.tagsOfPosts(ctx.db, ids),
    findMediaByIds(ctx.db, mediaIds),
    correctionsByPost(ctx.db, ids),
  ]);
  const mediaById = new Map(media.map((m) => [m.id, { media: toPictureMedia(m), alt: m.alt }]));
  // Without renditions there is no file to link to; the entry goes out without its image.
  for (const [id, image] of mediaById) if (image.media.variantWidths.length === 0) mediaById.delete(id);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt,
    bodyHtml: neutraliseUrls(row.body_html),
    bodyText: row.body_text,
    publishedAt: row.published_at,
    updatedAt: later(row.published_at, row.updated_at),
    author: { name: row.author_name, slug: row.author_slug },
    category: row.category_slug ? { name: row.category_name ?? row.category_slug, slug: row.category_slug } : null,
    tags: tags.filter((t) => t.post_id === row.id).map((t) => ({ name: t.name, slug: t.slug })),
    leadImage: row.lead_media_id ? (mediaById.get(row.lead_media_id) ?? null) : null,
    corrections: (notes.get(row.id) ?? []).map((c) => ({ kind: c.kind, text: c.text, createdAt: c.created_at })),
  }));
}

function view(ctx: DomainContext, scope: Omit<FeedView, 'items' | 'updatedAt'>, items: FeedItem[]): FeedView {
  const newest = items.reduce<string | null>((max, item) => (max === null || item.updatedAt > max ? item.updatedAt : max), null);
  return { ...scope, items, updatedAt: newest ?? ctx.clock.now().toISOString() };
}

export async function siteFeed(ctx: DomainContext): Promise<FeedView> {
  return view(ctx, { name: null, description: '', path: '/' }, await feedItems(ctx, {}));
}

/** A category's feed carries its sub-categories' posts too, as its archive page does. */
export async function categoryFeed(ctx: DomainContext, slug: string): Promise<FeedView> {
  const all = await taxonomyRepo.listCategories(ctx.db);
  const category = all.find((c) => c.slug === slug);
  if (!category) throw notFound('category');
  const items = await feedItems(ctx, { categoryIds: descendantIds(all, category.id) });
  return view(ctx, { name: category.name, description: category.description, path: `/category/${category.slug}` }, items);
}

export async function tagFeed(ctx: DomainContext, slug: string): Promise<FeedView> {
  const tag = await taxonomyRepo.findTagBySlug(ctx.db, slug);
  if (!tag) throw notFound('tag');
  const items = await feedItems(ctx, { tagId: tag.id });
  return view(ctx, { name: `Tagged “${tag.name}”`, description: '', path: `/tag/${tag.slug}` }, items);
}

export async function authorFeed(ctx: DomainContext, slug: string): Promise<FeedView> {
  const author = await findUserBySlug(ctx.db, slug);
  if (!author || author.role === 'reader') throw notFound('author');
  const items = await feedItems(ctx, { authorId: author.id });
  return view(ctx, { name: author.display_name, description: author.bio, path: `/author/${author.slug}` }, items);
}

export interface SitemapEntry {
  /** Site-relative path, e.g. `/articles/some-slug`. */
  path: string;
  /** ISO time of the last change readers could see, when known. */
  lastmod: string | null;
}

const activityMap = (rows: postsRepo.GroupActivity[]) => new Map(rows.map((r) => [r.key, later(r.published_at, r.updated_at)]));

function newest(dates: (string | null | undefined)[]): string | null {
  let max: string | null = null;
  for (const d of dates) if (d && (max === null || d > max)) max = d;
  return max;
}

/** Every public page worth indexing: home, articles, pages, categories, and tags and authors with posts. */
export async function sitemapEntries(ctx: DomainContext): Promise<SitemapEntry[]> {
  const now = ctx.clock.now().toISOString();
  const [posts, pages, categories, byCategory, byAuthor, byTag] = await Promise.all([
    postsRepo.listVisibleForSitemap(ctx.db, 'post', now),
    postsRepo.listVisibleForSitemap(ctx.db, 'page', now),
    taxonomyRepo.listCategories(ctx.db),
    postsRepo.visibleActivityByCategory(ctx.db, now).then(activityMap),
    postsRepo.visibleActivityByAuthor(ctx.db, now).then(activityMap),
    postsRepo.visibleActivityByTag(ctx.db, now).then(activityMap),
  ]);
  const changed = (row: { updated_at: string; published_at: string | null }) => later(row.updated_at, row.published_at);
  const postEntries = posts.map((p) => ({ path: `/articles/${p.slug}`, lastmod: changed(p) }));
  const entries: SitemapEntry[] = [
    { path: '/', lastmod: newest(postEntries.map((e) => e.lastmod)) },
    ...pages.map((p) => ({ path: `/${p.slug}`, lastmod: changed(p) })),
    // A parent category's archive changes whenever one of its descendants' posts does.
    ...categories.map((c) => ({
      path: `/category/${c.slug}`,
      lastmod: newest(descendantIds(categories, c.id).map((id) => byCategory.get(id))),
    })),
    ...[...byTag].map(([slug, lastmod]) => ({ path: `/tag/${slug}`, lastmod })),
    ...[...byAuthor].map(([slug, lastmod]) => ({ path: `/author/${slug}`, lastmod })),
    ...postEntries,
  ];
  // Articles come last and newest first, so a site past the limit loses only its oldest ones.
  return entries.slice(0, SITEMAP_LIMIT);
}
