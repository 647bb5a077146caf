// What readers see: lists and single posts, with everything a page needs gathered in one call.
import { AppError, invalid, notFound } from '../../errors.ts';
import * as postsRepo from '../../storage/repos/posts.ts';
import * as taxonomyRepo from '../../storage/repos/taxonomy.ts';
import { findMediaByIds } from '../../storage/repos/media.ts';
import { findUserById, findUserBySlug } from '../../storage/repos/users.ts';
import type { Category, Post, PostCorrection, Tag, Thread, User } from '../../storage/schema.ts';
import { correctionsOfPosts } from '../../storage/repos/home-corrections.ts';
import { commentCountsByPost } from '../../storage/repos/threads.ts';
import { threadForPost } from '../comments/threads.ts';
import type { PictureMedia } from '../../render/picture.ts';
import { neutraliseUrls } from '../../render/safe-url.ts';
import type { DomainContext } from '../context.ts';
import { ancestry, descendantIds } from '../taxonomy/categories.ts';
import { toPictureMedia } from './render.ts';
import { focalPointOf } from './lead-image.ts';

/** A lead image with the post's focal point, which every crop of it keeps in view. */
const withFocus = (media: PictureMedia | undefined, row: { lead_focal_x?: number; lead_focal_y?: number }) =>
  media ? { ...media, focus: focalPointOf(row) } : null;

export const PAGE_SIZE = 10;

export interface PostSummary {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  publishedAt: string;
  author: { name: string; slug: string };
  category: { name: string; slug: string } | null;
  leadImage: PictureMedia | null;
  /** Published comments in the post's thread. */
  commentCount: number;
}

export interface Paged<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

export async function summarize(ctx: DomainContext, rows: postsRepo.PostSummaryRow[]): Promise<PostSummary[]> {
  const mediaIds = rows.map((r) => r.lead_media_id).filter((id): id is string => id !== null);
  const [mediaRows, counts] = await Promise.all([
    findMediaByIds(ctx.db, mediaIds),
    commentCountsByPost(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  const media = new Map(mediaRows.map((m) => [m.id, toPictureMedia(m)]));
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt,
    publishedAt: row.published_at,
    author: { name: row.author_name, slug: row.author_slug },
    category: row.category_slug ? { name: row.category_name ?? row.category_slug, slug: row.category_slug } : null,
    leadImage: withFocus(row.lead_media_id ? media.get(row.lead_media_id) : undefined, row),
    commentCount: counts.get(row.id)?.count ?? 0,
  }));
}

/**
 * The pages a list of `total` items has (at least one, which may be empty), refusing a page past
 * the end: "Page 99 of 2" is a 404, not an empty page that search engines would index.
 */
export function pageCountOf(page: number, total: number): number {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pageCount)
    throw new AppError(
      'NOT_FOUND',
      `there is no page ${page}: this list has ${pageCount === 1 ? 'one page' : `${pageCount} pages`}`,
      'page',
    );
  return pageCount;
}

