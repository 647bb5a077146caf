// The migrations are listed here explicitly, in order; the same list serves both engines.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Storage } from './db.ts';
import * as publishing from './migrations/0001_publishing.ts';
import * as discussion from './migrations/0002_discussion.ts';
import * as accounts from './migrations/0003_accounts.ts';
import * as portability from './migrations/0004_portability.ts';
import * as profiles from './migrations/0005_profiles.ts';
import * as moderation from './migrations/0006_moderation.ts';

const MIGRATIONS = {
  '0001_publishing': publishing,
  '0002_discussion': discussion,
  '0003_accounts': accounts,
  '0004_portability': portability,
  '0005_profiles': profiles,
  '0006_moderation': moderation,
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

export async function migrateToLatest(storage: Storage): Promise<MigrationReport> {
  const migrator = new Migrator({ db: storage.db, provider: providerFor(storage) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
