// The desk's reads: posts and pages in every state, with the columns the posts list shows.
// Kept apart from posts.ts (the readers' queries) so both stay small.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { PostStatus, PostType, User } from '../schema.ts';

/** 'scheduled' and 'published' are what readers see at `now`: a scheduled post whose time has come is published. */
export interface DeskListQuery {
  now: string;
  type?: PostType;
  status?: PostStatus;
  authorId?: string;
  categoryId?: string;
  /** Words of the title, matched case-insensitively as one substring. */
  search?: string;
  limit: number;
  offset: number;
}

export interface DeskPostRow {
  id: string;
  type: PostType;
  title: string;
  slug: string;
  status: PostStatus;
  published_at: string | null;
  updated_at: string;
  author_name: string;
  author_slug: string;
  category_name: string | null;
  comment_count: number;
}

function filtered(db: Db, q: DeskListQuery) {
  let query = db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('categories', 'categories.id', 'posts.category_id')
    .leftJoin('threads', 'threads.post_id', 'posts.id');
  if (q.type) query = query.where('posts.type', '=', q.type);
  if (q.authorId) query = query.where('posts.author_id', '=', q.authorId);
  if (q.categoryId) query = query.where('posts.category_id', '=', q.categoryId);
  if (q.status === 'published') {
    query = query.where((eb) =>
      eb.or([eb('posts.status', '=', 'published'), eb.and([eb('posts.status', '=', 'scheduled'), eb('posts.published_at', '<=', q.now)])]),
    );
  } else if (q.status === 'scheduled') {
    query = query.where('posts.status', '=', 'scheduled').where('posts.published_at', '>', q.now);
  } else if (q.status) {
    query = query.where('posts.status', '=', q.status);
  }
  if (q.search) {
    // LIKE is case-sensitive on PostgreSQL: compare lower-cased on both engines; the writer's
    // % and _ are literal characters, not wildcards.
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(posts.title) like ${pattern} escape '\\'`);
  }
  return query;
}

export async function listDeskPosts(db: Db, q: DeskListQuery): Promise<{ rows: DeskPostRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, q)
      .select([
        'posts.id',
        'posts.type',
        'posts.title',
        'posts.slug',
        'posts.status',
        'posts.published_at',
        'posts.updated_at',
        'users.display_name as author_name',
        'users.slug as author_slug',
        'categories.name as category_name',
      ])
      .select((eb) => eb.fn.coalesce('threads.comment_count', eb.lit(0)).as('comment_count'))
      .orderBy('posts.updated_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    filtered(db, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, comment_count: Number(r.comment_count) })) as DeskPostRow[], total: Number(count.n) };
}

/** Everyone who may write: the author filter and the editor's author choice. */
export function listWriters(db: Db): Promise<Pick<User, 'id' | 'slug' | 'display_name' | 'role'>[]> {
  return db
    .selectFrom('users')
    .select(['id', 'slug', 'display_name', 'role'])
    .where('role', 'in', ['author', 'editor', 'admin'])
    .where('deleted_at', 'is', null)
    .orderBy('display_name')
    .execute();
}
