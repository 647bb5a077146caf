// Versions and revisions of a post's text (issue 12: "Nobody overwrites anybody", "Revisions").
// Every saved change moves posts.version on by one; a save names the version it started from and
// is refused with EDIT_CONFLICT when someone saved since, carrying their change so the writer can
// keep theirs (save again from the current version: an explicit overwrite, kept as a revision) or
// take the other. Every change of title, excerpt or body is kept as a revision; autosaves by the
// same person within AUTOSAVE_COALESCE_MS replace their previous autosave instead of piling up.
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../storage/db.ts';
import * as revisionsRepo from '../../storage/repos/revisions.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import { findUserById } from '../../storage/repos/users.ts';
import type { Post, PostRevision, RevisionKind } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { wordDiff, type WordDiff } from './word-diff.ts';
import { loadDeskSettings } from './desk-settings.ts';

/** An autosave this soon after the same person's previous one (on the same version) replaces it. */
export const AUTOSAVE_COALESCE_MS = 10 * 60 * 1000;
const REVISIONS_PAGE_SIZE = 50;

export interface PostText {
  title: string;
  excerpt: string;
  body_markdown: string;
}

export interface TextDiff {
  title: WordDiff;
  excerpt: WordDiff;
  body: WordDiff;
}

export function diffTexts(before: PostText, after: PostText): TextDiff {
  return {
    title: wordDiff(before.title, after.title),
    excerpt: wordDiff(before.excerpt, after.excerpt),
    body: wordDiff(before.body_markdown, after.body_markdown),
  };
}

export const textChanged = (before: PostText, after: PostText) =>
  before.title !== after.title || before.excerpt !== after.excerpt || before.body_markdown !== after.body_markdown;

/** Who may see a post's revisions and save over it: whoever may edit it. */
export function requireEditRight(actor: Actor, post: Post): void {
  const allowed = post.type === 'page' ? can('page.write', actor) : can('post.edit', actor, post);
  if (!allowed) throw new AppError('ROLE_NOT_ALLOWED', 'you may not edit this post');
}

/** What a change names besides what readers see: the version, and the publication (requirePublishRight's concern). */
const NOT_SHOWN: ReadonlySet<string> = new Set(['baseVersion', 'status', 'publishedAt']);

/**
 * Refuses a change to what readers see of a live article (published, or scheduled to go out
 * unreviewed) by someone who may not publish it: an author submits for review, and the editors
 * correct published articles. Autosaves beside the article (autosave.ts) are still taken.
 */
export async function requireLiveEditRight(
  ctx: Pick<DomainContext, 'db'>,
  actor: Actor,
  post: Post,
  change: Record<string, unknown>,
): Promise<void> {
  if (!Object.entries(change).some(([field, value]) => value !== undefined && !NOT_SHOWN.has(field))) return;
  if (await mayChangeWhatReadersSee(ctx, actor, post)) return;
  throw new AppError('PUBLISH_NOT_ALLOWED', 'this article is live, so only an editor may change it: ask an editor to make the change');
}

/** Whether the actor's saves (or a restored revision) reach readers: always on a draft; on a live article, only with the publish right. */
export async function mayChangeWhatReadersSee(ctx: Pick<DomainContext, 'db'>, actor: Actor, post: Post): Promise<boolean> {
  if (post.type !== 'post' || (post.status !== 'published' && post.status !== 'scheduled')) return true;
  return can('post.publish', actor, post, await loadDeskSettings(ctx));
}

export interface EditConflict {
  baseVersion: number;
  currentVersion: number;
  savedAt: string;
  savedBy: { id: string; name: string } | null;
  theirs: { title: string; excerpt: string; bodyMarkdown: string };
  /** From the text at the writer's starting version to the text saved since. */
  diff: TextDiff;
}

/** The refusal for a save that started from `baseVersion` when the post is now at another one. */
export async function editConflict(db: Db, post: Post, baseVersion: number): Promise<AppError> {
  const [base, saver] = await Promise.all([
    revisionsRepo.liveRevisionAt(db, post.id, baseVersion),
    findUserById(db, post.updated_by ?? post.author_id),
  ]);
  const conflict: EditConflict = {
    baseVersion,
    currentVersion: post.version,
    savedAt: post.updated_at,
    savedBy: saver ? { id: saver.id, name: saver.display_name } : null,
    theirs: { title: post.title, excerpt: post.excerpt, bodyMarkdown: post.body_markdown },
    diff: diffTexts(base ?? post, post),
  };
  const who = saver ? saver.display_name : 'someone';
  return new AppError(
    'EDIT_CONFLICT',
    `${who} saved this post (version ${post.version}, at ${post.updated_at}) after the version ${baseVersion} you started from; nothing was saved. Save again with baseVersion ${post.version} to keep yours as a new revision, or take theirs`,
    'baseVersion',
    { details: { conflict } },
  );
}

