// Public profiles: a person's published comments, newest first, on articles readers can see
// (or on sites that embed the discussion). Served by the comments_by_author index.
import type { Db } from '../db.ts';

export interface ProfileCommentRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  body_html: string;
  created_at: string;
  edited_at: string | null;
  upvotes: number;
  downvotes: number;
  thread_title: string;
  /** Set for an off-site thread (the embed): where the discussion lives. */
  thread_url: string | null;
  post_title: string | null;
  post_slug: string | null;
}

/** Where the previous page ended: newest first, ties broken by id. */
export interface ProfileKeyset {
  createdAt: string;
  id: string;
}

function visibleCommentsBy(db: Db, authorId: string, now: string) {
  return db
    .selectFrom('comments')
    .innerJoin('threads', 'threads.id', 'comments.thread_id')
    .leftJoin('posts', 'posts.id', 'threads.post_id')
    .where('comments.author_id', '=', authorId)
    .where('comments.status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb('threads.post_id', 'is', null),
        eb.and([eb('posts.status', 'in', ['published', 'scheduled']), eb('posts.published_at', '<=', now)]),
      ]),
    );
}

export async function countProfileComments(db: Db, authorId: string, now: string): Promise<number> {
  const row = await visibleCommentsBy(db, authorId, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page, by keyset (`after`, for the API's cursor) or by offset (the page's ?page=N). */
export function profileComments(
  db: Db,
  options: { authorId: string; now: string; limit: number; after?: ProfileKeyset | null; offset?: number },
): Promise<ProfileCommentRow[]> {
  let query = visibleCommentsBy(db, options.authorId, options.now).select([
    'comments.id',
    'comments.thread_id',
    'comments.parent_id',
    'comments.body_html',
    'comments.created_at',
    'comments.edited_at',
    'comments.upvotes',
    'comments.downvotes',
    'threads.title as thread_title',
    'threads.url as thread_url',
    'posts.title as post_title',
    'posts.slug as post_slug',
  ]);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('comments.created_at', '<', after.createdAt),
        eb.and([eb('comments.created_at', '=', after.createdAt), eb('comments.id', '<', after.id)]),
      ]),
    );
  }
  query = query.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(options.limit);
  if (options.offset) query = query.offset(options.offset);
  return query.execute();
}

/** An avatar's media row goes with it (its files are removed by the caller, after the commit). */
export async function deleteAvatarMedia(db: Db, mediaId: string): Promise<void> {
  await db.deleteFrom('media').where('id', '=', mediaId).execute();
}
