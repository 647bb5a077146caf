// The moderation queues: pending (held), reported (reports nobody has reviewed yet), spam, and
// all recent comments; filtered by article, author and reason; newest first with a keyset cursor.
// Each item says why it is there in plain words, with the author's history and its place in the
// thread. Reports are shown as counts per reason, never with who reported.
import { AppError, invalid } from '../../errors.ts';
import { findComment, type CommentRow } from '../../storage/repos/comments.ts';
import * as repo from '../../storage/repos/moderation.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import { findUserById, findUserBySlug } from '../../storage/repos/users.ts';
import type { UserSanction } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { requireModerator } from './actions.ts';
import { subjectOf } from './audit.ts';
import { parseModeration } from './types.ts';
import { describeReasons, type QueueReason } from './reasons.ts';
import { isKeysetId, isStoredTimestamp } from '../keyset.ts';

export const QUEUES = ['pending', 'reported', 'spam', 'recent'] as const;
export type QueueName = repo.QueueName;
export const QUEUE_PAGE_SIZE = 25;

export interface ContextComment {
  id: string;
  authorName: string;
  bodyHtml: string;
  createdAt: string;
}

export interface QueueAuthor {
  kind: 'account' | 'guest';
  id: string | null;
  name: string;
  slug: string | null;
  /** Guests only: moderators need the address to ban by it. */
  email: string | null;
  /** How bans name this person: user:ID or email:ADDRESS. */
  subject: string | null;
  role: string | null;
  accountCreatedAt: string | null;
  accountAgeDays: number | null;
  history: { total: number; approved: number; pending: number; rejected: number; spam: number };
  priorBans: number;
  activeSanctions: { id: string; kind: UserSanction['kind']; reason: string; expiresAt: string | null }[];
}

export interface QueueItem {
  id: string;
  status: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  spamScore: number | null;
  reportCount: number;
  featured: boolean;
  pinned: boolean;
  rejectionReason: string | null;
  author: QueueAuthor;
  thread: { id: string; title: string; url: string | null; closed: boolean; policy: string | null };
  context: { parent: ContextComment | null; neighbours: ContextComment[] };
  reasons: QueueReason[];
}

export interface QueueQuery {
  status?: QueueName;
  /** An article's slug or a thread id. */
  post?: string;
  /** An account's id or slug, or a guest's email. */
  author?: string;
  /** A pipeline step name (links, words, model …) or 'reports'. */
  reason?: string;
  cursor?: string;
  limit?: number;
}

export interface QueuePage {
  queue: QueueName;
  items: QueueItem[];
  nextCursor: string | null;
}

const STEP = /^[a-z][a-z-]{0,39}$/;

function decodeCursor(cursor: string, queue: QueueName): { createdAt: string; id: string } {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { q?: unknown; c?: unknown; i?: unknown };
    if (isStoredTimestamp(body.c) && isKeysetId(body.i)) {
      if (body.q !== queue) throw invalid('cursor', `belongs to the "${String(body.q)}" queue, not "${queue}"`);
      return { createdAt: body.c, id: body.i };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
  }
  throw invalid('cursor', 'is not a cursor this server issued');
}

const encodeCursor = (queue: QueueName, row: { created_at: string; id: string }) =>
  Buffer.from(JSON.stringify({ q: queue, c: row.created_at, i: row.id })).toString('base64url');

async function resolveFilters(
  ctx: DomainContext,
  query: QueueQuery,
): Promise<Pick<repo.QueueFilter, 'threadId' | 'authorId' | 'guestEmail' | 'step'>> {
  const out: Pick<repo.QueueFilter, 'threadId' | 'authorId' | 'guestEmail' | 'step'> = {};
  const post = query.post?.trim();
  if (post) {
    const thread = (await repo.findThreadForPostSlug(ctx.db, post)) ?? (await findThreadById(ctx.db, post));
    if (!thread) throw invalid('post', `no article has the slug "${post}" and no thread has that id`);
    out.threadId = thread.id;
  }
  const author = query.author?.trim();
  if (author) {
    if (author.includes('@')) out.guestEmail = author.toLowerCase();
    else {
      const user = (await findUserById(ctx.db, author)) ?? (await findUserBySlug(ctx.db, author));
      if (!user) throw invalid('author', `no account has the id or profile name "${author}" (give an email for a guest)`);
      out.authorId = user.id;
    }
  }
  const reason = query.reason?.trim();
  if (reason) {
    if (!STEP.test(reason)) throw invalid('reason', 'must be a step name such as links, words, model or reports');
    out.step = reason;
  }
  return out;
}

const authorName = (row: CommentRow) =>
  row.author_id ? (row.author_deleted_at ? 'Deleted user' : (row.author_name ?? 'Deleted user')) : (row.guest_name ?? 'Guest');
const contextOf = (row: CommentRow): ContextComment => ({
  id: row.id,
  authorName: authorName(row),
  bodyHtml: row.body_html,
  createdAt: row.created_at,
});

function emptyHistory(): QueueAuthor['history'] {
  return { total: 0, approved: 0, pending: 0, rejected: 0, spam: 0 };
}

function addCount(history: QueueAuthor['history'], status: string, n: number) {
  if (status === 'deleted') return;
  history.total += n;
  if (status === 'published') history.approved += n;
  else if (status === 'pending') history.pending += n;
  else if (status === 'rejected') history.rejected += n;
  else if (status === 'spam') history.spam += n;
}

