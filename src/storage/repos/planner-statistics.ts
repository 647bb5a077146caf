// After a bulk load PostgreSQL's planner still holds the statistics of the tables as they were:
// for tables that were empty, next to none. Autovacuum refreshes them within a minute or so, but
// a statement prepared meanwhile keeps the plan it was given (a sequential scan of "a table of a
// few rows" that now holds a hundred thousand). In the posting benchmark, a database filled and
// posted to before its first analysis spent 2.3 ms of PostgreSQL CPU per comment against 1.7 ms
// once analysed. SQLite has no statistics to refresh: Gazette never runs its ANALYZE, and its
// planner's fixed estimates do not change as tables grow.
import { sql } from 'kysely';
import { engineOf, type Db } from '../db.ts';
import type { Database } from '../schema.ts';

/**
 * Has PostgreSQL sample the given tables again, or every table of the database (a bounded
 * sample per table, so a large table costs about what a small one does); nothing on SQLite.
 */
export async function refreshPlannerStatistics(db: Db, tables: readonly (keyof Database)[] = []): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  const named = tables.length > 0 ? sql` ${sql.join(tables.map((table) => sql.table(table)))}` : sql``;
  await sql`ANALYZE${named}`.execute(db);
}
