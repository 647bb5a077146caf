// Generic, table-driven SQL for backup and restore: the shape of a table as the live schema
// describes it, its rows in primary-key order one batch at a time, and batched inserts.
// Values leave here in one engine-neutral form, so a backup made on SQLite and one made on
// PostgreSQL from the same data are byte-for-byte the same.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOf, type Db } from '../db.ts';

export type Row = Record<string, unknown>;

export interface ColumnShape {
  name: string;
  /** Lower-cased: SQLite's declared type, PostgreSQL's udt_name (text, int4, timestamptz, bool, jsonb …). */
  type: string;
}

export interface TableShape {
  name: string;
  /** Every stored column in declaration order; generated columns are left out (the database makes them). */
  columns: ColumnShape[];
  primaryKey: string[];
}

// Table names come from the schema, so queries about them need a handle not tied to Database.
type AnyDb = Kysely<Record<string, Row>>;
const loose = (db: Db) => db as unknown as AnyDb;

export async function describeTable(db: Db, table: string): Promise<TableShape | undefined> {
  if (engineOf(db) === 'postgres') {
    const columns = await sql<{ name: string; type: string; generated: string }>`
      select column_name as name, udt_name as type, is_generated as generated
      from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}
      order by ordinal_position`.execute(db);
    if (columns.rows.length === 0) return undefined;
    const keys = await sql<{ name: string }>`
      select a.attname as name
      from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = to_regclass(quote_ident(${table})) and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    return {
      name: table,
      columns: columns.rows.filter((c) => c.generated !== 'ALWAYS').map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      primaryKey: keys.rows.map((k) => k.name),
    };
  }
  // hidden: 0 = ordinary column, 1 = virtual-table column, 2/3 = generated.
  const columns = await sql<{ name: string; type: string; pk: number; hidden: number }>`
    select name, type, pk, hidden from pragma_table_xinfo(${table}) order by cid`.execute(db);
  if (columns.rows.length === 0) return undefined;
  const stored = columns.rows.filter((c) => c.hidden === 0);
  return {
    name: table,
    columns: stored.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
    primaryKey: stored
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name),
  };
}

const isText = (column: ColumnShape) => /char|text|clob|^$/.test(column.type);

/** Text keys compare byte-wise on both engines (SQLite's BINARY collation, PostgreSQL's "C"). */
function keyRef(db: Db, column: ColumnShape): RawBuilder<unknown> {
  return engineOf(db) === 'postgres' && isText(column) ? sql`${sql.ref(column.name)} collate "C"` : sql`${sql.ref(column.name)}`;
}

/**
 * The next `limit` rows after the key `after` (null: from the start), in primary-key order.
 * Keyset paging keeps every batch as cheap as the first however big the table is.
 */
export async function readRowsAfter(db: Db, shape: TableShape, after: unknown[] | null, limit: number): Promise<Row[]> {
  const keyColumns = shape.primaryKey.map((name) => shape.columns.find((c) => c.name === name) ?? { name, type: 'text' });
  const keys = keyColumns.map((c) => keyRef(db, c));
  let where: RawBuilder<unknown> = sql`1 = 1`;
  if (after) {
    // (k1, k2, …) > (v1, v2, …) spelled out, so each text key keeps its byte-wise collation.
    const alternatives = keys.map((key, i) => {
      const equal = keys.slice(0, i).map((earlier, j) => sql`${earlier} = ${after[j]}`);
      return sql`(${sql.join([...equal, sql`${key} > ${after[i]}`], sql` and `)})`;
    });
    where = sql.join(alternatives, sql` or `);
  }
  const result = await sql<Row>`
    select ${sql.join(shape.columns.map((c) => sql.ref(c.name)))}
    from ${sql.table(shape.name)}
    where ${where}
    order by ${sql.join(keys)}
    limit ${limit}`.execute(db);
  const sqlite = engineOf(db) === 'sqlite';
  return result.rows.map((row) => normaliseRow(row, shape.columns, sqlite));
}

function normaliseRow(row: Row, columns: ColumnShape[], sqlite: boolean): Row {
  const out: Row = {};
  for (const column of columns) out[column.name] = normaliseValue(row[column.name], column, sqlite);
  return out;
}

function normaliseValue(value: unknown, column: ColumnShape, sqlite: boolean): unknown {
  if (value === null || value === undefined) return null;
  const type = column.type;
  if (type.includes('bool')) return value === true || value === 1 || value === '1' || value === 't';
  if (type === 'json' || type === 'jsonb') return typeof value === 'string' ? value : JSON.stringify(value);
  if (/int|numeric|decimal|real|double|float/.test(type) && typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  if (typeof value === 'bigint') return Number(value);
  // SQLite keeps timestamps as text (columns named *_at by convention, checked by a test);
  // written the way PostgreSQL reads timestamptz back, as a full ISO string in UTC.
  const timestamp = type.startsWith('timestamp') || (sqlite && column.name.endsWith('_at'));
  if (timestamp && typeof value === 'string') {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Inserts rows of one table in one statement; the caller keeps batches under the engines' parameter limits. */
export async function insertRows(db: Db, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = engineOf(db) === 'sqlite';
  // better-sqlite3 binds numbers, strings, buffers and null; booleans go in as 1/0.
  const values = sqlite
    ? rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v])))
    : rows;
  await loose(db).insertInto(table).values(values).execute();
}

export async function setColumn(
  db: Db,
  table: string,
  key: { column: string; value: unknown },
  column: string,
  value: unknown,
): Promise<void> {
  await loose(db)
    .updateTable(table)
    .set({ [column]: value })
    .where(key.column, '=', key.value)
    .execute();
}

export interface RowFilter {
  column: string;
  values: string[];
}

/** Rows of a table, leaving out those whose `column` is one of `values` when `except` is given. */
export async function countRows(db: Db, table: string, except?: RowFilter): Promise<number> {
  const where = except?.values.length ? sql`where ${sql.ref(except.column)} not in (${sql.join(except.values)})` : sql``;
  const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} ${where}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function deleteRows(db: Db, table: string, which: RowFilter): Promise<void> {
  if (which.values.length === 0) return;
  await loose(db).deleteFrom(table).where(which.column, 'in', which.values).execute();
}

/** Name of the last migration applied to this database: the schema level a backup was made at. */
export async function latestMigration(db: Db): Promise<string | null> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return result.rows[0]?.name ?? null;
}

/**
 * Runs fn in a read transaction that sees one consistent state of the database, whatever is
 * written meanwhile (PostgreSQL: repeatable read; SQLite: a WAL read transaction).
 */
export function inSnapshot<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  const builder = db.transaction();
  return (engineOf(db) === 'postgres' ? builder.setIsolationLevel('repeatable read').setAccessMode('read only') : builder).execute(fn);
}

export interface DisqusThreadRow {
  id: string;
  title: string;
  url: string | null;
  closed_at: string | null;
  created_at: string;
  post_slug: string | null;
  post_type: string | null;
  post_title: string | null;
}

/** Threads that hold at least one comment, by id, one batch after `afterId`. */
export function threadsWithCommentsAfter(db: Db, afterId: string | null, limit: number): Promise<DisqusThreadRow[]> {
  let query = db
    .selectFrom('threads')
    .leftJoin('posts', 'posts.id', 'threads.post_id')
    .select([
      'threads.id',
      'threads.title',
      'threads.url',
      'threads.closed_at',
      'threads.created_at',
      'posts.slug as post_slug',
      'posts.type as post_type',
      'posts.title as post_title',
    ])
    .where((eb) => eb.exists(eb.selectFrom('comments').select('comments.id').whereRef('comments.thread_id', '=', 'threads.id')))
    .orderBy('threads.id')
    .limit(limit);
  if (afterId !== null) query = query.where('threads.id', '>', afterId);
  return query.execute();
}

export interface DisqusCommentRow {
  id: string;
  parent_id: string | null;
  depth: number;
  body_html: string;
  status: string;
  created_at: string;
  deleted_at: string | null;
  guest_name: string | null;
  guest_email: string | null;
  author_name: string | null;
  author_email: string | null;
  author_slug: string | null;
}

export interface ThreadCommentKey {
  depth: number;
  created_at: string;
  id: string;
}

/**
 * A thread's comments, shallowest first and then by time, one batch after `after`: every
 * parent comes before its replies, as importers expect.
 */
export function threadCommentsAfter(db: Db, threadId: string, after: ThreadCommentKey | null, limit: number): Promise<DisqusCommentRow[]> {
  let query = db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.depth',
      'comments.body_html',
      'comments.status',
      'comments.created_at',
      'comments.deleted_at',
      'comments.guest_name',
      'comments.guest_email',
      'users.display_name as author_name',
      'users.email as author_email',
      'users.slug as author_slug',
    ])
    .where('comments.thread_id', '=', threadId)
    .orderBy('comments.depth')
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(limit);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('comments.depth', '>', after.depth),
        eb.and([eb('comments.depth', '=', after.depth), eb('comments.created_at', '>', after.created_at)]),
        eb.and([
          eb('comments.depth', '=', after.depth),
          eb('comments.created_at', '=', after.created_at),
          eb('comments.id', '>', after.id),
        ]),
      ]),
    );
  }
  return query.execute();
}

/** The tables a table's foreign keys point at (itself included, for self-references). */
export async function foreignKeyTargets(db: Db, table: string): Promise<string[]> {
  if (engineOf(db) === 'postgres') {
    const result = await sql<{ target: string }>`
      select distinct confrelid::regclass::text as target from pg_constraint
      where contype = 'f' and conrelid = to_regclass(quote_ident(${table}))`.execute(db);
    return result.rows.map((r) => r.target.replace(/^"|"$/g, ''));
  }
  const result = await sql<{ target: string }>`select distinct "table" as target from pragma_foreign_key_list(${table})`.execute(db);
  return result.rows.map((r) => r.target);
}
