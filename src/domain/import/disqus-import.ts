// Brings a Disqus export in. Disqus lists every thread first, then the posts, each naming its
// thread; posts are gathered while they belong to the same thread and written as one batch in
// one transaction, so memory holds one thread's run of posts (at most BATCH_LIMIT) and a failure
// leaves nothing of the batch behind. Threads attach to the post their link points at, after the
// rewrite rules; otherwise they become threads of that external page, for the embed.
import { inTransaction } from '../../storage/db.ts';
import { findPageThread, findImported, recordImported, closeThread } from '../../storage/repos/import-sources.ts';
import { insertThread } from '../../storage/repos/threads.ts';
import { findPostBySlug } from '../../storage/repos/posts.ts';
import { newId } from '../../ids.ts';
import type { CommentStatus } from '../comments/types.ts';
import type { ImportedComment, ImportScreen } from '../comments/import.ts';
import { threadForPost } from '../comments/threads.ts';
import type { DomainContext } from '../context.ts';
import { writeCommentBatch } from './comment-batch.ts';
import type { DisqusPost, DisqusRecord, DisqusThread } from './disqus.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';
import { REASONS, type ReportBuilder } from './report.ts';
import { pageForSite } from '../sites/imported-pages.ts';
import { listSites } from '../sites/sites.ts';

const SYSTEM = 'disqus';
const THREAD_KEY = { system: SYSTEM, kind: 'thread' };
// A thread with more posts than this in one run is written in several transactions; a failed
// run is finished by running it again, which skips what is already in.
const BATCH_LIMIT = 5000;

export interface UrlRule {
  from: string;
  to: string;
}

/** Applies every rule whose prefix matches, in order. */
export function rewriteUrl(url: string, rules: readonly UrlRule[]): string {
  let out = url;
  for (const rule of rules) if (rule.from && out.startsWith(rule.from)) out = rule.to + out.slice(rule.from.length);
  return out;
}

/** The slug of a Gazette article URL (`/articles/SLUG`, any host), or null. */
export function articleSlugOf(url: string): string | null {
  try {
    const { pathname } = new URL(url, 'http://gazette.invalid');
    return /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

function pageOf(link: string, threadId: string): { site: string | null; url: string } {
  try {
    const url = new URL(link);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { site: url.origin, url: url.toString() };
  } catch {
    // not an absolute URL: kept as the source gave it
  }
  return { site: null, url: link || `disqus:thread:${threadId}` };
}

interface ThreadState {
  record: DisqusThread | null;
  localId: string | null;
}

export interface DisqusImportOptions {
  mapUrl: readonly UrlRule[];
  onBatch?: () => Promise<void>;
  screen?: ImportScreen;
  /** Teach the spam filter the file's spam marks and approvals. */
  learn?: boolean;
}

export async function importDisqus(
  ctx: DomainContext,
  records: AsyncIterable<DisqusRecord>,
  options: DisqusImportOptions,
  report: ReportBuilder,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const threads = new Map<string, ThreadState>();
  // Pages of a registered site are filed under its name (issue 15).
  const sites = await listSites(ctx);
  let batch: DisqusPost[] = [];
  let batchThread = '';

  const validDate = (value: string, kind: 'thread' | 'comment', id: string): string => {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
    report.note(kind, REASONS.badDate, id);
    return now;
  };

  /** The local thread for a Disqus thread id, made (and remembered) on first use; null when unknown. */
  const localThread = async (db: DomainContext['db'], id: string): Promise<string | null> => {
    const state = threads.get(id) ?? { record: null, localId: null };
    threads.set(id, state);
    if (state.localId) return state.localId;
    const known = (await findImported(db, THREAD_KEY, [id])).get(id);
    if (known) {
      report.skipped('thread', REASONS.alreadyImported, id);
      state.localId = known;
      return known;
    }
    const record = state.record;
    if (!record) return null;
    const link = rewriteUrl(record.link, options.mapUrl);
    const slug = articleSlugOf(link);
    const post = slug ? await findPostBySlug(db, 'post', slug) : undefined;
    let threadId: string;
    if (post) {
      threadId = (await threadForPost(db, ctx.clock, post)).id;
      report.note('thread', REASONS.attachedToPost, id);
    } else {
      const page = pageForSite(sites, pageOf(link, id));
      const existing = await findPageThread(db, page.site, page.url);
      threadId = existing?.id ?? newId(ctx.clock.now().getTime());
      if (!existing) {
        await insertThread(db, {
          id: threadId,
          post_id: null,
          ...page,
          title: record.title,
          comment_count: 0,
          closed_at: null,
          policy: null,
          page_id: null,
          created_at: validDate(record.createdAt, 'thread', id),
        });
      }
      report.note('thread', REASONS.externalPage, id);
    }
    if (record.closed) await closeThread(db, threadId, now);
    await recordImported(db, THREAD_KEY, [{ sourceId: id, localId: threadId }], now);
    report.imported('thread');
    state.localId = threadId;
    return threadId;
  };

  const toComment = (post: DisqusPost): ImportedComment => {
    const status: CommentStatus = post.spam ? 'spam' : post.deleted ? 'deleted' : 'published';
    return {
      sourceId: post.id,
      sourceParentId: post.parentId,
      authorName: post.author.name || post.author.username || 'Guest',
      authorEmail: post.author.email,
      createdAt: validDate(post.createdAt, 'comment', post.id),
      body: htmlToMarkdown(post.message),
      status,
    };
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const posts = batch;
    const threadSourceId = batchThread;
    batch = [];
    await inTransaction(ctx.db, async (db) => {
      const threadId = await localThread(db, threadSourceId);
      if (!threadId) {
        for (const post of posts) report.skipped('comment', REASONS.unknownThread, post.id);
        return;
      }
      await writeCommentBatch(
        db,
        { system: SYSTEM, threadId, comments: posts.map(toComment), now, screen: options.screen, learn: options.learn },
        report,
      );
    });
    await options.onBatch?.();
  };

  for await (const record of records) {
    if (record.type === 'thread') {
      const state = threads.get(record.id);
      if (state) state.record = record;
      else threads.set(record.id, { record, localId: null });
      continue;
    }
    if (record.threadId !== batchThread || batch.length >= BATCH_LIMIT) await flush();
    batchThread = record.threadId;
    batch.push(record);
  }
  await flush();

  // Threads without posts in this file still come in, so their pages keep their (closed) state.
  for (const [id, state] of threads) {
    if (state.localId || !state.record) continue;
    await inTransaction(ctx.db, (db) => localThread(db, id));
  }
}
