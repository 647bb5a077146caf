// Creating, changing and deleting posts and pages. Every write checks the actor's rights,
// validates the input (naming the field at fault), renders the body once, and commits the
// post with its tags in one transaction.
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { threadForPost } from '../comments/threads.ts';
import { inTransaction, type Db } from '../../storage/db.ts';
import * as postsRepo from '../../storage/repos/posts.ts';
import * as taxonomyRepo from '../../storage/repos/taxonomy.ts';
import { findMediaById } from '../../storage/repos/media.ts';
import { findUserBySlug } from '../../storage/repos/users.ts';
import type { NewPost, Post, PostStatus, PostType, Tag } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { isValidSlug, slugFor, slugify } from '../slug.ts';
import { resolvePublication } from './visibility.ts';
import { requirePublishRight } from './desk-settings.ts';
import { renderPostBody } from './render.ts';
import { withSafeBody } from './read.ts';
import { RESERVED_PAGE_SLUGS } from './reserved.ts';
import { updatePostAtVersion } from '../../storage/repos/revisions.ts';
import type { RevisionKind } from '../../storage/schema.ts';
import { editConflict, recordFirstRevision, recordRevision, requireBaseVersion, requireLiveEditRight, textChanged } from './revisions.ts';
import { recordSlugChange } from './slug-history.ts';
import { checkFocalPoint, type FocalPoint } from './lead-image.ts';
import { seoMetaColumns, type SeoMetaInput } from './seo-meta.ts';

export interface PostInput extends SeoMetaInput {
  type?: PostType;
  title: string;
  slug?: string;
  excerpt?: string;
  bodyMarkdown: string;
  status?: PostStatus;
  publishedAt?: string | null;
  categorySlug?: string | null;
  tags?: string[];
  leadMediaId?: string | null;
  /** Where crops of the lead image centre (percent across and down); 50/50 when never set. */
  leadFocus?: FocalPoint;
  authorSlug?: string;
}

export type PostPatch = Partial<Omit<PostInput, 'type'>>;

/** A change to a saved post names the version (posts.version) it started from: a save over a newer one is refused with EDIT_CONFLICT. */
export type PostUpdate = PostPatch & { baseVersion: number };

export interface PostWithTags extends Post {
  tags: Tag[];
}

const LIMITS = { title: 200, excerpt: 1000, body: 200_000, tags: 20, tag: 50 };

function requireText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field, 'must not be empty');
  if (trimmed.length > max) throw invalid(field, `must be at most ${max} characters`);
  return trimmed;
}

async function categoryId(db: Db, slug: string | null | undefined): Promise<string | null | undefined> {
  if (slug === undefined || slug === null) return slug;
  const category = await taxonomyRepo.findCategoryBySlug(db, slug);
  if (!category) throw invalid('categorySlug', `no category has the slug "${slug}"`);
  return category.id;
}

async function leadMedia(db: Db, id: string | null | undefined): Promise<string | null | undefined> {
  if (id === undefined || id === null) return id;
  if (!(await findMediaById(db, id))) throw invalid('leadMediaId', `no media item has the id "${id}"`);
  return id;
}

/** Finds or creates the named tags; returns their ids in the given order. */
async function tagIds(ctx: DomainContext, db: Db, names: string[]): Promise<string[]> {
  if (names.length > LIMITS.tags) throw invalid('tags', `at most ${LIMITS.tags} tags`);
  const wanted = new Map<string, string>();
  for (const [index, raw] of names.entries()) {
    const name = raw.trim();
    if (!name || name.length > LIMITS.tag) throw invalid(`tags[${index}]`, `must be 1 to ${LIMITS.tag} characters`);
    const slug = slugFor(name);
    if (!slug) throw invalid(`tags[${index}]`, 'must contain a letter or a digit');
    wanted.set(slug, name);
  }
  const existing = await taxonomyRepo.findTagsBySlugs(db, [...wanted.keys()]);
  const bySlug = new Map(existing.map((tag) => [tag.slug, tag.id]));
  const missing = [...wanted.keys()].filter((slug) => !bySlug.has(slug));
  if (missing.length > 0) {
    const created_at = ctx.clock.now().toISOString();
    // A tag another request created since the look-up above is kept and used, not made twice.
    await taxonomyRepo.insertTagsUnlessSlugTaken(
      db,
      missing.map((slug) => ({ id: newId(), slug, name: wanted.get(slug)!, created_at })),
    );
    const made = await taxonomyRepo.findTagsBySlugs(db, missing);
    for (const tag of made) bySlug.set(tag.slug, tag.id);
  }
  return [...wanted.keys()].map((slug) => bySlug.get(slug)!);
}

