// A conversation with many replies, written in bulk (seeding thousands one by one is slow): one
// second apart, every tenth answering the reply before it, so nesting crosses reply pages.
import type { DomainContext } from '../../src/domain/context.ts';
import { newId } from '../../src/ids.ts';
import { UNMODERATED } from '../../src/storage/repos/comments.ts';
import { adjustCommentCount } from '../../src/storage/repos/threads.ts';
import type { Comment } from '../../src/storage/schema.ts';
import { guestReader, seedComment } from './readers.ts';

export async function seedLongConversation(
  ctx: DomainContext,
  threadId: string,
  replies: number,
  startAt = '2026-01-01T00:00:00.000Z',
): Promise<{ rootId: string; replyIds: string[] }> {
  const root = await seedComment(ctx, { threadId, by: guestReader('Talker'), body: 'the root', createdAt: startAt });
  const rows: Comment[] = [];
  for (let i = 0; i < replies; i++) {
    const at = new Date(Date.parse(startAt) + (i + 1) * 1000);
    const nested = i % 10 === 9;
    rows.push({
      ...UNMODERATED,
      id: newId(at.getTime()),
      thread_id: threadId,
      parent_id: nested ? rows[i - 1]!.id : root.id,
      root_id: root.id,
      depth: nested ? 2 : 1,
      author_id: null,
      guest_name: `Replier ${i}`,
      guest_email: `r${i}@example.com`,
      guest_key_hash: null,
      body_markdown: `reply ${i}`,
      body_html: `<p>reply ${i}</p>\n`,
      status: 'published',
      upvotes: 0,
      downvotes: 0,
      wilson: 0,
      created_at: at.toISOString(),
      edited_at: null,
      deleted_at: null,
    });
  }
  for (let i = 0; i < rows.length; i += 200)
    await ctx.db
      .insertInto('comments')
      .values(rows.slice(i, i + 200))
      .execute();
  await adjustCommentCount(ctx.db, threadId, replies);
  return { rootId: root.id, replyIds: rows.map((row) => row.id) };
}