/** Refuses a save that did not start from the post's current version. */
export async function requireBaseVersion(db: Db, post: Post, baseVersion: number): Promise<void> {
  if (baseVersion === post.version) return;
  if (baseVersion > post.version) throw invalid('baseVersion', `is ${baseVersion}, but the post is only at version ${post.version}`);
  throw await editConflict(db, post, baseVersion);
}

/**
 * Keeps the text a change produced. Called inside the change's transaction. Posts made before
 * revisions existed (or imported) first get their current text kept as the starting revision.
 * `live: false` is an autosave beside a published article: `version` is then the one it was written over.
 */
export async function recordRevision(
  db: Db,
  entry: { post: Post; text: PostText; version: number; actor: Actor; kind: RevisionKind; live: boolean; now: Date },
): Promise<void> {
  const { post, text, actor, kind, now } = entry;
  const live = entry.live ? 1 : 0;
  const latest = await revisionsRepo.latestRevision(db, post.id);
  if (!latest) {
    await revisionsRepo.insertRevision(db, {
      id: newId(Date.parse(post.updated_at)),
      post_id: post.id,
      version: post.version,
      title: post.title,
      excerpt: post.excerpt,
      body_markdown: post.body_markdown,
      author_id: post.updated_by ?? post.author_id,
      kind: 'save',
      live: 1,
      created_at: post.updated_at,
    });
  }
  const coalesce =
    kind === 'autosave' &&
    latest?.kind === 'autosave' &&
    latest.author_id === actor.id &&
    latest.live === live &&
    latest.version === post.version &&
    now.getTime() - Date.parse(latest.created_at) < AUTOSAVE_COALESCE_MS;
  const values = { version: entry.version, ...text, live, created_at: now.toISOString() };
  if (coalesce) await revisionsRepo.replaceRevision(db, latest.id, values);
  else await revisionsRepo.insertRevision(db, { id: newId(now.getTime()), post_id: post.id, author_id: actor.id, kind, ...values });
}

/** The first revision of a new post (version 1). */
export async function recordFirstRevision(db: Db, post: { id: string } & PostText, actor: Actor, now: Date): Promise<void> {
  await revisionsRepo.insertRevision(db, {
    id: newId(now.getTime()),
    post_id: post.id,
    version: 1,
    title: post.title,
    excerpt: post.excerpt,
    body_markdown: post.body_markdown,
    author_id: actor.id,
    kind: 'save',
    live: 1,
    created_at: now.toISOString(),
  });
}

async function editablePost(ctx: DomainContext, actor: Actor, postId: string): Promise<Post> {
  const post = await findPostById(ctx.db, postId);
  if (!post) throw notFound('post');
  requireEditRight(actor, post);
  return post;
}

export interface RevisionSummary {
  id: string;
  version: number;
  kind: RevisionKind;
  /** False: an autosave kept beside the published article, not shown to readers. */
  live: boolean;
  title: string;
  createdAt: string;
  author: { id: string; name: string } | null;
  /** This revision's text is the post's text now. */
  current: boolean;
}

/** Newest first, 50 a page. */
export async function listPostRevisions(ctx: DomainContext, actor: Actor, postId: string, page = 1): Promise<RevisionSummary[]> {
  const post = await editablePost(ctx, actor, postId);
  const rows = await revisionsRepo.listRevisions(ctx.db, postId, { limit: REVISIONS_PAGE_SIZE, offset: (page - 1) * REVISIONS_PAGE_SIZE });
  const current = await revisionsRepo.liveRevisionAt(ctx.db, postId, post.version);
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    kind: row.kind,
    live: row.live === 1,
    title: row.title,
    createdAt: row.created_at,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    current: row.id === current?.id,
  }));
}

export async function loadRevision(
  ctx: DomainContext,
  actor: Actor,
  postId: string,
  revisionId: string,
  field = 'revisionId',
): Promise<PostRevision> {
  await editablePost(ctx, actor, postId);
  const revision = await revisionsRepo.findRevision(ctx.db, postId, revisionId);
  if (!revision) throw new AppError('NOT_FOUND', `this post has no revision "${revisionId}"`, field);
  return revision;
}

export interface RevisionDiff {
  from: PostRevision;
  to: PostRevision;
  diff: TextDiff;
}

/** A word-level diff between any two revisions of the same post. */
export async function diffRevisions(ctx: DomainContext, actor: Actor, postId: string, fromId: string, toId: string): Promise<RevisionDiff> {
  const from = await loadRevision(ctx, actor, postId, fromId, 'from');
  const to = await loadRevision(ctx, actor, postId, toId, 'to');
  return { from, to, diff: diffTexts(from, to) };
}
