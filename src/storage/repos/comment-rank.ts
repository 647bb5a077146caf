// What the "best" rank of a top-level comment is computed from (domain/comments/rank.ts), and
// where it is kept: comments.wilson, the column the comments_top_best index orders by.
import { sql } from 'kysely';
import { writeUnanswered, type Db } from '../db.ts';
import type { Role } from '../schema.ts';

export interface RankInputsRow {
  id: string;
  rank: number;
  upvotes: number;
  downvotes: number;
  body_markdown: string;
  created_at: string;
  author_role: Role | null;
  author_verified_at: string | null;
  author_since: string | null;
  author_deleted_at: string | null;
  author_published: number | string;
  replies_from_others: number | string;
}

// Who wrote a comment, as one comparable value: the account, else the guest's address or name.
const writer = (alias: string) => sql.raw(`COALESCE(${alias}.author_id, ${alias}.guest_email, ${alias}.guest_name, '')`);

export async function rankInputsOf(db: Db, ids: string[]): Promise<RankInputsRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.wilson as rank',
      'c.upvotes',
      'c.downvotes',
      'c.body_markdown',
      'c.created_at',
      'u.role as author_role',
      'u.email_verified_at as author_verified_at',
      'u.created_at as author_since',
      'u.deleted_at as author_deleted_at',
    ])
    .select((eb) => [
      // Enough to tell an established author. Only the author is in the WHERE, so that the
      // comments_by_author index answers it: with the status there too, SQLite chose the status
      // index and counted every published comment of the site per row (an import went quadratic).
      // Guests have no account to count.
      sql<number>`case when c.author_id is null then 0 else (${eb
        .selectFrom('comments as o')
        .select(sql<number>`sum(case when o.status = 'published' then 1 else 0 end)`.as('n'))
        .whereRef('o.author_id', '=', 'c.author_id')}) end`.as('author_published'),
      eb
        .selectFrom('comments as r')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('r.root_id', '=', 'c.id')
        .where('r.depth', '>', 0)
        .where('r.status', '=', 'published')
        .where(sql<boolean>`${writer('r')} <> ${writer('c')}`)
        .as('replies_from_others'),
    ])
    .where('c.id', 'in', ids)
    .where('c.depth', '=', 0)
    .execute();
  return rows.map((row) => ({ ...row, author_published: row.author_published ?? 0, replies_from_others: row.replies_from_others ?? 0 }));
}

/** Nothing reads its answer: in a PostgreSQL transaction it travels with the next statement (writeUnanswered). */
export async function setRank(db: Db, id: string, rank: number): Promise<void> {
  await writeUnanswered(db, db.updateTable('comments').set({ wilson: rank }).where('id', '=', id).compile());
}

/** Top-level comment ids after `after`, in id order: a keyset walk over the whole site. */
export async function topLevelIdsAfter(db: Db, after: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('comments')
    .select('id')
    .where('depth', '=', 0)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
