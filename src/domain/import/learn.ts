// Learning from history: an import teaches the spam filter what the source system's moderators
// decided, as moderator decisions do (spam marks as spam, approved comments as ham), so a site
// moving to Gazette starts with a filter that knows its own kind of spam. A batch's token counts
// are summed first and written in one statement per 500 tokens, inside the batch's own
// transaction, so a batch lands with its lesson or not at all, and a re-run, which skips what an
// earlier run brought in, never counts a comment twice. Each comment's label is written with the
// row itself (`trained_as`), not by a second pass over the rows.
import type { Db } from '../../storage/db.ts';
import { addTokenCounts } from '../../storage/repos/spam-history.ts';
import { TOTALS_TOKEN, type TokenCounts } from '../../storage/repos/spam-tokens.ts';
import { findUserById } from '../../storage/repos/users.ts';
import type { Comment } from '../../storage/schema.ts';
import type { CommentStatus } from '../comments/types.ts';
import { authorFactsFrom, featuresOf } from '../moderation/spam-model.ts';

/** What the source's status teaches: only a spam mark and an approval say anything about spam. */
export function labelOfSource(status: CommentStatus | undefined): 'spam' | 'ham' | null {
  if (status === 'spam') return 'spam';
  if (status === undefined || status === 'published') return 'ham';
  return null;
}

export interface LearnedCounts {
  spam: number;
  ham: number;
}

/**
 * Adds the lessons of a batch of imported comments, as inserted with `trained_as` set from the
 * source's label (comments without one teach nothing); the caller provides the transaction.
 */
export async function learnFromImport(
  db: Db,
  comments: readonly Pick<Comment, 'body_markdown' | 'author_id' | 'guest_email' | 'created_at' | 'trained_as'>[],
): Promise<LearnedCounts> {
  const counts = new Map<string, TokenCounts>();
  const learned: LearnedCounts = { spam: 0, ham: 0 };
  const accountCreated = new Map<string, string | null>();
  for (const comment of comments) {
    const label = comment.trained_as;
    if (!label) continue;
    if (comment.author_id && !accountCreated.has(comment.author_id))
      accountCreated.set(comment.author_id, (await findUserById(db, comment.author_id))?.created_at ?? null);
    const author = authorFactsFrom(comment, comment.author_id ? (accountCreated.get(comment.author_id) ?? null) : null);
    for (const feature of [...featuresOf(comment.body_markdown, author), TOTALS_TOKEN]) {
      const entry = counts.get(feature) ?? { spam: 0, ham: 0 };
      entry[label]++;
      counts.set(feature, entry);
    }
    learned[label]++;
  }
  if (counts.size > 0) await addTokenCounts(db, counts);
  return learned;
}
