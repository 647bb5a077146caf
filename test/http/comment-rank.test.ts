// "Best" before and after votes (issue 13): the seed thread opens on its substantive discussions,
// votes take over as they accumulate, the rank follows every change of its inputs, and keyset
// pages of "best" neither repeat nor skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { accountReader, guestReader } from '../helpers/readers.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { postComment, editComment } from '../../src/domain/comments/write.ts';
import { vote } from '../../src/domain/comments/votes.ts';
import { wordCount, recomputeAllRanks } from '../../src/domain/comments/rank.ts';
import { moderateComment } from '../../src/domain/moderation/actions.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { findThreadByPostId } from '../../src/storage/repos/threads.ts';
import type { Comment } from '../../src/storage/schema.ts';

type Json = Record<string, unknown>;
interface ApiComment {
  id: string;
  parentId: string | null;
  bodyHtml: string;
}

const SEED_SLUG = 'sony-mobile-to-defocus-on-india-and-usa';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');

describe.each(testEngines())('the "best" order on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    // These guests write alike on purpose (ties, and words repeated with other numbers): the
    // near-duplicate check would hold them as a campaign, which is not what is measured here.
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
  });
  afterAll(async () => t?.close());

  const topLevel = async (threadId: string, query = '') => {
    const page = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=best${query}`)).json() as {
      comments: ApiComment[];
      nextCursor: string | null;
    };
    return { tops: page.comments.filter((c) => c.parentId === null), all: page.comments, nextCursor: page.nextCursor };
  };

  let ip = 0;
  const guestSays = async (threadId: string, body: string, parentId: string | null = null): Promise<Comment> => {
    const reader = guestReader();
    const { comment } = await postComment(t.ctx, reader.commenter, {
      threadId,
      body,
      parentId,
      guest: { name: reader.name, email: `${reader.name.replace(/\W/g, '')}@example.com` },
      ip: `198.51.100.${++ip % 250}`,
    });
    return comment;
  };
  const upvote = async (commentId: string, times: number) => {
    for (let i = 0; i < times; i++) await vote(t.ctx, guestReader().commenter, commentId, 1, { ip: `203.0.113.${++ip % 250}` });
  };
  const rankOf = async (id: string) => (await findComment(t.ctx.db, id))!.wilson;
  const newThread = async () => {
    const post = await makePost(t.ctx, await makeUser(t.ctx), { title: `Rank host ${++ip}` });
    return (await findThreadByPostId(t.ctx.db, post.id))!.id;
  };

  it('opens the seed thread on its substantive discussions, not its one-liners', async () => {
    await loadDemo(t.ctx);
    const post = await t.ctx.db.selectFrom('posts').select('id').where('slug', '=', SEED_SLUG).executeTakeFirstOrThrow();
    const threadId = (await findThreadByPostId(t.ctx.db, post.id))!.id;
    const { tops, all } = await topLevel(threadId);
    const replies = (id: string) => all.filter((c) => c.parentId === id).length;
    const firstTen = tops.slice(0, 10).map((c) => ({ words: wordCount(text(c.bodyHtml)), replies: replies(c.id), text: text(c.bodyHtml) }));
    for (const c of firstTen) {
      expect(c.text, 'a one-liner among the first ten').not.toMatch(/^\s*(So this\.|DIE !!!!!!)\s*$/);
      expect(c.words, c.text).toBeGreaterThan(8);
    }
    // The first five are what a newcomer reads first: a real argument, or one that drew a conversation.
    for (const c of firstTen.slice(0, 5)) expect(c.words >= 40 || c.replies >= 2, c.text).toBe(true);
  }, 120_000);

  it('lets many upvotes beat a long comment nobody voted on, and a few not', async () => {
    const threadId = await newThread();
    const long = await guestSays(
      threadId,
      'The licensing costs in the USA are only part of it. Carriers decide which phones get shelf space, and without carrier deals a premium phone sells through importers at a markup; the fingerprint sensor removal was a patent matter. Focusing on Japan and Europe is where the margins are.',
    );
    const quip = await guestSays(threadId, 'Called it.');
    await upvote(quip.id, 2);
    expect((await topLevel(threadId)).tops.map((c) => c.id)).toEqual([long.id, quip.id]);
    await upvote(quip.id, 9);
    expect((await topLevel(threadId)).tops.map((c) => c.id)).toEqual([quip.id, long.id]);
  });

  it('re-ranks a comment when a reply arrives, is removed, or it is edited', async () => {
    const threadId = await newThread();
    const moderator = await accountReader(t.ctx, 'Mo Derator', 'moderator');
    const root = await guestSays(threadId, 'Will the Z5 get Android N at all, or is that over now?');
    const before = await rankOf(root.id);
    const reply = await guestSays(threadId, 'Sony said it will, in the first quarter.', root.id);
    const withReply = await rankOf(root.id);
    expect(withReply).toBeGreaterThan(before);
    await moderateComment(t.ctx, moderator.user!, reply.id, 'reject', 'off topic');
    expect(await rankOf(root.id)).toBeCloseTo(before, 12);
    await editComment(
      t.ctx,
      moderator.commenter,
      root.id,
      'Will the Z5 get Android N at all? Sony promised two years of updates when it launched, the Z3+ got its last one a month ago, and the carriers in Europe have been slow to test anything beyond security patches; my guess is that the Z5 gets N late and nothing after it.',
    );
    expect(await rankOf(root.id)).toBeGreaterThan(before);
  });

  it('ranks every top-level comment again when asked (what migration 0012 does)', async () => {
    const threadId = await newThread();
    const root = await guestSays(threadId, 'Anyone tried the X Performance camera in low light yet? The samples look soft to me.');
    const ranked = await rankOf(root.id);
    await t.ctx.db.updateTable('comments').set({ wilson: 0 }).execute();
    await recomputeAllRanks(t.ctx.db);
    expect(await rankOf(root.id)).toBe(ranked);
  });

  it("stores a new guest comment's rank at posting, the same rank a recompute gives it", async () => {
    const threadId = await newThread();
    const short = await guestSays(threadId, 'Nice.');
    const long = await guestSays(
      threadId,
      'The battery figures in the review match mine after a week: a full day with the screen at half brightness, less with the camera.',
    );
    const posted = [await rankOf(short.id), await rankOf(long.id)];
    expect(posted[1]).toBeGreaterThan(posted[0]!);
    await t.ctx.db.updateTable('comments').set({ wilson: 0 }).where('thread_id', '=', threadId).execute();
    await recomputeAllRanks(t.ctx.db);
    expect([await rankOf(short.id), await rankOf(long.id)]).toEqual(posted);
  });

  it('pages "best" by keyset without repeating or skipping, ties included', async () => {
    const threadId = await newThread();
    const ids: string[] = [];
    // Equal bodies give equal ranks at the same instant: ties broken by time, then id.
    for (let i = 0; i < 31; i++)
      ids.push((await guestSays(threadId, i % 3 === 0 ? `Same words here, number ${i % 2}.` : `Words ${'x '.repeat(i)}end ${i}`)).id);
    await upvote(ids[4]!, 2);
    t.clock.set(new Date(Date.parse(t.clock.now().toISOString()) + 60_000));
    for (let i = 0; i < 9; i++) ids.push((await guestSays(threadId, `Later comment number ${i}, a little longer than a quip.`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { tops: ApiComment[]; nextCursor: string | null } = await topLevel(
        threadId,
        `&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.tops.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    const ranks = await Promise.all(seen.map(rankOf));
    ranks.forEach((rank, i) => i > 0 && expect(rank).toBeLessThanOrEqual(ranks[i - 1]!));
    expect((await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=best&cursor=bm9wZQ`)).json<Json>()).toMatchObject({
      error: { field: 'cursor' },
    });
  });
});
