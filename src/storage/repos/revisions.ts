// Post versions, revisions and old slugs (migration 0008). The version check lives in the UPDATE
// itself, so two saves from the same version cannot both land, whichever engine runs them.
import type { Db } from '../db.ts';
import type { Post, PostRevision, PostUpdate, RevisionKind } from '../schema.ts';

/** Applies the changes and moves the version on, only if the post is still at `baseVersion`. */
export async function updatePostAtVersion(db: Db, id: string, baseVersion: number, changes: PostUpdate): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ ...changes, version: baseVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertRevision(db: Db, revision: PostRevision): Promise<void> {
  await db.insertInto('post_revisions').values(revision).execute();
}

export async function replaceRevision(
  db: Db,
  id: string,
  changes: Pick<PostRevision, 'version' | 'title' | 'excerpt' | 'body_markdown' | 'live' | 'created_at'>,
): Promise<void> {
  await db.updateTable('post_revisions').set(changes).where('id', '=', id).execute();
}

/** The newest revision of a post: highest version, then an autosave beside it, then latest written. */
export function latestRevision(db: Db, postId: string): Promise<PostRevision | undefined> {
  return (
    db
      .selectFrom('post_revisions')
      .selectAll()
      .where('post_id', '=', postId)
      .orderBy('version', 'desc')
      // An autosave kept beside a version (live 0) was written after the save that made it.
      .orderBy('live', 'asc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  );
}

/** The live text at `version`: the newest live revision at or before it, else the oldest one. */
export async function liveRevisionAt(db: Db, postId: string, version: number): Promise<PostRevision | undefined> {
  const atOrBefore = await db
    .selectFrom('post_revisions')
    .selectAll()
    .where('post_id', '=', postId)
    .where('live', '=', 1)
    .where('version', '<=', version)
    .orderBy('version', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (atOrBefore) return atOrBefore;
  return db
    .selectFrom('post_revisions')
    .selectAll()
    .where('post_id', '=', postId)
    .where('live', '=', 1)
    .orderBy('version')
    .limit(1)
    .executeTakeFirst();
}

export function hasRevisions(db: Db, postId: string): Promise<boolean> {
  return db
    .selectFrom('post_revisions')
    .select('id')
    .where('post_id', '=', postId)
    .limit(1)
    .executeTakeFirst()
    .then((row) => row !== undefined);
}

export interface RevisionListRow {
  id: string;
  version: number;
  kind: RevisionKind;
  live: number;
  title: string;
  created_at: string;
  author_id: string | null;
  author_name: string | null;
}

export function listRevisions(db: Db, postId: string, options: { limit: number; offset: number }): Promise<RevisionListRow[]> {
  return db
    .selectFrom('post_revisions')
    .leftJoin('users', 'users.id', 'post_revisions.author_id')
    .select([
      'post_revisions.id',
      'post_revisions.version',
      'post_revisions.kind',
      'post_revisions.live',
      'post_revisions.title',
      'post_revisions.created_at',
      'post_revisions.author_id',
      'users.display_name as author_name',
    ])
    .where('post_revisions.post_id', '=', postId)
    .orderBy('post_revisions.version', 'desc')
    .orderBy('post_revisions.live', 'asc')
    .orderBy('post_revisions.created_at', 'desc')
    .orderBy('post_revisions.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export function findRevision(db: Db, postId: string, id: string): Promise<PostRevision | undefined> {
  return db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).where('id', '=', id).executeTakeFirst();
}

/** Records that `oldSlug` now means this post; the slug it takes stops redirecting anywhere. */
export async function recordOldSlug(db: Db, entry: { oldSlug: string; newSlug: string; postId: string; at: string }): Promise<void> {
  await db.deleteFrom('post_slug_history').where('old_slug', '=', entry.newSlug).execute();
  await db
    .insertInto('post_slug_history')
    .values({ old_slug: entry.oldSlug, post_id: entry.postId, created_at: entry.at })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ post_id: entry.postId, created_at: entry.at }))
    .execute();
}

/** The post an old slug belongs to, if that post is one readers may see now. */
export function findVisibleByOldSlug(db: Db, oldSlug: string, now: string): Promise<Pick<Post, 'id' | 'slug'> | undefined> {
  return db
    .selectFrom('post_slug_history')
    .innerJoin('posts', 'posts.id', 'post_slug_history.post_id')
    .select(['posts.id', 'posts.slug'])
    .where('post_slug_history.old_slug', '=', oldSlug)
    .where('posts.type', '=', 'post')
    .where('posts.status', 'in', ['published', 'scheduled'])
    .where('posts.published_at', '<=', now)
    .executeTakeFirst();
}
