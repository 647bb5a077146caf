// The near-duplicate check's look-ups: recent comments whose SimHash shares at least one 16-bit
// band with a new comment's (each band column is indexed with created_at, migration 0013). The
// domain counts the exact distance on what comes back; the limit, and leaving the bodies out,
// keep a busy campaign from turning one post into a long read. The look-up returns only ids and
// bands: most comments resemble nothing, and turning a dozen chance band matches' names, emails
// and times into JavaScript strings was a quarter of what the read cost in the posting benchmark.
// Who wrote the few rows that are really close is read after, by id.
import type { Db } from '../db.ts';
import { compiledOnce } from '../compiled-query.ts';
import type { Comment } from '../schema.ts';

type Bands = readonly [number, number, number, number];

/** A comment sharing a band: its id and its SimHash's four bands. */
export type BandMatch = Pick<Comment, 'id' | 'simhash_0' | 'simhash_1' | 'simhash_2' | 'simhash_3'>;

/** Who wrote a look-alike, and when. */
export type SimilarCandidate = Pick<Comment, 'id' | 'author_id' | 'guest_email' | 'guest_key_hash' | 'guest_name' | 'created_at'>;

/** The columns a comment row stores for its SimHash (all null when it has none). */
export function simHashColumns(bands: Bands | null): Pick<Comment, 'simhash_0' | 'simhash_1' | 'simhash_2' | 'simhash_3'> {
  return { simhash_0: bands?.[0] ?? null, simhash_1: bands?.[1] ?? null, simhash_2: bands?.[2] ?? null, simhash_3: bands?.[3] ?? null };
}

// Run for every comment posted, so compiled once (compiled-query.ts); the id to leave out is
// '' when there is none (no comment has it).
const sharingABand = compiledOnce(
  8,
  (db: Db, b0: number, b1: number, b2: number, b3: number, since: string, until: string, excludeId: string, limit: number) =>
    db
      .selectFrom('comments')
      .select(['id', 'simhash_0', 'simhash_1', 'simhash_2', 'simhash_3'])
      .where((eb) => eb.or([eb('simhash_0', '=', b0), eb('simhash_1', '=', b1), eb('simhash_2', '=', b2), eb('simhash_3', '=', b3)]))
      .where('created_at', '>=', since)
      .where('created_at', '<=', until)
      .where('status', '!=', 'deleted')
      .where('id', '!=', excludeId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit),
);

/** Comments (any status but deleted) from `since` up to `until` sharing a band with `bands`, newest first, at most `limit`. */
export async function commentsSharingABand(
  db: Db,
  options: { bands: Bands; since: string; until: string; excludeId?: string | null; limit: number },
): Promise<BandMatch[]> {
  const [b0, b1, b2, b3] = options.bands;
  const result = await sharingABand(db, b0, b1, b2, b3, options.since, options.until, options.excludeId || '', options.limit);
  return result.rows as BandMatch[];
}

/** Who wrote each of `ids` and when, in the order of `ids` (an id no longer stored is left out). */
export async function similarCandidates(db: Db, ids: readonly string[]): Promise<SimilarCandidate[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'author_id', 'guest_email', 'guest_key_hash', 'guest_name', 'created_at'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The text of one comment, for quoting the first of a run of look-alikes. */
export async function commentBody(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('comments').select('body_markdown').where('id', '=', id).executeTakeFirst();
  return row?.body_markdown ?? '';
}
