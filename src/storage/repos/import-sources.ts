// Import bookkeeping and the bulk writes an import needs. Lookups and inserts go in slices so
// that no statement exceeds either engine's limit on bound parameters (SQLite 32,766).
import type { Db } from '../db.ts';
import type { Comment, Thread } from '../schema.ts';

const LOOKUP_SLICE = 500;
// Comments have 18 columns: 200 rows stay well under both engines' parameter limits.
const INSERT_SLICE = 200;

export interface ImportSourceKey {
  system: string;
  kind: string;
}

export interface ImportedRecord {
  sourceId: string;
  localId: string | null;
  data?: string | null;
}

function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The local ids of the given source records that an earlier import brought in. */
export async function findImported(db: Db, key: ImportSourceKey, sourceIds: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (const slice of slices([...new Set(sourceIds)], LOOKUP_SLICE)) {
    const rows = await db
      .selectFrom('import_sources')
      .select(['source_id', 'local_id'])
      .where('source_system', '=', key.system)
      .where('kind', '=', key.kind)
      .where('source_id', 'in', slice)
      .execute();
    for (const row of rows) found.set(row.source_id, row.local_id);
  }
  return found;
}

export async function recordImported(db: Db, key: ImportSourceKey, records: ImportedRecord[], now: string): Promise<void> {
  for (const slice of slices(records, INSERT_SLICE)) {
    await db
      .insertInto('import_sources')
      .values(
        slice.map((r) => ({
          source_system: key.system,
          kind: key.kind,
          source_id: r.sourceId,
          local_id: r.localId,
          data: r.data ?? null,
          imported_at: now,
        })),
      )
      .execute();
  }
}

export async function insertComments(db: Db, comments: Comment[]): Promise<void> {
  for (const slice of slices(comments, INSERT_SLICE)) await db.insertInto('comments').values(slice).execute();
}

/** Where existing comments sit in their thread, so that imported replies can hang below them. */
export async function commentPlacements(db: Db, ids: string[]): Promise<Pick<Comment, 'id' | 'thread_id' | 'root_id' | 'depth'>[]> {
  const out: Pick<Comment, 'id' | 'thread_id' | 'root_id' | 'depth'>[] = [];
  for (const slice of slices([...new Set(ids)], LOOKUP_SLICE)) {
    out.push(...(await db.selectFrom('comments').select(['id', 'thread_id', 'root_id', 'depth']).where('id', 'in', slice).execute()));
  }
  return out;
}

/** The thread of an external page (the embed's threads), by site and URL. */
export function findPageThread(db: Db, site: string | null, url: string): Promise<Thread | undefined> {
  let query = db.selectFrom('threads').selectAll().where('url', '=', url);
  query = site === null ? query.where('site', 'is', null) : query.where('site', '=', site);
  return query.executeTakeFirst();
}

export async function closeThread(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('threads').set({ closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).execute();
}
