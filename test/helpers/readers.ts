// Readers for discussion tests: guests (a guest-key cookie) and signed-in accounts (a session
// cookie), and comments put straight into a thread with a chosen status, time or flag, so the
// read side can be tested whatever the posting pipeline would have decided.
import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../../src/domain/context.ts';
import { hashGuestKey, type Commenter } from '../../src/domain/comments/commenter.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { newId } from '../../src/ids.ts';
import { findComment, insertComment, UNMODERATED } from '../../src/storage/repos/comments.ts';
import { adjustCommentCount } from '../../src/storage/repos/threads.ts';
import type { Comment, Role, User } from '../../src/storage/schema.ts';

export interface Reader {
  name: string;
  cookie: string;
  commenter: Commenter;
  user?: User;
}

export function guestReader(name = `Guest ${randomBytes(3).toString('hex')}`): Reader {
  const key = randomBytes(24).toString('base64url');
  return { name, cookie: `gz_guest=${key}`, commenter: { kind: 'guest', keyHash: hashGuestKey(key) } };
}

export async function accountReader(ctx: DomainContext, name: string, role: Role = 'reader'): Promise<Reader> {
  const user = await createAccount(ctx, { email: `${randomBytes(4).toString('hex')}@example.test`, displayName: name, role });
  const token = await createSession(ctx, user.id, { userAgent: null, ip: null });
  return {
    name,
    cookie: `gz_session=${token}`,
    user,
    commenter: { kind: 'account', id: user.id, role, name: user.display_name, slug: user.slug },
  };
}

export interface SeedComment {
  threadId: string;
  by: Reader;
  body?: string;
  parentId?: string | null;
  status?: Comment['status'];
  /** Default: the clock's now. */
  createdAt?: string;
  pinnedAt?: string | null;
  featuredAt?: string | null;
  rejectionReason?: string | null;
}

/** A comment written straight into the thread; the thread's count moves only for a published one, as it would. */
export async function seedComment(ctx: DomainContext, input: SeedComment): Promise<Comment> {
  const now = ctx.clock.now();
  const parent = input.parentId ? await findComment(ctx.db, input.parentId) : undefined;
  const id = newId(now.getTime());
  const body = input.body ?? `Comment ${id}`;
  const account = input.by.commenter.kind === 'account' ? input.by.commenter : null;
  const comment: Comment = {
    id,
    thread_id: input.threadId,
    parent_id: parent?.id ?? null,
    root_id: parent ? parent.root_id : id,
    depth: parent ? parent.depth + 1 : 0,
    author_id: account?.id ?? null,
    guest_name: account ? null : input.by.name,
    guest_email: account ? null : `${input.by.name.replace(/\W+/g, '.').toLowerCase()}@example.com`,
    guest_key_hash: input.by.commenter.kind === 'guest' ? input.by.commenter.keyHash : null,
    body_markdown: body,
    body_html: `<p>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>\n`,
    status: input.status ?? 'published',
    upvotes: 0,
    downvotes: 0,
    wilson: 0,
    created_at: input.createdAt ?? now.toISOString(),
    edited_at: null,
    deleted_at: null,
    ...UNMODERATED,
    pinned_at: input.pinnedAt ?? null,
    featured_at: input.featuredAt ?? null,
    rejection_reason: input.rejectionReason ?? null,
  };
  await insertComment(ctx.db, comment);
  await adjustCommentCount(ctx.db, input.threadId, comment.status === 'published' ? 1 : 0);
  return comment;
}