export async function moderationQueue(ctx: DomainContext, actor: Actor, query: QueueQuery = {}): Promise<QueuePage> {
  requireModerator(actor);
  const queue = query.status ?? 'pending';
  if (!(QUEUES as readonly string[]).includes(queue)) throw invalid('status', `must be one of ${QUEUES.join(', ')}`);
  const limit = query.limit ?? QUEUE_PAGE_SIZE;
  const filters = await resolveFilters(ctx, query);
  const after = query.cursor ? decodeCursor(query.cursor, queue) : null;
  const rows = await repo.queuePage(ctx.db, { queue, ...filters, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const items = await presentItems(ctx, page);
  const last = page[page.length - 1];
  return { queue, items, nextCursor: rows.length > limit && last ? encodeCursor(queue, last) : null };
}

async function presentItems(ctx: DomainContext, rows: repo.QueueRow[]): Promise<QueueItem[]> {
  if (rows.length === 0) return [];
  const authorIds = [...new Set(rows.map((r) => r.author_id).filter((id): id is string => id !== null))];
  const guestEmails = [...new Set(rows.filter((r) => !r.author_id && r.guest_email).map((r) => r.guest_email!))];
  const subjects = [...new Set(rows.map((r) => subjectOf(r)).filter((s): s is string => s !== null))];
  const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is string => id !== null))];
  const [byAuthor, byGuest, sanctions, reports, parents, neighbours] = await Promise.all([
    repo.statusCountsByAuthor(ctx.db, authorIds),
    repo.statusCountsByGuestEmail(ctx.db, guestEmails),
    repo.sanctionsOfSubjects(ctx.db, subjects),
    repo.reportReasons(
      ctx.db,
      rows.map((r) => r.id),
    ),
    Promise.all(parentIds.map((id) => findComment(ctx.db, id))),
    Promise.all(rows.map((r) => repo.neighboursOf(ctx.db, r))),
  ]);
  const histories = new Map<string, QueueAuthor['history']>();
  const count = (key: string, status: string, n: number) => {
    const history = histories.get(key) ?? emptyHistory();
    histories.set(key, history);
    addCount(history, status, n);
  };
  for (const c of byAuthor) count(`user:${c.key}`, c.status, c.n);
  for (const c of byGuest) count(`email:${c.key}`, c.status, c.n);
  const parentById = new Map(parents.filter((p): p is CommentRow => p !== undefined).map((p) => [p.id, p]));
  const now = ctx.clock.now();

  return rows.map((row, index) => {
    const subject = subjectOf(row);
    const theirs = sanctions.filter((s) => s.subject === subject);
    const active = theirs.filter((s) => s.lifted_at === null && (s.expires_at === null || s.expires_at > now.toISOString()));
    const account = row.author_id !== null;
    const parent = row.parent_id ? parentById.get(row.parent_id) : undefined;
    const historyKey = account ? `user:${row.author_id}` : `email:${row.guest_email}`;
    return {
      id: row.id,
      status: row.status,
      bodyHtml: row.body_html,
      createdAt: row.created_at,
      editedAt: row.edited_at,
      spamScore: row.spam_score,
      reportCount: row.report_count,
      featured: row.featured_at !== null,
      pinned: row.pinned_at !== null,
      rejectionReason: row.rejection_reason,
      author: {
        kind: account ? 'account' : 'guest',
        id: row.author_id,
        name: authorName(row),
        slug: account ? row.author_slug : null,
        email: account ? null : row.guest_email,
        subject,
        role: row.author_role,
        accountCreatedAt: row.author_created_at,
        accountAgeDays: row.author_created_at ? Math.floor((now.getTime() - Date.parse(row.author_created_at)) / 86_400_000) : null,
        history: histories.get(historyKey) ?? emptyHistory(),
        priorBans: theirs.filter((s) => s.kind === 'ban').length,
        activeSanctions: active.map((s) => ({ id: s.id, kind: s.kind, reason: s.reason, expiresAt: s.expires_at })),
      },
      thread: {
        id: row.thread_id,
        title: row.thread_title,
        url: row.post_slug ? `/articles/${row.post_slug}` : row.thread_url,
        closed: row.thread_closed_at !== null,
        policy: row.thread_policy,
      },
      context: {
        parent: parent && parent.status === 'published' ? contextOf(parent) : null,
        neighbours: neighbours[index]!.map(contextOf),
      },
      reasons: describeReasons(
        row,
        parseModeration(row.moderation),
        reports.filter((r) => r.comment_id === row.id),
      ),
    };
  });
}

/** Which queues a comment is in now: live updates tell open desks to add or drop it. */
export async function queuesOf(ctx: DomainContext, commentId: string): Promise<{ status: string; queues: QueueName[] } | null> {
  const row = await findComment(ctx.db, commentId);
  if (!row) return null;
  const queues: QueueName[] = [];
  if (row.status === 'pending') queues.push('pending');
  if (row.status === 'spam') queues.push('spam');
  if (await repo.isReported(ctx.db, commentId)) queues.push('reported');
  if (row.status !== 'deleted') queues.push('recent');
  return { status: row.status, queues };
}
