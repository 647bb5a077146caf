// Comments already in a moderation state (held with the pipeline's reasons, spam, reported), for
// desk tests. Written straight to the database so the desk's tests do not depend on what the
// pipeline decides about a test's short bodies; published ones count in the thread like any.
import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../../src/domain/context.ts';
import type { ModerationStep } from '../../src/domain/moderation/types.ts';
import { newId } from '../../src/ids.ts';
import { renderComment } from '../../src/render/comment-markdown.ts';
import { insertComment, UNMODERATED } from '../../src/storage/repos/comments.ts';
import { adjustCommentCount } from '../../src/storage/repos/threads.ts';
import type { Comment, CommentReport, User } from '../../src/storage/schema.ts';

export interface SeedComment {
  threadId: string;
  body?: string;
  status?: Comment['status'];
  author?: User;
  guest?: { name: string; email: string };
  parentId?: string | null;
  steps?: ModerationStep[];
  spamScore?: number | null;
}

export async function seedComment(ctx: DomainContext, input: SeedComment): Promise<Comment> {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const body = input.body ?? `A considered remark ${randomBytes(3).toString('hex')}.`;
  const comment: Comment = {
    ...UNMODERATED,
    id,
    thread_id: input.threadId,
    parent_id: input.parentId ?? null,
    root_id: input.parentId ?? id,
    depth: input.parentId ? 1 : 0,
    author_id: input.author?.id ?? null,
    guest_name: input.author ? null : (input.guest?.name ?? 'Gale Guest'),
    guest_email: input.author ? null : (input.guest?.email ?? 'gale@example.test').toLowerCase(),
    guest_key_hash: null,
    body_markdown: body,
    body_html: renderComment(body).html,
    status: input.status ?? 'pending',
    upvotes: 0,
    downvotes: 0,
    wilson: 0,
    created_at: now.toISOString(),
    edited_at: null,
    deleted_at: null,
    moderation: JSON.stringify(input.steps ?? []),
    spam_score: input.spamScore ?? null,
  };
  await insertComment(ctx.db, comment);
  await adjustCommentCount(ctx.db, input.threadId, comment.status === 'published' ? 1 : 0);
  return comment;
}

/** Readers' reports, as the reports feature records them (count kept on the comment). */
export async function seedReports(ctx: DomainContext, commentId: string, reasons: CommentReport['reason'][]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  for (const reason of reasons) {
    await ctx.db
      .insertInto('comment_reports')
      .values({
        id: newId(),
        comment_id: commentId,
        reporter: `user:${randomBytes(6).toString('hex')}`,
        reason,
        note: '',
        created_at: now,
        resolved_at: null,
      })
      .execute();
  }
  await ctx.db
    .updateTable('comments')
    .set((eb) => ({ report_count: eb('report_count', '+', reasons.length) }))
    .where('id', '=', commentId)
    .execute();
}
