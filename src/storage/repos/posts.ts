// Posts and pages. "Visible" means readers may see it: published, or scheduled with its
// time come. The time is always passed in, never read here.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { NewPost, Post, PostType, PostUpdate } from '../schema.ts';

export interface ListFilter {
  categoryIds?: string[];
  tagId?: string;
  authorId?: string;
  /** Only these posts (the home page's chosen stories). */
  ids?: string[];
  /** Not these posts (the home page's "rest by date" leaves out the chosen ones). */
  excludeIds?: string[];
}

/** A visible post always has a publication time, so published_at is a string here. */
export interface PostSummaryRow {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  published_at: string;
  lead_media_id: string | null;
  /** The lead image's focal point (0010); absent where a query does not read it (search hits). */
  lead_focal_x?: number;
  lead_focal_y?: number;
  author_name: string;
  author_slug: string;
  category_name: string | null;
  category_slug: string | null;
}

function visible(db: Db, type: PostType, now: string) {
  return db
    .selectFrom('posts')
    .where('posts.type', '=', type)
    .where('posts.status', 'in', ['published', 'scheduled'])
    .where('posts.published_at', '<=', now);
}

function summaries(db: Db, now: string, filter: ListFilter) {
  let query = visible(db, 'post', now)
    .innerJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('categories', 'categories.id', 'posts.category_id');
  if (filter.categoryIds) query = query.where('posts.category_id', 'in', filter.categoryIds);
  if (filter.authorId) query = query.where('posts.author_id', '=', filter.authorId);
  if (filter.ids) query = filter.ids.length ? query.where('posts.id', 'in', filter.ids) : query.where(sql<boolean>`1 = 0`);
  if (filter.excludeIds?.length) query = query.where('posts.id', 'not in', filter.excludeIds);
  if (filter.tagId) {
    const tagId = filter.tagId;
    query = query.where('posts.id', 'in', (eb) =>
      eb.selectFrom('post_tags').select('post_tags.post_id').where('post_tags.tag_id', '=', tagId),
    );
  }
  return query;
}

