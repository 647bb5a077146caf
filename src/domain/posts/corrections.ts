// Correction and update notes on published articles. A note is part of the article: adding or
// removing one moves the article's updated_at, so its JSON-LD dateModified, its feed entry's
// <updated> and the sitemap's lastmod all follow without knowing about notes, and the page cache
// is cleared once the change is committed.
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { afterCommit, inTransaction, type Db } from '../../storage/db.ts';
import * as repo from '../../storage/repos/home-corrections.ts';
import { findPostById, updatePost } from '../../storage/repos/posts.ts';
import type { CorrectionKind, PostCorrection } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { effectiveStatus } from './visibility.ts';

export const CORRECTION_KINDS: readonly CorrectionKind[] = ['correction', 'update'];
export const MAX_CORRECTION_TEXT = 2000;

export interface CorrectionInput {
  kind: CorrectionKind;
  text: string;
}

function requireEditor(actor: Actor): void {
  if (!can('post.correct', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only editors and admins add or remove correction notes');
}

/** Adds the note inside the caller's transaction (an error report's "make it a correction" shares it). */
export async function insertCorrectionIn(
  ctx: DomainContext,
  db: Db,
  actor: Actor,
  postId: string,
  input: CorrectionInput,
): Promise<PostCorrection> {
  if (!CORRECTION_KINDS.includes(input.kind)) throw invalid('kind', 'must be "correction" or "update"');
  const text = input.text.trim();
  if (!text) throw invalid('text', 'must not be empty');
  if (text.length > MAX_CORRECTION_TEXT) throw invalid('text', `must be at most ${MAX_CORRECTION_TEXT} characters`);
  const post = await findPostById(db, postId);
  if (!post || post.type !== 'post') throw notFound('post');
  const now = ctx.clock.now();
  if (effectiveStatus(post, now) !== 'published')
    throw new AppError('POST_NOT_PUBLISHED', `"${post.title}" is not published: correction notes go on published articles`, 'postId');
  const row: PostCorrection = {
    id: newId(now.getTime()),
    post_id: postId,
    kind: input.kind,
    text,
    author_id: actor.id,
    created_at: now.toISOString(),
  };
  await repo.insertCorrection(db, row);
  await updatePost(db, postId, { updated_at: row.created_at });
  afterCommit(db, () => ctx.events.publish({ type: 'content.changed', postId }));
  return row;
}

export async function addCorrection(ctx: DomainContext, actor: Actor, postId: string, input: CorrectionInput): Promise<PostCorrection> {
  requireEditor(actor);
  return inTransaction(ctx.db, (trx) => insertCorrectionIn(ctx, trx, actor, postId, input));
}

export async function removeCorrection(ctx: DomainContext, actor: Actor, postId: string, correctionId: string): Promise<void> {
  requireEditor(actor);
  const found = await repo.findCorrection(ctx.db, correctionId);
  if (!found || found.post_id !== postId) throw notFound('correction');
  await inTransaction(ctx.db, async (trx) => {
    await repo.deleteCorrection(trx, correctionId);
    await updatePost(trx, postId, { updated_at: ctx.clock.now().toISOString() });
    afterCommit(trx, () => ctx.events.publish({ type: 'content.changed', postId }));
  });
}

export async function correctionsOf(ctx: DomainContext, postId: string): Promise<PostCorrection[]> {
  return repo.correctionsOfPosts(ctx.db, [postId]);
}

/** For feeds: every listed post's notes at once. */
export async function correctionsByPost(db: Db, postIds: string[]): Promise<Map<string, PostCorrection[]>> {
  const byPost = new Map<string, PostCorrection[]>();
  for (const row of await repo.correctionsOfPosts(db, postIds)) byPost.set(row.post_id, [...(byPost.get(row.post_id) ?? []), row]);
  return byPost;
}
