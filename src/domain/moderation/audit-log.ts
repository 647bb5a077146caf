// Reading the audit log: who did what, when and why; filtered by actor, action, comment and a
// date range; newest first with a keyset cursor.
import { Type, type Static } from 'typebox';
import { AppError, invalid } from '../../errors.ts';
import { Nullable } from '../json-schema.ts';
import { logPage } from '../../storage/repos/moderation.ts';
import { findUserById, findUserBySlug } from '../../storage/repos/users.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { requireModerator } from './actions.ts';
import { isKeysetId, isStoredTimestamp } from '../keyset.ts';

export const LOG_PAGE_SIZE = 50;

export interface LogQuery {
  /** The moderator's id or profile name. */
  actor?: string;
  action?: string;
  comment?: string;
  /** Dates (YYYY-MM-DD, whole days, UTC) or full ISO instants; `to` includes its day. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** Written once: the moderation API publishes this schema as it is (GET /api/v1/admin/moderation/log). */
export const LogEntrySchema = Type.Object({
  id: Type.String(),
  actor: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  action: Type.String(),
  commentId: Nullable(Type.String()),
  /** The start of the comment's text, so a reader of the log knows which comment without opening it. */
  commentExcerpt: Nullable(Type.String()),
  threadId: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  reason: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type LogEntryView = Static<typeof LogEntrySchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function instant(value: string, field: string, endOfDay: boolean): string {
  const text = value.trim();
  const parsed = DAY.test(text) ? Date.parse(`${text}T00:00:00.000Z`) + (endOfDay ? 86_400_000 : 0) : Date.parse(text);
  if (Number.isNaN(parsed)) throw invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return new Date(parsed).toISOString();
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (isStoredTimestamp(body.c) && isKeysetId(body.i)) return { createdAt: body.c, id: body.i };
  } catch {
    // fall through to the one message
  }
  throw invalid('cursor', 'is not a cursor this server issued');
}

export async function auditLog(
  ctx: DomainContext,
  actor: Actor,
  query: LogQuery = {},
): Promise<{ entries: LogEntryView[]; nextCursor: string | null }> {
  requireModerator(actor);
  const limit = query.limit ?? LOG_PAGE_SIZE;
  let actorId: string | undefined;
  if (query.actor?.trim()) {
    const who = query.actor.trim();
    const user = (await findUserById(ctx.db, who)) ?? (await findUserBySlug(ctx.db, who));
    if (!user) throw invalid('actor', `no account has the id or profile name "${who}"`);
    actorId = user.id;
  }
  const from = query.from?.trim() ? instant(query.from, 'from', false) : undefined;
  const until = query.to?.trim() ? instant(query.to, 'to', true) : undefined;
  if (from && until && from >= until) throw new AppError('VALIDATION_FAILED', 'must not be before "from"', 'to');
  const rows = await logPage(ctx.db, {
    actorId,
    action: query.action?.trim() || undefined,
    commentId: query.comment?.trim() || undefined,
    from,
    until,
    before: query.cursor ? decodeCursor(query.cursor) : null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? 'Deleted user' } : null,
      action: r.action,
      commentId: r.comment_id,
      commentExcerpt: excerptOf(r.comment_body, r.comment_status),
      threadId: r.thread_id,
      subject: r.subject,
      reason: r.reason,
      details: parseDetails(r.details),
      createdAt: r.created_at,
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ c: last.created_at, i: last.id })).toString('base64url') : null,
  };
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const EXCERPT_LENGTH = 80;

/** The comment's first words in plain text: Markdown marks and link targets left out, cut at a word. */
export function excerptOf(markdown: string | null, status: string | null): string | null {
  if (markdown === null) return null;
  if (status === 'deleted') return '(deleted by its author)';
  const text = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut.slice(0, EXCERPT_LENGTH)).trimEnd()}…`;
}
