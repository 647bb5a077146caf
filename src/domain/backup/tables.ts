// Which tables a backup carries, in the order they are restored (a table comes after every
// table its foreign keys point at), and which tables it leaves out on purpose, with why.
// test/backup/tables.test.ts compares both lists with the live schema of each engine, so a
// table added by a later migration fails the tests until it is placed in one of them.

export interface BackupTable {
  name: string;
  /**
   * A column pointing at another row of the same table (a reply's parent). A row whose
   * target sorts after it in the backup is inserted with the column empty and patched once
   * the whole table is in, so rows can be restored in primary-key order.
   */
  selfReference?: string;
}

export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'settings' },
  { name: 'users' },
  { name: 'api_tokens' },
  { name: 'oidc_identities' },
  { name: 'media' },
  { name: 'categories', selfReference: 'parent_id' },
  { name: 'tags' },
  { name: 'posts' },
  { name: 'post_tags' },
  // Every kept version of a post's text, and the old slugs that still redirect to it.
  { name: 'post_revisions' },
  { name: 'post_slug_history' },
  // Sites that embed the discussion (with their SSO secrets, as settings carries the site's own).
  { name: 'sites' },
  { name: 'threads' },
  { name: 'comments', selfReference: 'parent_id' },
  { name: 'comment_votes' },
  { name: 'notifications' },
  // Moderation history: reports, sanctions, the audit log and what the spam filter has learned.
  { name: 'comment_reports' },
  { name: 'user_sanctions' },
  { name: 'moderation_log' },
  { name: 'spam_tokens' },
  // Which Disqus/WordPress records were imported: kept, so importing the same file after a
  // restore still changes nothing.
  { name: 'import_sources' },
  // The desk's choices for the home page, corrections on articles and readers' error reports.
  { name: 'home_features' },
  { name: 'post_corrections' },
  { name: 'article_error_reports' },
];

/** Tables a backup leaves out, each with the reason. */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  sessions: 'short-lived login credentials; people sign in again after a restore',
  email_tokens: 'short-lived single-use email links; they expire within hours',
  sso_token_uses: 'used single sign-on tokens, remembered only until they expire (minutes)',
  embed_handoffs: "the embed's single-use sign-in codes; they expire within 60 seconds",
  outbox: 'transient mail delivery queue; restoring it would send old mail again',
  rate_limits: 'rate-limit counters for windows of minutes to an hour; a restore starts them afresh',
  thread_count_changes:
    "PostgreSQL's comment-count changes waiting to be folded into their threads, which happens within milliseconds of each commit",
  kysely_migration: 'migration bookkeeping; the target database runs its own migrations',
  kysely_migration_lock: 'migration bookkeeping; the target database runs its own migrations',
  posts_fts: 'SQLite full-text index over posts, rebuilt by triggers as posts are inserted',
  posts_fts_data: 'SQLite full-text index storage (FTS5 shadow table)',
  posts_fts_idx: 'SQLite full-text index storage (FTS5 shadow table)',
  posts_fts_docsize: 'SQLite full-text index storage (FTS5 shadow table)',
  posts_fts_config: 'SQLite full-text index storage (FTS5 shadow table)',
  comments_fts: 'SQLite full-text index over comments, rebuilt by triggers as comments are inserted',
  comments_fts_data: 'SQLite full-text index storage (FTS5 shadow table)',
  comments_fts_idx: 'SQLite full-text index storage (FTS5 shadow table)',
  comments_fts_docsize: 'SQLite full-text index storage (FTS5 shadow table)',
  comments_fts_config: 'SQLite full-text index storage (FTS5 shadow table)',
};

/**
 * Rows a database writes for itself when Gazette first opens it (the generated signing
 * secret in settings): they do not make a database non-empty, and a restore replaces them
 * with the backup's, so links signed before the move keep working.
 */
export const SELF_MADE_ROWS: Readonly<Record<string, { column: string; values: string[] }>> = {
  settings: { column: 'key', values: ['site_secret'] },
};

export const BACKUP_FORMAT = 'gazette-backup';
export const BACKUP_VERSION = 1;
