// `gazette export --format disqus`: the comments as a Disqus XML export, so a site can leave
// with its discussions. Same shape as Disqus's own files: one category, every thread (with the
// absolute URL of its page), then every post with its thread and parent references. Streamed
// thread by thread in batches.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DomainContext } from '../context.ts';
import {
  inSnapshot,
  threadCommentsAfter,
  threadsWithCommentsAfter,
  type DisqusCommentRow,
  type DisqusThreadRow,
  type ThreadCommentKey,
} from '../../storage/repos/backup.ts';
import { cdata, element, escapeAttribute } from './xml-writer.ts';
import { BATCH_SIZE } from './export.ts';

export interface DisqusExportOptions {
  /** Absolute base URL of the site (no trailing slash): article links are built on it. */
  baseUrl: string;
  /** The Disqus "forum" short name written on every thread. */
  forum: string;
}

export interface DisqusExportSummary {
  threads: number;
  comments: number;
}

const CATEGORY_ID = '1';

/** Disqus writes whole seconds ("2016-06-30T10:00:00Z"); sub-second times keep their milliseconds. */
const disqusTime = (iso: string) => new Date(iso).toISOString().replace(/\.000Z$/, 'Z');

export function threadLink(thread: DisqusThreadRow, baseUrl: string): string {
  if (thread.post_slug !== null)
    return thread.post_type === 'page' ? `${baseUrl}/${thread.post_slug}` : `${baseUrl}/articles/${thread.post_slug}`;
  return thread.url ?? `${baseUrl}/`;
}

function threadXml(thread: DisqusThreadRow, options: DisqusExportOptions): string {
  return [
    `  <thread dsq:id="${escapeAttribute(thread.id)}">`,
    `    ${element('id', thread.id)}`,
    `    ${element('forum', options.forum)}`,
    `    ${element('category', null, { 'dsq:id': CATEGORY_ID })}`,
    `    ${element('link', threadLink(thread, options.baseUrl))}`,
    `    ${element('title', thread.post_title ?? thread.title)}`,
    '    <message/>',
    `    ${element('createdAt', disqusTime(thread.created_at))}`,
    `    ${element('isClosed', String(thread.closed_at !== null))}`,
    '    <isDeleted>false</isDeleted>',
    '  </thread>',
  ].join('\n');
}

function authorXml(comment: DisqusCommentRow): string[] {
  const account = comment.author_name !== null;
  const name = comment.author_name ?? comment.guest_name ?? 'Guest';
  const email = comment.author_email ?? comment.guest_email;
  return [
    '    <author>',
    ...(email ? [`      ${element('email', email)}`] : []),
    `      ${element('name', name)}`,
    `      ${element('isAnonymous', String(!account))}`,
    ...(account && comment.author_slug ? [`      ${element('username', comment.author_slug)}`] : []),
    '    </author>',
  ];
}

function postXml(comment: DisqusCommentRow, threadId: string): string {
  const deleted = comment.status === 'deleted' || comment.status === 'rejected' || comment.deleted_at !== null;
  return [
    `  <post dsq:id="${escapeAttribute(comment.id)}">`,
    '    <id/>',
    `    <message>${cdata(comment.body_html)}</message>`,
    `    ${element('createdAt', disqusTime(comment.created_at))}`,
    `    ${element('isDeleted', String(deleted))}`,
    `    ${element('isSpam', String(comment.status === 'spam'))}`,
    // Not in every Disqus file, but Disqus writes it for comments held for moderation.
    ...(comment.status === 'pending' ? ['    <isApproved>false</isApproved>'] : []),
    ...authorXml(comment),
    `    ${element('thread', null, { 'dsq:id': threadId })}`,
    ...(comment.parent_id ? [`    ${element('parent', null, { 'dsq:id': comment.parent_id })}`] : []),
    '  </post>',
  ].join('\n');
}

async function* threadsWithComments(ctx: Pick<DomainContext, 'db'>): AsyncGenerator<DisqusThreadRow> {
  let after: string | null = null;
  for (;;) {
    const threads = await threadsWithCommentsAfter(ctx.db, after, BATCH_SIZE);
    yield* threads;
    if (threads.length < BATCH_SIZE) return;
    after = threads[threads.length - 1]!.id;
  }
}

export function exportDisqus(ctx: Pick<DomainContext, 'db'>, out: Writable, options: DisqusExportOptions): Promise<DisqusExportSummary> {
  // Threads and posts are read in two passes: one snapshot keeps them in agreement.
  return inSnapshot(ctx.db, (db) => writeDisqus({ db }, out, options));
}

async function writeDisqus(ctx: Pick<DomainContext, 'db'>, out: Writable, options: DisqusExportOptions): Promise<DisqusExportSummary> {
  const write = async (text: string) => {
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="utf-8"?>');
  await write(
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">',
  );
  await write(
    [
      `  <category dsq:id="${CATEGORY_ID}">`,
      `    ${element('forum', options.forum)}`,
      '    <title>General</title>',
      '    <isDefault>true</isDefault>',
      '  </category>',
    ].join('\n'),
  );
  let threads = 0;
  for await (const thread of threadsWithComments(ctx)) {
    await write(threadXml(thread, options));
    threads++;
  }
  let comments = 0;
  for await (const thread of threadsWithComments(ctx)) {
    let after: ThreadCommentKey | null = null;
    for (;;) {
      const batch = await threadCommentsAfter(ctx.db, thread.id, after, BATCH_SIZE);
      for (const comment of batch) await write(postXml(comment, thread.id));
      comments += batch.length;
      if (batch.length < BATCH_SIZE) break;
      const last = batch[batch.length - 1]!;
      after = { depth: last.depth, created_at: last.created_at, id: last.id };
    }
  }
  await write('</disqus>');
  return { threads, comments };
}