const slugTaken = (type: PostType, slug: string) => new AppError('CONFLICT', `another ${type} already uses the slug "${slug}"`, 'slug');

async function chooseSlug(db: Db, type: PostType, requested: string | undefined, title: string, selfId?: string) {
  if (requested !== undefined) {
    if (!isValidSlug(requested)) throw invalid('slug', 'use lower-case letters, digits and single hyphens');
    if (type === 'page' && RESERVED_PAGE_SLUGS.has(requested)) throw invalid('slug', `"${requested}" is reserved`);
    const clash = await postsRepo.findPostBySlug(db, type, requested);
    if (clash && clash.id !== selfId) throw slugTaken(type, requested);
    return requested;
  }
  const base = slugify(title);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (type === 'page' && RESERVED_PAGE_SLUGS.has(candidate)) continue;
    const clash = await postsRepo.findPostBySlug(db, type, candidate);
    if (!clash || clash.id === selfId) return candidate;
  }
}

/**
 * Inserts a new post under its slug. Another request may commit a post with the same slug
 * between chooseSlug's look-up and this insert (PostgreSQL runs them side by side): the race
 * ends as if that post had come first, with the next free slug or, for a slug asked for, 409.
 */
async function insertUnderFreeSlug(db: Db, post: NewPost, requested: string | undefined): Promise<void> {
  let row = post;
  while (!(await postsRepo.insertPostUnlessSlugTaken(db, row))) {
    if (requested !== undefined) throw slugTaken(post.type, requested);
    row = { ...post, slug: await chooseSlug(db, post.type, undefined, post.title) };
  }
}

