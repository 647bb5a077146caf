// Old slugs of published articles keep answering, with a 301 to the current URL (issue 12).
// Only a slug readers could have seen is kept: renaming a draft (or a scheduled post before its
// time, or a page) records nothing, so half-finished slugs never become permanent redirects.
import type { Db } from '../../storage/db.ts';
import * as revisionsRepo from '../../storage/repos/revisions.ts';
import { findVisibleBySlug } from '../../storage/repos/posts.ts';
import type { Post } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { effectiveStatus } from './visibility.ts';

/** Called inside the slug change's transaction, with the post as it was before it. */
export async function recordSlugChange(db: Db, before: Post, newSlug: string, now: Date): Promise<void> {
  if (before.type !== 'post' || effectiveStatus(before, now) !== 'published') return;
  await revisionsRepo.recordOldSlug(db, { oldSlug: before.slug, newSlug, postId: before.id, at: now.toISOString() });
}

/** The current slug of the visible article that once answered at `oldSlug`, or null. */
export async function resolveSlug(ctx: DomainContext, oldSlug: string): Promise<string | null> {
  const now = ctx.clock.now().toISOString();
  // An article answering at the slug itself always wins over an old slug of another.
  if (await findVisibleBySlug(ctx.db, 'post', oldSlug, now)) return null;
  const found = await revisionsRepo.findVisibleByOldSlug(ctx.db, oldSlug, now);
  return found && found.slug !== oldSlug ? found.slug : null;
}
