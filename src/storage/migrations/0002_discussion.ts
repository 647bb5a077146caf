// Threads, comments and votes. A thread belongs to a post or, for the embed, to an external
// page (site + URL). Counters and the Wilson score are kept on the rows so that listing a big
// thread is an index walk, never an aggregate over votes.
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';
  const real = engine === 'postgres' ? 'double precision' : 'real';

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.unique().references('posts.id').onDelete('cascade'))
    .addColumn('site', 'text')
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('threads_site_url', ['site', 'url'])
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('comments.id'))
    // The top-level ancestor: a page of the thread is its top-level comments plus every
    // comment whose root is among them, fetched with one indexed query.
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_name', 'text')
    .addColumn('guest_email', 'text')
    // SHA-256 of the guest's browser key: lets the same browser edit or delete its comment.
    .addColumn('guest_key_hash', 'text')
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wilson', real, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('edited_at', timestamp)
    .addColumn('deleted_at', timestamp)
    .execute();
  // Top-level pages per sort order, and the replies of a page's roots.
  await db.schema.createIndex('comments_top_best').on('comments').columns(['thread_id', 'depth', 'wilson', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_top_time').on('comments').columns(['thread_id', 'depth', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_root').on('comments').columns(['root_id', 'created_at']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();

  await db.schema
    .createTable('comment_votes')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    // "user:ID" or "guest:HASH": one vote per account, or per browser for guests.
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_votes_pk', ['comment_id', 'voter'])
    .execute();

  // Every existing post gets its thread now; new posts get one when they are created.
  await sql`INSERT INTO threads (id, post_id, title, comment_count, created_at)
    SELECT 'th' || id, id, title, 0, created_at FROM posts`.execute(db);
}
