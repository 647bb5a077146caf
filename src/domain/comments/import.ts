// Comments brought in from elsewhere (the demo's seed thread now; Disqus and WordPress imports
// later). Unlike postComment, history is taken as it was: original times, guest names without
// email, and empty bodies kept (as spam, hidden) because they are evidence for the spam filter.
import { newId } from '../../ids.ts';
import type { Db } from '../../storage/db.ts';
import { insertComment } from '../../storage/repos/comments.ts';
import { adjustCommentCount } from '../../storage/repos/threads.ts';
import type { Comment } from '../../storage/schema.ts';
import { renderComment } from '../../render/comment-markdown.ts';
import type { CommentStatus } from './types.ts';

export interface ImportedComment {
  /** The id in the source system; parents refer to it. */
  sourceId: string;
  sourceParentId: string | null;
  authorName: string;
  authorEmail?: string | null;
  createdAt: string;
  body: string;
  /** Taken from the source; empty bodies become spam whatever the source said. */
  status?: CommentStatus;
}

export interface ImportSummary {
  imported: number;
  published: number;
  /** Replies whose parent was not in the input: kept, at top level. */
  orphans: string[];
}

/** Inserts a thread's comments in one go; the caller provides the transaction. Parents must come before children. */
export async function importComments(db: Db, threadId: string, comments: ImportedComment[]): Promise<ImportSummary> {
  const placed = new Map<string, Comment>();
  const names = new Map<string, string>();
  const orphans: string[] = [];
  let published = 0;
  for (const source of comments) {
    let parent = source.sourceParentId ? placed.get(source.sourceParentId) : undefined;
    if (source.sourceParentId && !parent) {
      orphans.push(source.sourceId);
      parent = undefined;
    }
    const body = source.body.trim();
    const status: CommentStatus = body === '' ? 'spam' : (source.status ?? 'published');
    const rendered = renderComment(body, {
      resolveMention: (handle) => {
        const name = names.get(handle.toLowerCase());
        return name ? { name, url: null } : undefined;
      },
    });
    const id = newId(Date.parse(source.createdAt));
    const comment: Comment = {
      id,
      thread_id: threadId,
      parent_id: parent?.id ?? null,
      root_id: parent ? parent.root_id : id,
      depth: parent ? parent.depth + 1 : 0,
      author_id: null,
      guest_name: source.authorName.trim() || 'Guest',
      guest_email: source.authorEmail ?? null,
      guest_key_hash: null,
      body_markdown: body,
      body_html: rendered.html,
      status,
      upvotes: 0,
      downvotes: 0,
      wilson: 0,
      created_at: new Date(source.createdAt).toISOString(),
      edited_at: null,
      deleted_at: null,
    };
    await insertComment(db, comment);
    placed.set(source.sourceId, comment);
    if (status === 'published') {
      published++;
      names.set(comment.guest_name!.toLowerCase(), comment.guest_name!);
    }
  }
  await adjustCommentCount(db, threadId, published);
  return { imported: comments.length, published, orphans };
}