export async function listPosts(ctx: DomainContext, page: number, filter: postsRepo.ListFilter = {}): Promise<Paged<PostSummary>> {
  const { rows, total } = await postsRepo.listVisiblePosts(ctx.db, {
    now: ctx.clock.now().toISOString(),
    filter,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const pageCount = pageCountOf(page, total);
  return { items: await summarize(ctx, rows), page, pageCount, total };
}

export interface CategoryArchive extends Paged<PostSummary> {
  category: Category;
  trail: Category[];
  children: Category[];
}

export async function categoryArchive(ctx: DomainContext, slug: string, page: number): Promise<CategoryArchive> {
  const all = await taxonomyRepo.listCategories(ctx.db);
  const category = all.find((c) => c.slug === slug);
  if (!category) throw notFound('category');
  const list = await listPosts(ctx, page, { categoryIds: descendantIds(all, category.id) });
  return { ...list, category, trail: ancestry(all, category), children: all.filter((c) => c.parent_id === category.id) };
}

export async function tagArchive(ctx: DomainContext, slug: string, page: number): Promise<Paged<PostSummary> & { tag: Tag }> {
  const tag = await taxonomyRepo.findTagBySlug(ctx.db, slug);
  if (!tag) throw notFound('tag');
  return { ...(await listPosts(ctx, page, { tagId: tag.id })), tag };
}

export async function authorArchive(ctx: DomainContext, slug: string, page: number): Promise<Paged<PostSummary> & { author: User }> {
  const author = await findUserBySlug(ctx.db, slug);
  if (!author || author.role === 'reader') throw notFound('author');
  return { ...(await listPosts(ctx, page, { authorId: author.id })), author };
}

export interface Article {
  post: Post;
  author: User;
  categoryTrail: Category[];
  tags: Tag[];
  leadImage: PictureMedia | null;
  /** The image link previews show when the writer chose one (else the lead image). */
  socialImage: PictureMedia | null;
  previous?: { title: string; slug: string };
  next?: { title: string; slug: string };
  related: PostSummary[];
  thread: Thread;
  commentCount: number;
  /** Correction and update notes, oldest first (domain/posts/corrections.ts). */
  corrections: PostCorrection[];
}

export async function article(ctx: DomainContext, slug: string): Promise<Article> {
  const now = ctx.clock.now().toISOString();
  const post = await postsRepo.findVisibleBySlug(ctx.db, 'post', slug, now);
  if (!post) throw notFound('article');
  return articleView(ctx, post);
}

/** Everything the article page shows of a post, whatever its status: a preview link shows drafts through it. */
export async function articleView(ctx: DomainContext, post: Post): Promise<Article> {
  const now = ctx.clock.now().toISOString();
  const [author, categories, tags, adjacent, related, media, thread, corrections, social] = await Promise.all([
    findUserById(ctx.db, post.author_id),
    taxonomyRepo.listCategories(ctx.db),
    taxonomyRepo.tagsOfPost(ctx.db, post.id),
    postsRepo.adjacentPosts(ctx.db, { id: post.id, published_at: post.published_at ?? now }, now),
    postsRepo.relatedPosts(ctx.db, post, now, 3),
    findMediaByIds(ctx.db, post.lead_media_id ? [post.lead_media_id] : []),
    threadForPost(ctx.db, ctx.clock, post),
    correctionsOfPosts(ctx.db, [post.id]),
    findMediaByIds(ctx.db, post.social_media_id ? [post.social_media_id] : []),
  ]);
  const category = categories.find((c) => c.id === post.category_id);
  return {
    post: withSafeBody(post),
    author: author!,
    categoryTrail: category ? ancestry(categories, category) : [],
    tags,
    leadImage: withFocus(media[0] ? toPictureMedia(media[0]) : undefined, post),
    socialImage: social[0] ? toPictureMedia(social[0]) : null,
    ...adjacent,
    related: await summarize(ctx, related),
    thread,
    commentCount: thread.comment_count,
    corrections,
  };
}

export async function page(ctx: DomainContext, slug: string): Promise<Post> {
  const found = await postsRepo.findVisibleBySlug(ctx.db, 'page', slug, ctx.clock.now().toISOString());
  if (!found) throw notFound('page');
  return withSafeBody(found);
}

/**
 * Bodies are rendered at save time, and rows saved before the URL check (or restored from a
 * backup) may still carry a `javascript:` href; every read passes the stored HTML through it again.
 */
export function withSafeBody<T extends { body_html: string }>(post: T): T {
  return { ...post, body_html: neutraliseUrls(post.body_html) };
}

export interface SiteChrome {
  categories: Category[];
  pages: { slug: string; title: string }[];
}

/** Navigation shown on every page: top-level categories and the site's pages. */
export async function siteChrome(ctx: DomainContext): Promise<SiteChrome> {
  const now = ctx.clock.now().toISOString();
  const [categories, pages] = await Promise.all([taxonomyRepo.listCategories(ctx.db), postsRepo.listVisiblePages(ctx.db, now)]);
  return { categories, pages };
}

/** Posts filtered by the slugs a client names; an unknown slug is an error naming its field. */
export async function listPostsBySlugs(
  ctx: DomainContext,
  query: { page: number; category?: string; tag?: string; author?: string },
): Promise<Paged<PostSummary>> {
  const filter: postsRepo.ListFilter = {};
  if (query.category) {
    const all = await taxonomyRepo.listCategories(ctx.db);
    const found = all.find((c) => c.slug === query.category);
    if (!found) throw invalid('querystring.category', `no category has the slug "${query.category}"`);
    filter.categoryIds = descendantIds(all, found.id);
  }
  if (query.tag) {
    const found = await taxonomyRepo.findTagBySlug(ctx.db, query.tag);
    if (!found) throw invalid('querystring.tag', `no tag has the slug "${query.tag}"`);
    filter.tagId = found.id;
  }
  if (query.author) {
    const found = await findUserBySlug(ctx.db, query.author);
    if (!found) throw invalid('querystring.author', `no author has the slug "${query.author}"`);
    filter.authorId = found.id;
  }
  return listPosts(ctx, query.page, filter);
}
