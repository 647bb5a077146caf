// The learned spam filter's counts: per feature token, how many spam and ham comments carried
// it; the row with token '' holds how many spam and ham comments were learned in all. Changes
// are increments in one statement, so concurrent decisions never lose each other's counts.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { compiledForList } from '../compiled-query.ts';

export const TOTALS_TOKEN = '';

export interface TokenCounts {
  spam: number;
  ham: number;
}

/** Counts for these tokens (absent ones are not in the map). */
// Every comment posted asks for its tokens' counts: compiled once per padded list length.
const countsOfTokens = compiledForList(0, (db: Db, tokens: unknown[]) =>
  db
    .selectFrom('spam_tokens')
    .select(['token', 'spam_count', 'ham_count'])
    .where('token', 'in', tokens as string[]),
);

export async function tokenCounts(db: Db, tokens: readonly string[]): Promise<Map<string, TokenCounts>> {
  const out = new Map<string, TokenCounts>();
  if (tokens.length === 0) return out;
  const { rows } = await countsOfTokens(db, [...new Set(tokens)]);
  for (const row of rows) out.set(row.token, { spam: Number(row.spam_count), ham: Number(row.ham_count) });
  return out;
}

/**
 * Adds `delta` (+1 or -1) to the spam or ham count of every token (each once). Counts never go
 * below zero: a comment edited after it was learned may take back a token it never added.
 */
export async function adjustTokenCounts(db: Db, tokens: readonly string[], label: 'spam' | 'ham', delta: 1 | -1): Promise<void> {
  const unique = [...new Set(tokens)];
  if (unique.length === 0) return;
  if (delta === 1) {
    await db
      .insertInto('spam_tokens')
      .values(unique.map((token) => ({ token, spam_count: label === 'spam' ? 1 : 0, ham_count: label === 'ham' ? 1 : 0 })))
      .onConflict((oc) =>
        oc.column('token').doUpdateSet({
          spam_count: sql<number>`spam_tokens.spam_count + excluded.spam_count`,
          ham_count: sql<number>`spam_tokens.ham_count + excluded.ham_count`,
        }),
      )
      .execute();
    return;
  }
  const column = label === 'spam' ? 'spam_count' : 'ham_count';
  await db
    .updateTable('spam_tokens')
    .set({ [column]: sql<number>`case when ${sql.ref(column)} > 0 then ${sql.ref(column)} - 1 else 0 end` })
    .where('token', 'in', unique)
    .execute();
}

/** Records what a comment was learned as, only if it is still `from`; false when someone else got there first. */
export async function setTrainedAs(db: Db, commentId: string, from: 'spam' | 'ham' | null, to: 'spam' | 'ham' | null): Promise<boolean> {
  const result = await db
    .updateTable('comments')
    .set({ trained_as: to })
    .where('id', '=', commentId)
    .where((eb) => (from === null ? eb('trained_as', 'is', null) : eb('trained_as', '=', from)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
