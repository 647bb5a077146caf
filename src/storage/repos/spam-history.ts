// The spam filter and the site's own history: counts learned from an import in one aggregated
// write per batch (not one per token per comment), and the moderators' recent decisions with
// what the pipeline had said of each, for the desk's figures.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { TokenCounts } from './spam-tokens.ts';

// Three values a row: well inside SQLite's limit of 32,766 bound parameters per statement.
const ROWS_PER_STATEMENT = 500;

/** Adds each token's spam and ham counts to what is stored (inserting tokens never seen). */
export async function addTokenCounts(db: Db, counts: ReadonlyMap<string, TokenCounts>): Promise<void> {
  const rows = [...counts].map(([token, c]) => ({ token, spam_count: c.spam, ham_count: c.ham }));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto('spam_tokens')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.column('token').doUpdateSet({
          spam_count: sql<number>`spam_tokens.spam_count + excluded.spam_count`,
          ham_count: sql<number>`spam_tokens.ham_count + excluded.ham_count`,
        }),
      )
      .execute();
  }
}

export interface DecidedComment {
  id: string;
  /** What the moderator's decision taught the filter (an undone decision taught nothing and is left out). */
  trained_as: 'spam' | 'ham';
  /** The pipeline's steps as stored when the comment was screened (JSON). */
  moderation: string;
  spam_score: number | null;
  body_markdown: string;
}

/**
 * Comments a moderator marked spam, approved or marked not spam since `since`, each once, most
 * recently decided first (a rejection teaches nothing, so it is left out). Found through the
 * moderation log, whose time index keeps this a short read on a large site.
 */
export async function decidedSince(db: Db, since: string, limit: number): Promise<DecidedComment[]> {
  const rows = await db
    .selectFrom('moderation_log')
    .innerJoin('comments', 'comments.id', 'moderation_log.comment_id')
    .select(['comments.id', 'comments.trained_as', 'comments.moderation', 'comments.spam_score', 'comments.body_markdown'])
    .where('moderation_log.created_at', '>=', since)
    .where('moderation_log.action', 'in', ['approve', 'not-spam', 'spam'])
    .where('comments.trained_as', 'in', ['spam', 'ham'])
    .orderBy('moderation_log.created_at', 'desc')
    .orderBy('moderation_log.id', 'desc')
    .limit(limit)
    .execute();
  const seen = new Set<string>();
  const out: DecidedComment[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    out.push({ ...row, trained_as: row.trained_as! });
  }
  return out;
}
