// What a guest sees right after posting is presented from the row just written, not read back:
// it must be exactly what reading it back gives, on both engines (types, dates, badges, hidden or not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCommentForAuthor } from '../../src/domain/comments/write.ts';
import { commentAsSeenBy } from '../../src/domain/comments/read.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader } from '../helpers/readers.ts';
import { findThreadByPostId } from '../../src/storage/repos/threads.ts';

describe.each(testEngines())("a guest's new comment as its author sees it on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('equals the comment read back, published or held, top-level or a reply', async () => {
    const post = await makePost(t.ctx, await makeUser(t.ctx), { title: 'Posting view' });
    const threadId = (await findThreadByPostId(t.ctx.db, post.id))!.id;
    const reader = guestReader();
    const guest = { name: reader.name, email: 'posting-view@example.com' };
    const say = (body: string, parentId: string | null = null) =>
      postCommentForAuthor(t.ctx, reader.commenter, { threadId, body, parentId, guest, ip: '198.51.100.7' });

    const top = await say('The **camera** samples in the gallery look much better than last year.');
    // A guest's first comment with a link is held for review: the author still sees it as theirs.
    const held = await say('Compare with https://example.net/review before you buy one of these phones.');
    const reply = await say('Replying to myself: the night shots are the real test.', top.view.id);
    expect([top.published, held.published, reply.published]).toEqual([true, false, true]);
    for (const posted of [top, held, reply]) {
      expect(posted.view).toEqual(await commentAsSeenBy(t.ctx, posted.view.id, reader.commenter));
    }
  });
});
