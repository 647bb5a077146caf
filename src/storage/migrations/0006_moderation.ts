// Moderation: why each comment is where it is (the pipeline's steps, stored with it), readers'
// reports, sanctions (bans and shadow bans), the audit log of every moderator action, and the
// learned spam model's token counts.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';
  const real = engine === 'postgres' ? 'double precision' : 'real';

  // JSON array of { step, verdict: publish|hold|spam, reason, score? }: what fired, in plain words.
  await db.schema
    .alterTable('comments')
    .addColumn('moderation', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('comments').addColumn('spam_score', real).execute();
  // HMAC of the poster's IP with the site secret: enough for velocity and per-address limits
  // without keeping the address itself.
  await db.schema.alterTable('comments').addColumn('ip_hash', 'text').execute();
  await db.schema
    .alterTable('comments')
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('comments').addColumn('featured_at', timestamp).execute();
  await db.schema.alterTable('comments').addColumn('pinned_at', timestamp).execute();
  await db.schema.alterTable('comments').addColumn('reviewed_at', timestamp).execute();
  await db.schema.alterTable('comments').addColumn('reviewed_by', 'text').execute();
  // Shown to the author when a moderator rejects their comment.
  await db.schema.alterTable('comments').addColumn('rejection_reason', 'text').execute();
  // spam | ham once the learned filter was trained on this comment (spam-model.ts), so a
  // relabelled comment moves its counts instead of counting twice.
  await db.schema.alterTable('comments').addColumn('trained_as', 'text').execute();
  // SHA-256 of the text as compared for repeats (letters and digits), so finding the same words
  // posted again is one indexed lookup; null for text too short to mean anything when repeated.
  await db.schema.alterTable('comments').addColumn('text_hash', 'text').execute();
  await db.schema.createIndex('comments_by_status').on('comments').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_by_ip').on('comments').columns(['ip_hash', 'created_at']).execute();
  // Pinned and featured comments lead a thread's first page: found without walking the thread.
  await db.schema.createIndex('comments_pinned').on('comments').columns(['thread_id', 'pinned_at']).execute();
  await db.schema.createIndex('comments_featured').on('comments').columns(['thread_id', 'featured_at']).execute();
  // The pipeline's look at a guest's recent comments (repeated text, velocity, slow mode).
  await db.schema.createIndex('comments_by_guest_email').on('comments').columns(['guest_email', 'created_at']).execute();
  await db.schema.createIndex('comments_by_guest_key').on('comments').columns(['guest_key_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_by_text_hash').on('comments').columns(['text_hash', 'created_at']).execute();

  // null: the site's default policy; otherwise open | first-comment | all | closed for this thread.
  await db.schema.alterTable('threads').addColumn('policy', 'text').execute();

  await db.schema
    .createTable('comment_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    // user:ID or guest:HASH, like votes: one report per person per comment; never shown to the author.
    .addColumn('reporter', 'text', (c) => c.notNull())
    // spam | harassment | off-topic | other
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('resolved_at', timestamp)
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter'])
    .execute();

  await db.schema
    .createTable('user_sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // user:ID for accounts, email:ADDRESS for guests
    .addColumn('subject', 'text', (c) => c.notNull())
    // ban | shadow
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    // null: permanent
    .addColumn('expires_at', timestamp)
    .addColumn('lifted_at', timestamp)
    .addColumn('lifted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('user_sanctions_by_subject').on('user_sanctions').columns(['subject', 'kind']).execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // approve | reject | spam | not-spam | ban | unban | shadow-ban | feature | unfeature | pin | unpin | close-thread | open-thread | settings …
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('thread_id', 'text', (c) => c.references('threads.id').onDelete('set null'))
    // the person acted upon: user:ID or email:ADDRESS
    .addColumn('subject', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: anything else worth keeping (previous status, ban length …)
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_recent').on('moderation_log').columns(['created_at', 'id']).execute();

  // The learned spam filter: how often each feature token appeared in spam and in ham. The row
  // with token '' holds the document totals.
  await db.schema
    .createTable('spam_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('spam_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
