// Which thread an embedded page shows. A page is known by the id its site gives it, else by its
// canonical URL; a Disqus import may have left its thread under the page's origin, and that
// thread is adopted. A thread is created only for a request from one of the site's origins about
// a page on one of them, so a stranger's page cannot fill the database with threads.
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  fileThreadUnderSite,
  findOriginThread,
  findThreadByPage,
  findThreadBySiteUrl,
  insertThreadIfAbsent,
} from '../../storage/repos/sites.ts';
import { findThreadById } from '../../storage/repos/threads.ts';
import type { Thread } from '../../storage/schema.ts';
import { codePointName, findControlChar } from '../control-chars.ts';
import type { DomainContext } from '../context.ts';
import { canonicalPageUrl } from './canonical-url.ts';
import { isAllowedOrigin } from './origins.ts';
import { requireSite } from './sites.ts';
import type { Site } from './types.ts';

export const MAX_PAGE_ID = 200;
export const MAX_PAGE_URL = 2000;
export const MAX_PAGE_TITLE = 300;

export interface EmbedPage {
  pageId: string | null;
  url: string | null;
  title: string | null;
}

export interface EmbedThread {
  threadId: string;
  title: string;
  created: boolean;
}

function checkedText(raw: string | null, field: string, max: number, what: string): string | null {
  if (raw === null) return null;
  const text = raw.trim();
  if (!text) return null;
  if (text.length > max) throw invalid(field, `${what} is at most ${max} characters`);
  const bad = findControlChar(text);
  if (bad) throw invalid(field, `${what} contains the control character ${codePointName(bad)}`);
  return text;
}

/** The page as checked: trimmed, within limits, its URL canonical. */
export function checkEmbedPage(page: EmbedPage): {
  pageId: string | null;
  url: string | null;
  rawUrl: string | null;
  title: string | null;
} {
  const pageId = checkedText(page.pageId, 'pageId', MAX_PAGE_ID, 'the page id');
  const rawUrl = checkedText(page.url, 'url', MAX_PAGE_URL, 'the page URL');
  const title = checkedText(page.title, 'title', MAX_PAGE_TITLE, 'the page title');
  if (!pageId && !rawUrl) throw invalid('pageId', 'the embed needs a page id (data-page-id) or the page URL');
  return { pageId, rawUrl, url: rawUrl ? canonicalPageUrl(rawUrl) : null, title };
}

const found = (thread: Thread): EmbedThread => ({ threadId: thread.id, title: thread.title, created: false });

/** Files a found thread under the site (page id, canonical URL); a concurrent load that gave the id to another thread wins. */
async function filed(
  ctx: DomainContext,
  site: Site,
  thread: Thread,
  place: Parameters<typeof fileThreadUnderSite>[2],
  pageId: string | null,
): Promise<EmbedThread> {
  try {
    await fileThreadUnderSite(ctx.db, thread.id, place);
    return found(thread);
  } catch (error) {
    const winner = pageId ? await findThreadByPage(ctx.db, site.name, pageId) : undefined;
    if (winner) return found(winner);
    throw error;
  }
}

/**
 * `beforeCreate` runs only when a new thread is about to be made (the caller's rate limit on
 * creation); it refuses by throwing.
 */
export async function resolveEmbedThread(
  ctx: DomainContext,
  site: Site,
  origin: string | null,
  page: EmbedPage,
  beforeCreate: () => Promise<void> = async () => {},
): Promise<EmbedThread | null> {
  const { pageId, url, rawUrl, title } = checkEmbedPage(page);
  const db = ctx.db;
  // Only a load from one of the site's origins changes anything (files, adopts or creates).
  const mayWrite = isAllowedOrigin(site, origin);
  if (pageId) {
    const byPage = await findThreadByPage(db, site.name, pageId);
    if (byPage) return found(byPage);
  }
  // Another page (another id) already has this URL: the new page's thread goes without one.
  let urlTaken = false;
  if (url) {
    const byUrl = await findThreadBySiteUrl(db, site.name, url);
    if (byUrl && (!pageId || byUrl.page_id === null)) {
      if (pageId && mayWrite) return filed(ctx, site, byUrl, { site: site.name, pageId }, pageId);
      return found(byUrl);
    }
    urlTaken = byUrl !== undefined;
    const imported = urlTaken ? undefined : await findOriginThread(db, site.origins, [...new Set([url, `${url}/`, rawUrl!])]);
    if (imported) return mayWrite ? filed(ctx, site, imported, { site: site.name, pageId, url }, pageId) : found(imported);
  }
  if (!mayWrite) return null;
  if (url && !site.origins.includes(new URL(url).origin)) return null;

  const thread: Thread = {
    id: newId(ctx.clock.now().getTime()),
    post_id: null,
    site: site.name,
    url: urlTaken ? null : url,
    page_id: pageId,
    title: title ?? url ?? pageId ?? site.name,
    comment_count: 0,
    closed_at: null,
    policy: site.defaultPolicy,
    created_at: ctx.clock.now().toISOString(),
  };
  await beforeCreate();
  if (await insertThreadIfAbsent(db, thread)) return { threadId: thread.id, title: thread.title, created: true };
  // Another first load of the same page won the race: show its thread.
  const winner =
    (pageId ? await findThreadByPage(db, site.name, pageId) : undefined) ??
    (url ? await findThreadBySiteUrl(db, site.name, url) : undefined);
  if (winner) return found(winner);
  throw new AppError('CONFLICT', 'the page’s thread could not be created: load the page again');
}

/**
 * Makes an existing thread (an article's, say) the thread of a site's page, so an embed of that
 * page shows it. Refuses when another thread already has that page id.
 */
export async function attachThreadToPage(ctx: DomainContext, threadId: string, siteName: string, pageId: string): Promise<void> {
  const site = await requireSite(ctx, siteName);
  const id = checkedText(pageId, 'pageId', MAX_PAGE_ID, 'the page id');
  if (!id) throw invalid('pageId', 'a page id is required');
  const thread = await findThreadById(ctx.db, threadId);
  if (!thread) throw new AppError('NOT_FOUND', `no thread has the id "${threadId}"`);
  const holder = await findThreadByPage(ctx.db, site.name, id);
  if (holder && holder.id !== thread.id)
    throw new AppError('CONFLICT', `the page "${id}" of site "${site.name}" already has another thread`, 'pageId');
  if (holder) return;
  // The article's own URL (if any) stays; the thread is now also the site's page.
  await fileThreadUnderSite(ctx.db, thread.id, { site: site.name, pageId: id });
}
