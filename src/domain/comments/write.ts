// Posting, editing and deleting comments. Each change is one transaction (the comment and the
// thread's count move together) and announces itself on the event bus after it commits.
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { inTransaction, type Db } from '../../storage/db.ts';
import { readTogether } from '../../storage/read-together.ts';
import * as commentsRepo from '../../storage/repos/comments.ts';
import { simHashColumns } from '../../storage/repos/near-duplicates.ts';
import type { Comment } from '../../storage/schema.ts';
import { COMMENT_LIMITS, renderComment } from '../../render/comment-markdown.ts';
import type { DomainContext } from '../context.ts';
import { owns, type Commenter } from './commenter.ts';
import { can } from '../policy.ts';
import { DEFAULT_DISCUSSION } from './settings.ts';
import { requireThread } from './threads.ts';
import { notifyNewComment } from '../notifications/notify.ts';
import { commentAsSeenBy, presentCommentFor, profilePath } from './read.ts';
import { recordStatusChange } from './status-change.ts';
import { newGuestCommentRank } from './rank.ts';
import type { CommentView } from './types.ts';
import { authorOf, hashIp, isStaff, type Candidate, type CandidateAuthor } from '../moderation/candidate.ts';
import {
  finishScreening,
  isScreenedStatus,
  prepareScreening,
  screenComment,
  startScreeningReads,
  stricterStatus,
  type ScreenedStatus,
  type ScreeningOutcome,
} from '../moderation/pipeline.ts';
import { ensureOpenForComments, enforceSlowMode } from '../moderation/posting-rules.ts';
import { currentModerationSettings, guestsAllowed } from '../moderation/settings.ts';
import { parseModeration } from '../moderation/types.ts';
import { checkName } from '../users/display-name.ts';
import { accountAddressRefusal, addressHasAccount } from './guest-email.ts';
import { refuseGuestsWhereAccountsOnly } from '../sites/guest-policy.ts';

