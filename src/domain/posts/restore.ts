// Restoring a revision: its text becomes the post's again, as a new version and a new revision
// (kind 'restore'), so a restore is itself undoable. Restoring an autosave kept beside a
// published article puts that text live: it is an explicit act of the writer.
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { loadRevision } from './revisions.ts';
import { updatePost, type PostWithTags } from './write.ts';

export async function restoreRevision(
  ctx: DomainContext,
  actor: Actor,
  postId: string,
  input: { revisionId: string; baseVersion: number },
): Promise<PostWithTags> {
  const revision = await loadRevision(ctx, actor, postId, input.revisionId);
  const text = { title: revision.title, excerpt: revision.excerpt, bodyMarkdown: revision.body_markdown };
  return updatePost(ctx, actor, postId, { ...text, baseVersion: input.baseVersion }, 'restore');
}
