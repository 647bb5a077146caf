// The migrations are listed here explicitly, in order; the same list serves both engines.
import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Storage } from './db.ts';
import * as publishing from './migrations/0001_publishing.ts';
import * as discussion from './migrations/0002_discussion.ts';
import * as accounts from './migrations/0003_accounts.ts';
import * as portability from './migrations/0004_portability.ts';
import * as profiles from './migrations/0005_profiles.ts';
import * as moderation from './migrations/0006_moderation.ts';
import * as votesAndReports from './migrations/0007_votes_and_reports.ts';
import * as revisions from './migrations/0008_revisions.ts';
import * as homeAndCorrections from './migrations/0009_home_and_corrections.ts';
import * as leadFocus from './migrations/0010_lead_focus.ts';
import * as searchSocialPreview from './migrations/0011_search_social_preview.ts';
import * as commentRankAndSearch from './migrations/0012_comment_rank_and_search.ts';
import * as nearDuplicates from './migrations/0013_near_duplicates.ts';
import * as sites from './migrations/0014_sites.ts';
import * as embedIdentity from './migrations/0015_embed_identity.ts';
import * as rateLimits from './migrations/0017_rate_limits.ts';
import * as partialCommentIndexes from './migrations/0018_partial_comment_indexes.ts';
import * as threadCountChanges from './migrations/0019_thread_count_changes.ts';
import * as unlinkedCountChanges from './migrations/0020_unlinked_count_changes.ts';

const MIGRATIONS = {
  '0001_publishing': publishing,
  '0002_discussion': discussion,
  '0003_accounts': accounts,
  '0004_portability': portability,
  '0005_profiles': profiles,
  '0006_moderation': moderation,
  '0007_votes_and_reports': votesAndReports,
  '0008_revisions': revisions,
  '0009_home_and_corrections': homeAndCorrections,
  '0010_lead_focus': leadFocus,
  '0011_search_social_preview': searchSocialPreview,
  '0012_comment_rank_and_search': commentRankAndSearch,
  '0013_near_duplicates': nearDuplicates,
  '0014_sites': sites,
  '0015_embed_identity': embedIdentity,
  '0017_rate_limits': rateLimits,
  '0018_partial_comment_indexes': partialCommentIndexes,
  '0019_thread_count_changes': threadCountChanges,
  '0020_unlinked_count_changes': unlinkedCountChanges,
} as const;

function providerFor(storage: Storage): MigrationProvider {
  return {
    async getMigrations() {
      const result: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        result[name] = { up: (db) => migration.up(db, storage.engine) };
      }
      return result;
    },
  };
}

export interface MigrationReport {
  applied: string[];
}

/** True when every migration is already recorded: a plain read, so processes starting side by side never queue for a write lock. */
async function upToDate(storage: Storage): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(storage.db);
    const applied = new Set(rows.rows.map((r) => r.name));
    return Object.keys(MIGRATIONS).every((name) => applied.has(name));
  } catch {
    return false;
  }
}

export async function migrateToLatest(storage: Storage): Promise<MigrationReport> {
  if (await upToDate(storage)) return { applied: [] };
  const migrator = new Migrator({ db: storage.db, provider: providerFor(storage) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
