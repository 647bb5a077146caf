// What the query planner believes about a table's size, for the tests that check bulk loads
// leave it informed (src/storage/repos/planner-statistics.ts).
import { sql } from 'kysely';
import { engineOf, type Db } from '../../src/storage/db.ts';

/**
 * PostgreSQL: the row count its planner works from (pg_class.reltuples), or null when the table
 * has never been analysed. SQLite: the count in sqlite_stat1, or null when there is none, as
 * Gazette never keeps SQLite statistics.
 */
export async function plannerRowEstimate(db: Db, table: string): Promise<number | null> {
  if (engineOf(db) === 'postgres') {
    const { rows } = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE oid = ${table}::regclass`.execute(db);
    const estimate = Number(rows[0]?.reltuples ?? -1);
    return estimate < 0 ? null : estimate;
  }
  const { rows: tables } = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'`.execute(db);
  if (Number(tables[0]?.n) === 0) return null;
  const { rows } = await sql<{ stat: string }>`SELECT stat FROM sqlite_stat1 WHERE tbl = ${table} AND idx IS NULL`.execute(db);
  return rows[0] ? Number(rows[0].stat.split(' ')[0]) : null;
}