export async function listVisiblePosts(
  db: Db,
  options: { now: string; filter?: ListFilter; limit: number; offset: number },
): Promise<{ rows: PostSummaryRow[]; total: number }> {
  const base = summaries(db, options.now, options.filter ?? {});
  const [rows, count] = await Promise.all([
    base
      .select([
        'posts.id',
        'posts.title',
        'posts.slug',
        'posts.excerpt',
        'posts.lead_media_id',
        'posts.lead_focal_x',
        'posts.lead_focal_y',
        'users.display_name as author_name',
        'users.slug as author_slug',
        'categories.name as category_name',
        'categories.slug as category_slug',
      ])
      .select('posts.published_at')
      .orderBy('posts.published_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as PostSummaryRow[], total: Number(count.n) };
}

export function findVisibleBySlug(db: Db, type: PostType, slug: string, now: string): Promise<Post | undefined> {
  return visible(db, type, now).selectAll('posts').where('posts.slug', '=', slug).executeTakeFirst();
}

export function findPostById(db: Db, id: string): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPostBySlug(db: Db, type: PostType, slug: string): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('type', '=', type).where('slug', '=', slug).executeTakeFirst();
}

export async function listAllPosts(db: Db, options: { type: PostType; limit: number; offset: number; authorId?: string }): Promise<Post[]> {
  let query = db.selectFrom('posts').selectAll().where('type', '=', options.type);
  if (options.authorId) query = query.where('author_id', '=', options.authorId);
  return query.orderBy('updated_at', 'desc').orderBy('id').limit(options.limit).offset(options.offset).execute();
}

export async function insertPost(db: Db, post: NewPost): Promise<void> {
  await db.insertInto('posts').values(post).execute();
}

/** Inserts the post; false when another of its type has its slug, also one committed meanwhile (nothing changed). */
export async function insertPostUnlessSlugTaken(db: Db, post: NewPost): Promise<boolean> {
  const inserted = await db
    .insertInto('posts')
    .values(post)
    .onConflict((oc) => oc.columns(['type', 'slug']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export type PostChanges = PostUpdate;

export async function updatePost(db: Db, id: string, changes: PostChanges): Promise<void> {
  await db.updateTable('posts').set(changes).where('id', '=', id).execute();
}

export async function deletePost(db: Db, id: string): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute();
}

/** The visible posts just before and after a date, for previous/next links. */
export async function adjacentPosts(
  db: Db,
  post: { id: string; published_at: string },
  now: string,
): Promise<{ previous?: { title: string; slug: string }; next?: { title: string; slug: string } }> {
  const at = post.published_at;
  const [previous, next] = await Promise.all([
    visible(db, 'post', now)
      .select(['title', 'slug'])
      .where((eb) => eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('id', '<', post.id)])]))
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    visible(db, 'post', now)
      .select(['title', 'slug'])
      .where((eb) => eb.or([eb('published_at', '>', at), eb.and([eb('published_at', '=', at), eb('id', '>', post.id)])]))
      .orderBy('published_at', 'asc')
      .orderBy('id', 'asc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { previous, next };
}

/** Visible posts sharing the category or a tag, most shared tags first, then newest. */
export async function relatedPosts(
  db: Db,
  post: { id: string; category_id: string | null },
  now: string,
  limit: number,
): Promise<PostSummaryRow[]> {
  const rows = await summaries(db, now, {})
    .where('posts.id', '!=', post.id)
    .where((eb) =>
      eb.or([
        eb('posts.category_id', '=', post.category_id ?? ''),
        eb(
          'posts.id',
          'in',
          eb
            .selectFrom('post_tags as mine')
            .innerJoin('post_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
            .select('theirs.post_id')
            .where('mine.post_id', '=', post.id),
        ),
      ]),
    )
    .select([
      'posts.id',
      'posts.title',
      'posts.slug',
      'posts.excerpt',
      'posts.lead_media_id',
      'posts.lead_focal_x',
      'posts.lead_focal_y',
      'users.display_name as author_name',
      'users.slug as author_slug',
      'categories.name as category_name',
      'categories.slug as category_slug',
    ])
    .select('posts.published_at')
    .select((eb) => [
      eb
        .selectFrom('post_tags as mine')
        .innerJoin('post_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .where('mine.post_id', '=', post.id)
        .whereRef('theirs.post_id', '=', 'posts.id')
        .as('shared_tags'),
    ])
    .orderBy('shared_tags', 'desc')
    .orderBy('posts.published_at', 'desc')
    .limit(limit)
    .execute();
  return rows as PostSummaryRow[];
}

/** The earliest scheduled publication after `now`: cached pages must not outlive it. */
export async function nextScheduledAt(db: Db, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.min('published_at').as('at'))
    .where('status', '=', 'scheduled')
    .where('published_at', '>', now)
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

export async function listVisibleForSitemap(db: Db, type: PostType, now: string) {
  return visible(db, type, now).select(['slug', 'updated_at', 'published_at']).orderBy('published_at', 'desc').execute();
}

export function listVisiblePages(db: Db, now: string): Promise<{ slug: string; title: string }[]> {
  return visible(db, 'page', now).select(['slug', 'title']).orderBy('title').execute();
}

/** A visible post with everything a feed entry shows: the full body and both dates. */
export interface FeedPostRow extends PostSummaryRow {
  body_html: string;
  body_text: string;
  updated_at: string;
}

/** The newest visible posts matching a filter, bodies included, for RSS and Atom. */
export async function listVisibleForFeed(db: Db, options: { now: string; filter?: ListFilter; limit: number }): Promise<FeedPostRow[]> {
  const rows = await summaries(db, options.now, options.filter ?? {})
    .select([
      'posts.id',
      'posts.title',
      'posts.slug',
      'posts.excerpt',
      'posts.body_html',
      'posts.body_text',
      'posts.lead_media_id',
      'posts.lead_focal_x',
      'posts.lead_focal_y',
      'posts.updated_at',
      'users.display_name as author_name',
      'users.slug as author_slug',
      'categories.name as category_name',
      'categories.slug as category_slug',
    ])
    .select('posts.published_at')
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows as FeedPostRow[];
}

/** The tags of several posts in one query, for feed entries. */
export function tagsOfPosts(db: Db, postIds: string[]): Promise<{ post_id: string; name: string; slug: string }[]> {
  if (postIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('post_tags')
    .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select(['post_tags.post_id', 'tags.name', 'tags.slug'])
    .where('post_tags.post_id', 'in', postIds)
    .orderBy('tags.name')
    .execute();
}

/**
 * The latest change among the visible posts of each group. Both dates are returned because a
 * scheduled post goes live after its last edit: whichever is later is when readers saw it change.
 */
export interface GroupActivity {
  key: string;
  updated_at: string;
  published_at: string;
}

/** Keyed by the category's id (not its slug): the caller rolls sub-categories up into parents. */
export async function visibleActivityByCategory(db: Db, now: string): Promise<GroupActivity[]> {
  const rows = await visible(db, 'post', now)
    .innerJoin('categories', 'categories.id', 'posts.category_id')
    .select((eb) => [
      'categories.id as key',
      eb.fn.max('posts.updated_at').as('updated_at'),
      eb.fn.max('posts.published_at').as('published_at'),
    ])
    .groupBy('categories.id')
    .execute();
  return rows as GroupActivity[];
}

/** Keyed by the author's slug. */
export async function visibleActivityByAuthor(db: Db, now: string): Promise<GroupActivity[]> {
  const rows = await visible(db, 'post', now)
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select((eb) => [
      'users.slug as key',
      eb.fn.max('posts.updated_at').as('updated_at'),
      eb.fn.max('posts.published_at').as('published_at'),
    ])
    .groupBy('users.slug')
    .execute();
  return rows as GroupActivity[];
}

/** Keyed by the tag's slug; only tags that have a visible post appear. */
export async function visibleActivityByTag(db: Db, now: string): Promise<GroupActivity[]> {
  const rows = await visible(db, 'post', now)
    .innerJoin('post_tags', 'post_tags.post_id', 'posts.id')
    .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select((eb) => [
      'tags.slug as key',
      eb.fn.max('posts.updated_at').as('updated_at'),
      eb.fn.max('posts.published_at').as('published_at'),
    ])
    .groupBy('tags.slug')
    .execute();
  return rows as GroupActivity[];
}