async function authorFor(db: Db, actor: Actor, authorSlug: string | undefined): Promise<string | undefined> {
  if (authorSlug === undefined) return undefined;
  if (!can('post.assignAuthor', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only editors may set another author', 'authorSlug');
  const author = await findUserBySlug(db, authorSlug);
  if (!author) throw invalid('authorSlug', `no user has the slug "${authorSlug}"`);
  return author.id;
}

export async function createPost(ctx: DomainContext, actor: Actor, input: PostInput): Promise<PostWithTags> {
  const type = input.type ?? 'post';
  if (!can(type === 'page' ? 'page.write' : 'post.create', actor)) {
    throw new AppError('ROLE_NOT_ALLOWED', `your role may not create a ${type}`);
  }
  const now = ctx.clock.now();
  const title = requireText('title', input.title, LIMITS.title);
  const body = requireText('bodyMarkdown', input.bodyMarkdown, LIMITS.body);
  const excerpt = (input.excerpt ?? '').trim();
  if (excerpt.length > LIMITS.excerpt) throw invalid('excerpt', `must be at most ${LIMITS.excerpt} characters`);
  const publication = resolvePublication({ status: input.status ?? 'draft', publishedAt: input.publishedAt }, undefined, now);
  // A new post is the actor's own (another author needs 'post.assignAuthor', an editor's right).
  if (type === 'post')
    await requirePublishRight(ctx, actor, { author_id: actor.id, status: 'draft' }, { status: publication.status, timeChanged: false });

  const id = newId(now.getTime());
  await inTransaction(ctx.db, async (trx) => {
    const rendered = await renderPostBody(trx, body);
    const post: NewPost = {
      id,
      type,
      title,
      slug: await chooseSlug(trx, type, input.slug, title),
      excerpt,
      body_markdown: body,
      body_html: rendered.html,
      body_text: rendered.text,
      lead_media_id: (await leadMedia(trx, input.leadMediaId)) ?? null,
      ...(input.leadFocus ? checkFocalPoint(input.leadFocus) : {}),
      author_id: (await authorFor(trx, actor, input.authorSlug)) ?? actor.id,
      category_id: (await categoryId(trx, input.categorySlug)) ?? null,
      ...(await seoMetaColumns(trx, input)),
      ...publication,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await insertUnderFreeSlug(trx, post, input.slug);
    await taxonomyRepo.setPostTags(trx, id, await tagIds(ctx, trx, input.tags ?? []));
    await threadForPost(trx, ctx.clock, { id, title });
    await recordFirstRevision(trx, { id, title, excerpt, body_markdown: body }, actor, now);
  });
  ctx.events.publish({ type: 'content.changed', postId: id });
  return loadPostWithTags(ctx.db, id);
}

/** `kind`: how the revision a text change makes is labelled ('restore', 'autosave' of a draft). */
export async function updatePost(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  patch: PostUpdate,
  kind: RevisionKind = 'save',
): Promise<PostWithTags> {
  const current = await postsRepo.findPostById(ctx.db, id);
  if (!current) throw notFound('post');
  const allowed = current.type === 'page' ? can('page.write', actor) : can('post.edit', actor, current);
  if (!allowed) throw new AppError('ROLE_NOT_ALLOWED', 'you may not edit this post');
  await requireBaseVersion(ctx.db, current, patch.baseVersion);
  const now = ctx.clock.now();

  await inTransaction(ctx.db, async (trx) => {
    const changes: postsRepo.PostChanges = { updated_at: now.toISOString(), updated_by: actor.id };
    if (patch.title !== undefined) changes.title = requireText('title', patch.title, LIMITS.title);
    if (patch.slug !== undefined) changes.slug = await chooseSlug(trx, current.type, patch.slug, current.title, id);
    if (patch.excerpt !== undefined) {
      if (patch.excerpt.length > LIMITS.excerpt) throw invalid('excerpt', `must be at most ${LIMITS.excerpt} characters`);
      changes.excerpt = patch.excerpt.trim();
    }
    if (patch.bodyMarkdown !== undefined) {
      const body = requireText('bodyMarkdown', patch.bodyMarkdown, LIMITS.body);
      const rendered = await renderPostBody(trx, body);
      Object.assign(changes, { body_markdown: body, body_html: rendered.html, body_text: rendered.text });
    }
    if (patch.status !== undefined || patch.publishedAt !== undefined) {
      const status = patch.status ?? current.status;
      // Read through the transaction: on SQLite's one connection, ctx.db would wait for it forever.
      if (current.type === 'post')
        await requirePublishRight({ db: trx }, actor, current, { status, timeChanged: patch.publishedAt !== undefined });
      Object.assign(changes, resolvePublication({ status, publishedAt: patch.publishedAt }, current, now));
    }
    await requireLiveEditRight({ db: trx }, actor, current, patch);
    if (patch.categorySlug !== undefined) changes.category_id = await categoryId(trx, patch.categorySlug);
    if (patch.leadMediaId !== undefined) changes.lead_media_id = await leadMedia(trx, patch.leadMediaId);
    if (patch.leadFocus !== undefined) Object.assign(changes, checkFocalPoint(patch.leadFocus));
    Object.assign(changes, await seoMetaColumns(trx, patch));
    const authorId = await authorFor(trx, actor, patch.authorSlug);
    if (authorId) changes.author_id = authorId;
    // The version check is part of the UPDATE: a save that raced another from the same version loses here.
    if (!(await updatePostAtVersion(trx, id, patch.baseVersion, changes))) {
      const now = await postsRepo.findPostById(trx, id);
      throw now ? await editConflict(trx, now, patch.baseVersion) : notFound('post');
    }
    const text = {
      title: changes.title ?? current.title,
      excerpt: changes.excerpt ?? current.excerpt,
      body_markdown: changes.body_markdown ?? current.body_markdown,
    };
    if (kind === 'restore' || textChanged(current, text))
      await recordRevision(trx, { post: current, text, version: current.version + 1, actor, kind, live: true, now });
    if (changes.slug !== undefined && changes.slug !== current.slug) await recordSlugChange(trx, current, changes.slug, now);
    if (patch.tags !== undefined) await taxonomyRepo.setPostTags(trx, id, await tagIds(ctx, trx, patch.tags));
  });
  ctx.events.publish({ type: 'content.changed', postId: id });
  return loadPostWithTags(ctx.db, id);
}

export async function deletePost(ctx: DomainContext, actor: Actor, id: string): Promise<void> {
  const current = await postsRepo.findPostById(ctx.db, id);
  if (!current) throw notFound('post');
  const allowed = current.type === 'page' ? can('page.write', actor) : can('post.delete', actor, current);
  if (!allowed) throw new AppError('ROLE_NOT_ALLOWED', 'you may not delete this post');
  await postsRepo.deletePost(ctx.db, id);
  ctx.events.publish({ type: 'content.changed', postId: id });
}

export async function loadPostWithTags(db: Db, id: string): Promise<PostWithTags> {
  const post = await postsRepo.findPostById(db, id);
  if (!post) throw notFound('post');
  return withSafeBody({ ...post, tags: await taxonomyRepo.tagsOfPost(db, id) });
}
