// The near-duplicate check's look-up: recent comments whose SimHash shares at least one 16-bit
// band with a new comment's (each band column is indexed with created_at, migration 0013). The
// domain counts the exact distance on what comes back; the limit, and leaving the bodies out,
// keep a busy campaign from turning one post into a long read.
import type { Db } from '../db.ts';
import type { Comment } from '../schema.ts';

type Bands = readonly [number, number, number, number];

export type SimilarCandidate = Pick<
  Comment,
  | 'id'
  | 'thread_id'
  | 'author_id'
  | 'guest_email'
  | 'guest_key_hash'
  | 'guest_name'
  | 'created_at'
  | 'simhash_0'
  | 'simhash_1'
  | 'simhash_2'
  | 'simhash_3'
>;

/** The columns a comment row stores for its SimHash (all null when it has none). */
export function simHashColumns(bands: Bands | null): Pick<Comment, 'simhash_0' | 'simhash_1' | 'simhash_2' | 'simhash_3'> {
  return { simhash_0: bands?.[0] ?? null, simhash_1: bands?.[1] ?? null, simhash_2: bands?.[2] ?? null, simhash_3: bands?.[3] ?? null };
}

/** Comments (any status but deleted) from `since` up to `until` sharing a band with `bands`, newest first, at most `limit`. */
export function commentsSharingABand(
  db: Db,
  options: { bands: Bands; since: string; until: string; excludeId?: string | null; limit: number },
): Promise<SimilarCandidate[]> {
  const { bands } = options;
  let query = db
    .selectFrom('comments')
    .select([
      'id',
      'thread_id',
      'author_id',
      'guest_email',
      'guest_key_hash',
      'guest_name',
      'created_at',
      'simhash_0',
      'simhash_1',
      'simhash_2',
      'simhash_3',
    ])
    .where((eb) =>
      eb.or([
        eb('simhash_0', '=', bands[0]),
        eb('simhash_1', '=', bands[1]),
        eb('simhash_2', '=', bands[2]),
        eb('simhash_3', '=', bands[3]),
      ]),
    )
    .where('created_at', '>=', options.since)
    .where('created_at', '<=', options.until)
    .where('status', '!=', 'deleted');
  if (options.excludeId) query = query.where('id', '!=', options.excludeId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** The text of one comment, for quoting the first of a run of look-alikes. */
export async function commentBody(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('comments').select('body_markdown').where('id', '=', id).executeTakeFirst();
  return row?.body_markdown ?? '';
}
