// How often posting a comment talks to PostgreSQL (issue 16: posting throughput). Each write to
// its socket wakes the database and costs the server a system call, and before the reads were
// sent together a guest's comment took ten (one per screening read, the transaction, the count
// fold). Now a new comment takes three: one for every read that comes before the write (the
// address, the thread, the parent of a reply, and screening's), one for the transaction and one
// for the count fold. A reply takes a fourth: its branch is re-ranked inside the transaction, and
// that read needs an answer before the COMMIT can go. SQLite answers in-process: no socket at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { socketWrites } from '../helpers/socket-writes.ts';

// Different words each (bodies alike would be held as a campaign by the near-duplicate check).
const BODIES = [
  'The battery lasted two days on my trip.',
  'Is the hinge any sturdier than last year?',
  'That price will not fly in Europe.',
  'Night photos look better than the review says.',
  'My carrier still has not pushed the update.',
  'Wireless charging finally arrives on the budget model.',
];
const COMMENTS = BODIES.length - 1;
// Of comments 1..COMMENTS, the odd ones are replies.
const REPLIES = Math.ceil(COMMENTS / 2);

describe.each(testEngines())('round trips to the database per comment (%s)', (engine) => {
  let t: TestApp;
  let threadId: string;
  let firstId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'));
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    // Settings read once and kept, and the pool's connections made, before the count starts.
    firstId = (await post_(0)).json().id;
  });
  afterAll(() => t?.close());

  const post_ = (n: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      remoteAddress: `198.51.100.${n + 1}`,
      payload: {
        body: BODIES[n],
        // Every other one answers the first: a reply's parent is read with the rest.
        ...(n % 2 === 1 ? { parentId: firstId } : {}),
        guest: { name: `Reader ${n}`, email: `reader${n}@example.com` },
      },
    });

  it('posts a guest comment in at most three writes to PostgreSQL, a reply in four', async () => {
    const { result, writes } = await socketWrites(async () => {
      const statuses: number[] = [];
      for (let n = 1; n <= COMMENTS; n++) statuses.push((await post_(n)).statusCode);
      return statuses;
    });
    expect(result).toEqual(Array(COMMENTS).fill(201));
    if (engine === 'postgres') expect(writes).toBeLessThanOrEqual(3 * (COMMENTS - REPLIES) + 4 * REPLIES);
    else expect(writes).toBe(0);
    const thread = (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
    expect(thread.commentCount).toBe(COMMENTS + 1);
  });
});
