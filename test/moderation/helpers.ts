// Rows for the moderation suites, written straight to the database so a test sets up exactly
// the history it needs (times, statuses, addresses) without the pipeline judging it first.
import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../../src/domain/context.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { insertComment, UNMODERATED } from '../../src/storage/repos/comments.ts';
import { insertSanction } from '../../src/storage/repos/sanctions.ts';
import type { Comment, UserSanction } from '../../src/storage/schema.ts';
import { newId } from '../../src/ids.ts';
import { textHash } from '../../src/domain/moderation/steps/text.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

export async function makeThread(ctx: DomainContext, input: Parameters<typeof makePost>[2] = {}) {
  const editor = await makeUser(ctx, 'editor');
  const post = await makePost(ctx, editor, input);
  const thread = await threadForPost(ctx.db, ctx.clock, post);
  return { post, thread, editor };
}

export async function addComment(ctx: DomainContext, row: Partial<Comment> & Pick<Comment, 'thread_id' | 'created_at'>): Promise<Comment> {
  const id = newId(Date.parse(row.created_at));
  const body = row.body_markdown ?? `A comment ${randomBytes(4).toString('hex')}`;
  const comment: Comment = {
    id,
    parent_id: null,
    root_id: id,
    depth: 0,
    author_id: null,
    guest_name: 'Someone',
    guest_email: null,
    guest_key_hash: null,
    body_markdown: body,
    body_html: '<p>A comment</p>',
    status: 'published',
    upvotes: 0,
    downvotes: 0,
    wilson: 0,
    edited_at: null,
    deleted_at: null,
    ...UNMODERATED,
    text_hash: textHash(body),
    ...row,
  };
  await insertComment(ctx.db, comment);
  return comment;
}

export async function sanction(
  ctx: DomainContext,
  subject: string,
  kind: UserSanction['kind'],
  options: { reason?: string; expiresAt?: string | null } = {},
) {
  await insertSanction(ctx.db, {
    id: newId(ctx.clock.now().getTime()),
    subject,
    kind,
    reason: options.reason ?? '',
    created_by: null,
    created_at: ctx.clock.now().toISOString(),
    expires_at: options.expiresAt ?? null,
    lifted_at: null,
    lifted_by: null,
  });
}

export const unique = () => randomBytes(4).toString('hex');
