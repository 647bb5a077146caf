// Comments brought in from elsewhere (Disqus, WordPress; the demo's seed thread comes through
// the Disqus importer). Unlike postComment, history is taken as it was: original times, guest
// names and emails, statuses from the source, and empty bodies kept with their source status
// because they are evidence for the spam filter. Bodies still go through the same renderer and
// sanitizer as new comments.
import { newId } from '../../ids.ts';
import type { Db } from '../../storage/db.ts';
import { insertComments } from '../../storage/repos/import-sources.ts';
import { UNMODERATED } from '../../storage/repos/comments.ts';
import { simHashColumns } from '../../storage/repos/near-duplicates.ts';
import { adjustCommentCount } from '../../storage/repos/threads.ts';
import type { Comment } from '../../storage/schema.ts';
import { renderComment } from '../../render/comment-markdown.ts';
import type { CommentStatus } from './types.ts';
import { stricterStatus, type ScreeningOutcome } from '../moderation/pipeline.ts';
import { recomputeRanks } from './rank.ts';

/** What an import's screening (`--screen`) gets to judge about one comment. */
export interface ImportedForScreening {
  threadId: string;
  body: string;
  authorId: string | null;
  guestName: string;
  guestEmail: string | null;
  /** The source's time. */
  at: string;
}

export type ImportScreen = (db: Db, comment: ImportedForScreening) => Promise<ScreeningOutcome>;

export interface ImportedComment {
  /** The id in the source system; parents refer to it. */
  sourceId: string;
  sourceParentId: string | null;
  authorName: string;
  authorEmail?: string | null;
  /** A local account, when the source says who wrote it and that person was imported. */
  authorId?: string | null;
  createdAt: string;
  /** Markdown (imported HTML is converted before it gets here). */
  body: string;
  status?: CommentStatus;
  /** What the spam filter learns this comment as (import/learn.ts); recorded on the row so a later decision moves the lesson. */
  learnAs?: 'spam' | 'ham' | null;
}

/** Where a parent sits in the thread: enough to hang a reply below it. */
export type Placement = Pick<Comment, 'id' | 'root_id' | 'depth'>;

export interface ImportCommentsOptions {
  /** Parents that are already in the database (imported by an earlier run or batch), by source id. */
  earlier?: ReadonlyMap<string, Placement>;
  /** When source-deleted comments are marked deleted. */
  now?: string;
  /** Runs each published or held comment through the moderation pipeline (written one by one, so later ones see earlier ones). */
  screen?: ImportScreen;
}

export interface ImportSummary {
  imported: number;
  published: number;
  /** Replies whose parent was not found: kept, at top level. */
  orphans: string[];
  /** The rows written, in insertion order, with their source ids. */
  placed: { sourceId: string; comment: Comment }[];
}

/**
 * Orders a batch so that every parent comes before its replies, whatever order the source
 * used. Comments whose parent is neither in the batch nor `known` come out as they are; the
 * caller places them at top level. A cycle in the source is broken the same way.
 */
function parentsFirst(comments: ImportedComment[], known: (sourceId: string) => boolean): ImportedComment[] {
  const inBatch = new Set(comments.map((c) => c.sourceId));
  const waiting = new Map<string, ImportedComment[]>();
  const done = new Set<string>();
  const out: ImportedComment[] = [];
  const place = (first: ImportedComment) => {
    const stack = [first];
    while (stack.length > 0) {
      const comment = stack.pop()!;
      if (done.has(comment.sourceId)) continue;
      done.add(comment.sourceId);
      out.push(comment);
      const children = waiting.get(comment.sourceId);
      if (children) {
        waiting.delete(comment.sourceId);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
      }
    }
  };
  for (const comment of comments) {
    const parent = comment.sourceParentId;
    if (parent && inBatch.has(parent) && !done.has(parent) && !known(parent) && parent !== comment.sourceId) {
      const list = waiting.get(parent) ?? [];
      list.push(comment);
      waiting.set(parent, list);
    } else place(comment);
  }
  // Left over: parents caught in a cycle. They go in as orphans.
  for (const children of waiting.values()) for (const child of children) place(child);
  return out;
}

/** Inserts a batch of a thread's comments; the caller provides the transaction. */
export async function importComments(
  db: Db,
  threadId: string,
  comments: ImportedComment[],
  options: ImportCommentsOptions = {},
): Promise<ImportSummary> {
  const earlier = options.earlier ?? new Map<string, Placement>();
  const placed = new Map<string, Placement>();
  const names = new Map<string, string>();
  const orphans: string[] = [];
  const rows: { sourceId: string; comment: Comment }[] = [];
  let published = 0;
  const resolveMention = (handle: string) => {
    const name = names.get(handle.toLowerCase());
    return name ? { name, url: null } : undefined;
  };
  for (const source of parentsFirst(comments, (id) => earlier.has(id))) {
    const parentId = source.sourceParentId;
    const parent = parentId ? (placed.get(parentId) ?? earlier.get(parentId)) : undefined;
    if (parentId && !parent) orphans.push(source.sourceId);
    let body = source.body.trim();
    let status: CommentStatus = source.status ?? 'published';
    const created = Date.parse(source.createdAt);
    const id = newId(created);
    const guestName = source.authorName.trim() || 'Guest';
    let screened: ScreeningOutcome | null = null;
    if (options.screen && (status === 'published' || status === 'pending')) {
      const at = new Date(created).toISOString();
      screened = await options.screen(db, {
        threadId,
        body,
        authorId: source.authorId ?? null,
        guestName,
        guestEmail: source.authorEmail ?? null,
        at,
      });
      body = screened.body;
      // Screening never lowers what the source said: a comment held or marked spam there stays so.
      status = stricterStatus(status, screened.status);
    }
    const comment: Comment = {
      id,
      thread_id: threadId,
      parent_id: parent?.id ?? null,
      root_id: parent ? parent.root_id : id,
      depth: parent ? parent.depth + 1 : 0,
      author_id: source.authorId ?? null,
      guest_name: source.authorId ? null : guestName,
      guest_email: source.authorId ? null : (source.authorEmail ?? null),
      guest_key_hash: null,
      body_markdown: body,
      body_html: body === '' ? '' : renderComment(body, { resolveMention }).html,
      status,
      upvotes: 0,
      downvotes: 0,
      wilson: 0,
      created_at: new Date(created).toISOString(),
      edited_at: null,
      deleted_at: status === 'deleted' ? (options.now ?? new Date(created).toISOString()) : null,
      ...UNMODERATED,
      ...(source.learnAs ? { trained_as: source.learnAs } : {}),
      ...(screened
        ? {
            moderation: JSON.stringify(screened.steps),
            spam_score: screened.spamScore,
            text_hash: screened.textHash,
            ...simHashColumns(screened.simHash),
          }
        : {}),
    };
    rows.push({ sourceId: source.sourceId, comment });
    if (options.screen) await insertComments(db, [comment]);
    placed.set(source.sourceId, comment);
    if (status === 'published') {
      published++;
      names.set(guestName.toLowerCase(), guestName);
    }
  }
  if (!options.screen) {
    await insertComments(
      db,
      rows.map((r) => r.comment),
    );
  }
  await adjustCommentCount(db, threadId, published);
  // A batch may bring replies to conversations of an earlier batch: their roots are re-ranked too.
  await recomputeRanks(db, new Set(rows.map((r) => r.comment.root_id)));
  return { imported: rows.length, published, orphans, placed: rows };
}
