// Sites that embed the discussion, and the threads of their pages (issue 15).
import type { Updateable } from 'kysely';
import type { Db } from '../db.ts';
import type { SiteRow, SitesTable, Thread } from '../schema.ts';

/** Inserts the site; false when the name is already taken (nothing changed). */
export async function insertSite(db: Db, row: SiteRow): Promise<boolean> {
  const inserted = await db
    .insertInto('sites')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findSiteRow(db: Db, name: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listSiteRows(db: Db): Promise<SiteRow[]> {
  return db.selectFrom('sites').selectAll().orderBy('name').execute();
}

export async function updateSiteRow(db: Db, name: string, patch: Updateable<SitesTable>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('sites').set(patch).where('name', '=', name).execute();
}

export async function deleteSiteRow(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('sites').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The thread of a site's page, by the page id the site gives. */
export function findThreadByPage(db: Db, site: string, pageId: string): Promise<Thread | undefined> {
  return db.selectFrom('threads').selectAll().where('site', '=', site).where('page_id', '=', pageId).executeTakeFirst();
}

/** The thread of a site's page, by its URL as stored (canonical for the site's own threads). */
export function findThreadBySiteUrl(db: Db, site: string, url: string): Promise<Thread | undefined> {
  return db.selectFrom('threads').selectAll().where('site', '=', site).where('url', '=', url).executeTakeFirst();
}

/** A thread an import left under a page's origin (threads.site = "https://host") with one of these URLs. */
export function findOriginThread(db: Db, origins: string[], urls: string[]): Promise<Thread | undefined> {
  if (origins.length === 0 || urls.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('threads')
    .selectAll()
    .where('site', 'in', origins)
    .where('url', 'in', urls)
    .where('post_id', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
}

/** Threads still filed under one of these origins (imported before their site was registered). */
export function listOriginThreads(db: Db, origins: string[]): Promise<Pick<Thread, 'id' | 'url' | 'site'>[]> {
  if (origins.length === 0) return Promise.resolve([]);
  return db.selectFrom('threads').select(['id', 'url', 'site']).where('site', 'in', origins).where('post_id', 'is', null).execute();
}

/** Inserts an embedded page's thread; false when (site, page id) or (site, url) is already taken. */
export async function insertThreadIfAbsent(db: Db, thread: Thread): Promise<boolean> {
  const inserted = await db
    .insertInto('threads')
    .values(thread)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Files a thread under a site (and a page id and URL, when given). */
export async function fileThreadUnderSite(
  db: Db,
  id: string,
  place: { site: string; pageId?: string | null; url?: string | null },
): Promise<void> {
  const patch: Updateable<Thread> = { site: place.site };
  if (place.pageId !== undefined) patch.page_id = place.pageId;
  if (place.url !== undefined) patch.url = place.url;
  await db.updateTable('threads').set(patch).where('id', '=', id).execute();
}
