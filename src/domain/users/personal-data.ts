// A person's own data: all of it, as one JSON document ("Download my data"), and the way out
// ("Delete my account"). Deletion keeps the user row, anonymised in place, because kept comments
// and votes point at it: kept comments then read "Deleted user" and vote counts stay right.
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as repo from '../../storage/repos/personal-data.ts';
import { deleteAvatarMedia } from '../../storage/repos/profiles.ts';
import { adjustCommentCount } from '../../storage/repos/threads.ts';
import { recomputeRanks } from '../comments/rank.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { User } from '../../storage/schema.ts';
import { voterId } from '../comments/commenter.ts';
import { profilePath } from '../comments/read.ts';
import type { DomainContext } from '../context.ts';
import { verifyPassword } from './passwords.ts';
import { avatarUrls } from './profile.ts';

export const EXPORT_FORMAT = 'gazette-personal-data/1';

/** Everything stored about the person, except secrets (password hash, session and token hashes). */
export async function exportPersonalData(ctx: Pick<DomainContext, 'db' | 'clock'>, user: User) {
  const [comments, votes, notifications, sessions, identities, apiTokens] = await Promise.all([
    repo.commentsOfAuthor(ctx.db, user.id),
    repo.votesByVoter(ctx.db, voterId({ kind: 'account', id: user.id, role: user.role, name: user.display_name, slug: user.slug })),
    repo.notificationsOf(ctx.db, user.id),
    repo.sessionsOf(ctx.db, user.id),
    repo.identitiesOf(ctx.db, user.id),
    repo.apiTokensOf(ctx.db, user.id),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: ctx.clock.now().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: user.email_verified_at,
      displayName: user.display_name,
      slug: user.slug,
      profileUrl: profilePath(user.slug),
      bio: user.bio,
      role: user.role,
      avatar: avatarUrls(user.avatar_media_id),
      hasPassword: user.password_hash !== null,
      emailPreferences: {
        replies: user.email_on_reply === 1,
        mentions: user.email_on_mention === 1,
        moderation: user.email_on_moderation === 1,
      },
      createdAt: user.created_at,
      updatedAt: user.updated_at,
    },
    comments: comments.map((c) => ({
      id: c.id,
      status: c.status,
      bodyMarkdown: c.body_markdown,
      parentId: c.parent_id,
      createdAt: c.created_at,
      editedAt: c.edited_at,
      deletedAt: c.deleted_at,
      upvotes: c.upvotes,
      downvotes: c.downvotes,
      // Comments written as a guest before the address was confirmed carry the name and address used.
      ...(c.guest_email || c.guest_name ? { postedAsGuest: { name: c.guest_name, email: c.guest_email } } : {}),
      thread: { id: c.thread_id, title: c.thread_title, url: c.thread_url },
      article: c.post_slug ? { title: c.post_title, url: `/articles/${c.post_slug}` } : null,
    })),
    votes: votes.map((v) => ({ commentId: v.comment_id, value: v.value, createdAt: v.created_at })),
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      threadId: n.thread_id,
      commentId: n.comment_id,
      createdAt: n.created_at,
      readAt: n.read_at,
      emailState: n.email_state,
      emailedAt: n.emailed_at,
    })),
    sessions: sessions.map((s) => ({
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      expiresAt: s.expires_at,
      userAgent: s.user_agent,
      ip: s.ip,
    })),
    signInProviders: identities.map((i) => ({ provider: i.provider, subject: i.subject, email: i.email, linkedAt: i.created_at })),
    apiTokens: apiTokens.map((t) => ({ name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at })),
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;

export type CommentChoice = 'delete' | 'anonymise';
export const COMMENT_CHOICES: readonly CommentChoice[] = ['delete', 'anonymise'];

export interface DeleteAccountInput {
  comments: string;
  /** The current password; for an account without one, the word DELETE. */
  confirm: string;
}

export interface DeletedAccount {
  /** Comments whose text was erased (choice "delete"). */
  deletedComments: number;
  /** Comments kept, shown as by "Deleted user" (choice "anonymise"). */
  anonymisedComments: number;
}

async function checkConfirmation(user: User, confirm: string): Promise<void> {
  if (user.password_hash !== null) {
    if (!confirm) throw invalid('confirm', 'type your password to confirm');
    if (!(await verifyPassword(user.password_hash, confirm))) throw invalid('confirm', 'is not your password');
  } else if (confirm.trim() !== 'DELETE') {
    throw invalid('confirm', 'type the word DELETE to confirm');
  }
}

export async function deleteAccount(
  ctx: Pick<DomainContext, 'db' | 'clock' | 'events' | 'mediaFiles'>,
  user: User,
  input: DeleteAccountInput,
): Promise<DeletedAccount> {
  if (!COMMENT_CHOICES.includes(input.comments as CommentChoice)) throw invalid('comments', `must be one of ${COMMENT_CHOICES.join(', ')}`);
  await checkConfirmation(user, input.confirm);
  const now = ctx.clock.now().toISOString();
  const { result, avatar } = await inTransaction(ctx.db, async (db) => {
    const current = await usersRepo.findUserById(db, user.id);
    if (!current || current.deleted_at !== null) throw new AppError('NOT_FOUND', 'this account no longer exists');
    const result: DeletedAccount = { deletedComments: 0, anonymisedComments: 0 };
    const branches = await repo.branchesWrittenIn(db, user.id);
    if (input.comments === 'delete') {
      // Counts first: each thread loses exactly the published comments that go.
      for (const { threadId, count } of await repo.publishedCountsByThread(db, user.id)) await adjustCommentCount(db, threadId, -count);
      result.deletedComments = await repo.eraseCommentsOfAuthor(db, user.id, now);
    } else {
      result.anonymisedComments = await repo.detachCommentsOfAuthor(db, user.id);
    }
    await repo.deleteAccessAndInbox(db, user.id, current.email);
    if (current.avatar_media_id) await deleteAvatarMedia(db, current.avatar_media_id);
    await repo.anonymiseUser(db, user.id, now);
    // The "best" order weighs replies from others and the author's standing: an erased reply no
    // longer counts for its branch, and a deleted account's comments rank as a guest's.
    await recomputeRanks(db, branches);
    return { result, avatar: current.avatar_media_id };
  });
  if (avatar) await ctx.mediaFiles.removeAll(avatar);
  // Names, avatars and comments change on cached pages everywhere the person spoke.
  ctx.events.publish({ type: 'content.changed' });
  return result;
}
