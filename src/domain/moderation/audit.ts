// Every moderation action leaves a line: who, what, when, why. Written in the same transaction
// as the action, so the log never claims something that did not happen, nor misses what did.
import { newId } from '../../ids.ts';
import { insertLogEntry } from '../../storage/repos/moderation-log.ts';
import type { DomainContext } from '../context.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  commentId?: string | null;
  threadId?: string | null;
  /** The person acted upon: user:ID or email:ADDRESS. */
  subject?: string | null;
  reason?: string;
  details?: Record<string, unknown>;
  /** When it happened (ISO), if the action already took its time; default: now. */
  at?: string;
}

/** Writes the line and returns its id (an undo names the line it reverses). */
export async function recordAction(ctx: Pick<DomainContext, 'db' | 'clock'>, entry: AuditEntry): Promise<string> {
  const now = entry.at ? new Date(entry.at) : ctx.clock.now();
  const id = newId(now.getTime());
  await insertLogEntry(ctx.db, {
    id,
    actor_id: entry.actorId,
    action: entry.action,
    comment_id: entry.commentId ?? null,
    thread_id: entry.threadId ?? null,
    subject: entry.subject ?? null,
    reason: entry.reason ?? '',
    details: JSON.stringify(entry.details ?? {}),
    created_at: now.toISOString(),
  });
  return id;
}

/** How sanctions and the log name a commenter: accounts by id, guests by their (lower-cased) email. */
export function subjectOf(comment: { author_id: string | null; guest_email: string | null }): string | null {
  if (comment.author_id) return `user:${comment.author_id}`;
  return comment.guest_email ? `email:${comment.guest_email.toLowerCase()}` : null;
}