export interface NewComment {
  threadId: string;
  body: string;
  parentId?: string | null;
  /** Required when the commenter is a guest. */
  guest?: { name: string; email: string };
  /** The poster's address: kept only as an HMAC (ip_hash) for repeat and burst checks; handed to Akismet when configured. */
  ip?: string | null;
  userAgent?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 60;

function checkBody(body: string, field = 'body'): string {
  const trimmed = body.trim();
  if (trimmed.length < COMMENT_LIMITS.minLength) throw invalid(field, 'must not be empty');
  if (trimmed.length > COMMENT_LIMITS.maxLength)
    throw invalid(field, `must be at most ${COMMENT_LIMITS.maxLength} characters (this one has ${trimmed.length})`);
  return trimmed;
}

function checkGuest(guest: NewComment['guest']): { name: string; email: string } {
  if (!guest) throw invalid('guest', 'is required to comment without an account (a name and an email)');
  const name = checkName(guest.name, { field: 'guest.name', max: MAX_NAME });
  const email = guest.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid('guest.email', `"${guest.email}" is not an email address`);
  return { name, email };
}

/** @mentions resolve against the names of people already in the thread. */
async function mentionResolver(db: Db, threadId: string, body: string) {
  // Most comments mention nobody: spare them the participants query.
  if (!body.includes('@')) return undefined;
  const people = await commentsRepo.participants(db, threadId);
  // Guests first, so an account's name wins: a guest who types a member's name (a staff member's,
  // say) must not take over where @Name points. Notifications go to accounts alone (notify.ts).
  const guestsFirst = [...people].sort((a, b) => Number(a.slug !== null) - Number(b.slug !== null));
  const byName = new Map(guestsFirst.map((p) => [p.name.toLowerCase(), p]));
  return (handle: string) => {
    const person = byName.get(handle.toLowerCase());
    return person ? { name: person.name, url: person.slug ? profilePath(person.slug) : null } : undefined;
  };
}

export interface PostedComment {
  comment: Comment;
  /**
   * False when the comment is held for review (the API answers 202). Spam and shadow comments
   * count as published here: their author is told nothing a spammer could learn from.
   */
  published: boolean;
}

/** What the screening decided, as columns of the comment row. */
const screenedColumns = (outcome: ScreeningOutcome) => ({
  status: outcome.status,
  moderation: JSON.stringify(outcome.steps),
  spam_score: outcome.spamScore,
  text_hash: outcome.textHash,
  ...simHashColumns(outcome.simHash),
});

export async function postComment(ctx: DomainContext, commenter: Commenter, input: NewComment): Promise<PostedComment> {
  const settings = ctx.discussion ?? DEFAULT_DISCUSSION;
  const body = checkBody(input.body);
  const guest = commenter.kind === 'guest' ? checkGuest(input.guest) : null;
  const now = ctx.clock.now();
  const moderation = await currentModerationSettings(ctx);
  if (guest && !guestsAllowed(moderation, settings.guestsAllowed))
    throw new AppError('UNAUTHENTICATED', 'sign in to comment; this site does not take guest comments');
  const author: CandidateAuthor =
    commenter.kind === 'account'
      ? { kind: 'account', id: commenter.id, role: commenter.role, name: commenter.name }
      : // an address an account uses is refused below: screening need not ask again.
        { kind: 'guest', name: guest!.name, email: guest!.email, keyHash: commenter.keyHash, emailOwnedByNoAccount: true };
  const ipHash = hashIp(ctx.secret, input.ip);
  const candidate: Candidate = {
    threadId: input.threadId,
    body,
    author,
    ipHash,
    ip: input.ip,
    userAgent: input.userAgent,
    at: now.toISOString(),
    mode: 'post',
  };
  const prelude = await prepareScreening(ctx.db, candidate, moderation);
  // The address, the thread, the parent and every read screening needs, in one round trip (readTogether).
  // Refusals come in order: the thread and the reply first, then an account's address (last, so
  // it tells nobody who could not have posted; guest-email.ts), and a ban in finishScreening. Screening's reads only read, so asking
  // them for a request refused on the way costs nothing but the asking.
  const [addressTaken, thread, parent, ...answers] = await readTogether(ctx.db, (db) => [
    guest ? addressHasAccount(db, guest.email) : Promise.resolve(false),
    requireThread(db, input.threadId),
    input.parentId ? commentsRepo.findComment(db, input.parentId) : Promise.resolve(undefined),
    ...startScreeningReads(db, ctx.screening, candidate, moderation, prelude),
  ]);

  if (guest) await refuseGuestsWhereAccountsOnly(ctx.db, thread);
  await ensureOpenForComments(ctx.db, thread, moderation, now);
  if (!isStaff(author)) await enforceSlowMode(ctx.db, thread.id, authorOf(author), moderation, now);
  if (input.parentId) {
    if (!parent || parent.thread_id !== thread.id) throw invalid('parentId', `no comment in this thread has the id "${input.parentId}"`);
    // Authors may answer their own hidden comment (a shadow-banned author must not notice the
    // ban); the reply then stays as hidden as its parent.
    if (parent.status !== 'published' && !(HIDDEN_TO_OTHERS.has(parent.status) && owns(commenter, parent))) {
      throw invalid('parentId', 'that comment can no longer be replied to');
    }
  }
  if (addressTaken) throw accountAddressRefusal();
  // Outside the transaction: Akismet may take a moment, and no write should wait on it.
  const screened = await finishScreening(ctx, { ...candidate, threadPolicy: thread.policy }, moderation, prelude, answers);
  ctx.observe?.commentScreened('post', screened.status);

  const { comment, notified } = await inTransaction(ctx.db, async (db) => {
    const rendered = renderComment(screened.body, { resolveMention: await mentionResolver(db, thread.id, screened.body) });
    const id = newId(now.getTime());
    const comment: Comment = {
      id,
      thread_id: thread.id,
      parent_id: parent?.id ?? null,
      root_id: parent ? parent.root_id : id,
      depth: parent ? parent.depth + 1 : 0,
      author_id: commenter.kind === 'account' ? commenter.id : null,
      guest_name: guest?.name ?? null,
      guest_email: guest?.email ?? null,
      guest_key_hash: commenter.kind === 'guest' ? commenter.keyHash : null,
      body_markdown: screened.body,
      body_html: rendered.html,
      upvotes: 0,
      downvotes: 0,
      wilson: 0,
      created_at: now.toISOString(),
      edited_at: null,
      deleted_at: null,
      ...commentsRepo.UNMODERATED,
      // status, the steps that fired and the learned score
      ...screenedColumns(screened),
      ip_hash: ipHash,
    };
    if (parent && HIDDEN_TO_OTHERS.has(parent.status) && comment.status === 'published') comment.status = parent.status;
    const rankKnown = !parent && guest !== null;
    if (rankKnown) comment.wilson = newGuestCommentRank(comment.body_markdown);
    await commentsRepo.insertComment(db, comment);
    await recordStatusChange({ ...ctx, db }, { comment, postId: thread.post_id, from: null, to: comment.status, rankKnown });
    // In the same transaction: the comment and who hears of it land together, exactly once.
    // Held comments tell the moderators; spam and shadow comments tell nobody.
    const notified = await notifyNewComment({ ...ctx, db }, comment, rendered.mentions, parent);
    return { comment, notified };
  });
  if (notified > 0) ctx.events.publish({ type: 'notification.created' });
  ctx.observe?.commentPosted(comment.status);
  return { comment, published: comment.status !== 'pending' };
}

/** Statuses its author still sees as their own comment, in place. */
const HIDDEN_TO_OTHERS = new Set<Comment['status']>(['pending', 'shadow', 'spam']);

/** Staff who may change anyone's comment (moderators, admins), or null. */
function moderatorOf(commenter: Commenter) {
  return commenter.kind === 'account' && can('comment.editAny', { id: commenter.id, role: commenter.role }) ? commenter : null;
}

async function ownedComment(db: Db, commenter: Commenter, id: string) {
  const comment = await commentsRepo.findComment(db, id);
  if (!comment || comment.status === 'deleted') throw new AppError('NOT_FOUND', `no comment has the id "${id}"`);
  if (!owns(commenter, comment) && !moderatorOf(commenter))
    throw new AppError('NOT_THE_OWNER', 'only its author or a moderator may change this comment');
  return comment;
}

// An edit never makes a comment less restricted than it was: a held comment edited clean stays
// held; a published one that turns into spam goes to spam.
function editedStatus(old: Comment['status'], screened: ScreenedStatus, byModerator: boolean): Comment['status'] {
  // A moderator correcting someone's comment has the last word on where it stands.
  if (byModerator || !isScreenedStatus(old)) return old;
  return stricterStatus(old, screened);
}

/**
 * Posting from an author's browser: the answer is the new comment as its author sees it (spam and
 * shadow look published, held reads pending), so the handler presents without reading storage.
 */
export async function postCommentForAuthor(
  ctx: DomainContext,
  commenter: Commenter,
  input: NewComment,
): Promise<{ published: boolean; view: CommentView }> {
  const posted = await postComment(ctx, commenter, input);
  // A guest's new comment is presented from the row just written: a guest has no account to join
  // for a name, picture or badge, so reading it back would only repeat what is in hand.
  const view =
    commenter.kind === 'guest'
      ? presentCommentFor({ ...posted.comment, author_name: null, author_slug: null, author_role: null }, commenter)
      : await commentAsSeenBy(ctx, posted.comment.id, commenter);
  return { published: posted.published, view };
}

/** Editing from an author's browser: the edited comment as its author sees it. */
export async function editCommentForAuthor(ctx: DomainContext, commenter: Commenter, id: string, newBody: string): Promise<CommentView> {
  await editComment(ctx, commenter, id, newBody);
  return commentAsSeenBy(ctx, id, commenter);
}

export async function editComment(ctx: DomainContext, commenter: Commenter, id: string, newBody: string): Promise<Comment> {
  const settings = ctx.discussion ?? DEFAULT_DISCUSSION;
  const body = checkBody(newBody);
  const now = ctx.clock.now();
  const comment = await ownedComment(ctx.db, commenter, id);
  const ageSeconds = (now.getTime() - Date.parse(comment.created_at)) / 1000;
  // The edit window keeps authors from rewriting a conversation after others answered; staff
  // correcting a comment are outside it.
  if (ageSeconds > settings.editWindowSeconds && (owns(commenter, comment) || !moderatorOf(commenter))) {
    throw new AppError(
      'EDIT_WINDOW_PASSED',
      `comments can be edited for ${Math.round(settings.editWindowSeconds / 60)} minutes after posting`,
    );
  }
  const thread = await requireThread(ctx.db, comment.thread_id);
  // Screened again as its author's words (a ban refuses the edit), outside the transaction like a new comment.
  const author: CandidateAuthor = comment.author_id
    ? { kind: 'account', id: comment.author_id, role: comment.author_role ?? 'reader', name: comment.author_name ?? '' }
    : { kind: 'guest', name: comment.guest_name ?? '', email: comment.guest_email, keyHash: comment.guest_key_hash };
  const screened = await screenComment(
    ctx,
    {
      threadId: thread.id,
      commentId: id,
      body,
      author,
      ipHash: comment.ip_hash,
      at: now.toISOString(),
      mode: 'edit',
      threadPolicy: thread.policy,
    },
    await currentModerationSettings(ctx),
  );
  ctx.observe?.commentScreened('edit', screened.status);
  const status = editedStatus(comment.status, screened.status, !owns(commenter, comment));
  // Kept held by what it was before: the earlier reasons still explain why.
  const steps =
    status !== screened.status && status !== 'published' ? [...parseModeration(comment.moderation), ...screened.steps] : screened.steps;

  const notified = await inTransaction(ctx.db, async (db) => {
    const rendered = renderComment(screened.body, { resolveMention: await mentionResolver(db, thread.id, screened.body) });
    await commentsRepo.updateComment(db, id, {
      body_markdown: screened.body,
      body_html: rendered.html,
      edited_at: now.toISOString(),
      status,
      moderation: JSON.stringify(steps),
      spam_score: screened.spamScore,
      text_hash: screened.textHash,
      ...simHashColumns(screened.simHash),
    });
    await recordStatusChange({ ...ctx, db }, { comment, postId: thread.post_id, from: comment.status, to: status });
    if (status === 'pending' && comment.status !== 'pending') return notifyNewComment({ ...ctx, db }, { ...comment, status }, []);
    return 0;
  });
  if (notified > 0) ctx.events.publish({ type: 'notification.created' });
  return (await commentsRepo.findComment(ctx.db, id))!;
}

/**
 * Deleting erases the text. A comment with replies stays as "This comment was deleted" so the
 * replies keep their place; one without replies simply disappears from the thread.
 */
export async function deleteComment(ctx: DomainContext, commenter: Commenter, id: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (db) => {
    const comment = await ownedComment(db, commenter, id);
    await commentsRepo.updateComment(db, id, { status: 'deleted', body_markdown: '', body_html: '', deleted_at: now });
    const thread = await requireThread(db, comment.thread_id);
    await recordStatusChange({ ...ctx, db }, { comment, postId: thread.post_id, from: comment.status, to: 'deleted' });
  });
}
