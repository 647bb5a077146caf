// Bans and shadow bans, for accounts (user:ID) and for guests by their email (email:ADDRESS);
// temporary (days) or permanent. Posting enforces them (the pipeline); here they are given and
// lifted, each with its audit line in the same transaction.
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { inTransaction } from '../../storage/db.ts';
import { findComment, updateComment } from '../../storage/repos/comments.ts';
import { findSanction, liftSanction } from '../../storage/repos/moderation.ts';
import { insertSanction } from '../../storage/repos/sanctions.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import { recordStatusChange } from '../comments/status-change.ts';
import { findUserByEmail, findUserById } from '../../storage/repos/users.ts';
import type { User, UserSanction } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { checkReason, requireModerator } from './actions.ts';
import { recordAction, subjectOf } from './audit.ts';

export const MAX_BAN_DAYS = 3650;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface BanInput {
  /** user:ID or email:ADDRESS; or give commentId and its author is meant. */
  subject?: string;
  commentId?: string;
  kind: UserSanction['kind'];
  /** Whole days; null or absent: permanent. */
  days?: number | null;
  reason: string;
}

// Staff are not banned by a moderator's hand, nor is anyone by their own: a role is changed first.
function refuseProtected(actor: Actor, user: User): void {
  if (user.id === actor.id) throw new AppError('CANNOT_SANCTION', 'you cannot ban yourself');
  if (user.role !== 'reader' && user.role !== 'author')
    throw new AppError('CANNOT_SANCTION', `${user.display_name} is staff (${user.role}); change their role before banning them`);
}

async function checkSubject(ctx: DomainContext, actor: Actor, subject: string, field: string): Promise<string> {
  if (subject.startsWith('email:')) {
    const email = subject.slice('email:'.length).trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) throw invalid(field, `"${subject}" does not name an email address (email:ADDRESS)`);
    // An address sanction also holds its account's comments (the pipeline matches both), so the
    // account behind the address is protected as if it had been named by id.
    const account = await findUserByEmail(ctx.db, email);
    if (account) refuseProtected(actor, account);
    return `email:${email}`;
  }
  if (subject.startsWith('user:')) {
    const user = await findUserById(ctx.db, subject.slice('user:'.length));
    if (!user) throw invalid(field, `no account has the id "${subject.slice('user:'.length)}"`);
    refuseProtected(actor, user);
    return subject;
  }
  throw invalid(field, 'must be user:ID or email:ADDRESS');
}

/**
 * Gives a ban or a shadow ban. Given from a comment in the queue, that comment goes with it: a
 * held comment of a banned author is rejected with the ban's reason; a shadow-banned author's
 * comment becomes visible to them alone.
 */
export async function banAuthor(ctx: DomainContext, actor: Actor, input: BanInput): Promise<UserSanction> {
  requireModerator(actor);
  const reason = checkReason('ban', input.reason);
  if (reason === '') throw invalid('reason', 'is required: say why, for the audit log');
  if (input.days !== undefined && input.days !== null && (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_BAN_DAYS)) {
    throw invalid('days', `must be a whole number of days from 1 to ${MAX_BAN_DAYS}, or null for a permanent ban`);
  }
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    let subject: string;
    const comment = input.commentId ? await findComment(db, input.commentId) : undefined;
    if (input.commentId) {
      if (!comment) throw new AppError('NOT_FOUND', `no comment has the id "${input.commentId}"`);
      const of = subjectOf(comment);
      if (!of) throw invalid('commentId', 'this comment has no author who could be banned');
      subject = await checkSubject(tx, actor, of, 'commentId');
    } else if (input.subject) {
      subject = await checkSubject(tx, actor, input.subject, 'subject');
    } else {
      throw invalid('subject', 'is required (user:ID or email:ADDRESS), or give commentId');
    }
    const days = input.days ?? null;
    const sanction: UserSanction = {
      id: newId(now.getTime()),
      subject,
      kind: input.kind,
      reason,
      created_by: actor.id,
      created_at: now.toISOString(),
      expires_at: days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString(),
      lifted_at: null,
      lifted_by: null,
    };
    await insertSanction(db, sanction);
    let commentChange: { from: string; to: string } | undefined;
    if (comment) {
      const from = comment.status;
      const to =
        input.kind === 'ban' && from === 'pending'
          ? 'rejected'
          : input.kind === 'shadow' && (from === 'pending' || from === 'published')
            ? 'shadow'
            : from;
      if (to !== from) {
        await updateComment(db, comment.id, {
          status: to,
          reviewed_at: now.toISOString(),
          reviewed_by: actor.id,
          ...(to === 'rejected' ? { rejection_reason: reason } : {}),
        });
        const thread = await findThreadById(db, comment.thread_id);
        await recordStatusChange(tx, { comment, postId: thread?.post_id ?? null, from, to });
        commentChange = { from, to };
      }
    }
    await recordAction(tx, {
      actorId: actor.id,
      action: input.kind === 'ban' ? 'ban' : 'shadow-ban',
      commentId: comment?.id ?? null,
      threadId: comment?.thread_id ?? null,
      subject,
      reason,
      details: { sanctionId: sanction.id, days, expiresAt: sanction.expires_at, ...(commentChange ? { comment: commentChange } : {}) },
    });
    return sanction;
  });
}

/** Lifts a ban or shadow ban before it runs out. */
export async function liftBan(ctx: DomainContext, actor: Actor, sanctionId: string, reason = ''): Promise<UserSanction> {
  requireModerator(actor);
  const text = checkReason('unban', reason);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx.db, async (db) => {
    const sanction = await findSanction(db, sanctionId);
    if (!sanction) throw new AppError('NOT_FOUND', `no ban has the id "${sanctionId}"`);
    if (sanction.lifted_at !== null) throw new AppError('CONFLICT', 'this ban was already lifted');
    if (sanction.expires_at !== null && sanction.expires_at <= now) throw new AppError('CONFLICT', 'this ban has already run out');
    await liftSanction(db, sanctionId, actor.id, now);
    await recordAction(
      { ...ctx, db },
      {
        actorId: actor.id,
        action: sanction.kind === 'ban' ? 'unban' : 'lift-shadow-ban',
        subject: sanction.subject,
        reason: text,
        details: { sanctionId },
      },
    );
    return { ...sanction, lifted_at: now, lifted_by: actor.id };
  });
}
