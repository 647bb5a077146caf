// Every post has a thread (made with the post, or on first use for older rows).
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../storage/db.ts';
import { findThreadById, findThreadByPostId, insertThread } from '../../storage/repos/threads.ts';
import type { Post, Thread } from '../../storage/schema.ts';
import type { Clock } from '../../clock.ts';

export async function threadForPost(db: Db, clock: Clock, post: Pick<Post, 'id' | 'title'>): Promise<Thread> {
  const existing = await findThreadByPostId(db, post.id);
  if (existing) return existing;
  const thread: Thread = {
    id: newId(clock.now().getTime()),
    post_id: post.id,
    site: null,
    url: null,
    title: post.title,
    comment_count: 0,
    closed_at: null,
    policy: null,
    page_id: null,
    created_at: clock.now().toISOString(),
  };
  await insertThread(db, thread);
  return thread;
}

export async function requireThread(db: Db, id: string): Promise<Thread> {
  const thread = await findThreadById(db, id);
  if (!thread) throw new AppError('NOT_FOUND', `no thread has the id "${id}"`);
  return thread;
}
