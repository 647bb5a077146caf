// Issue 11, finding 6: vote stuffing. A request without a guest cookie gets one and its vote is
// not counted (VOTE_NEEDS_COOKIE); guest votes count once per (comment, address); votes are
// limited per address and per voter; banned accounts cannot vote. The no-JS form keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment, type Reader } from '../helpers/readers.ts';
import { sanction } from '../moderation/helpers.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines())('vote stuffing on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let ipSeq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Voted thread' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** Each test votes from its own addresses, so budgets are only spent where that is the point. */
  const freshIp = () => `203.0.113.${++ipSeq}`;
  const target = () => seedComment(t.ctx, { threadId, by: guestReader() });
  const vote = (who: Reader | { cookie: string } | null, commentId: string, value: number, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${commentId}/vote`,
      remoteAddress: ip,
      headers: who ? { cookie: who.cookie } : {},
      payload: { value },
    });
  const counts = async (id: string) => {
    const row = (await findComment(t.ctx.db, id))!;
    return { upvotes: row.upvotes, downvotes: row.downvotes };
  };
  const votesOn = (id: string) => t.storage.db.selectFrom('comment_votes').selectAll().where('comment_id', '=', id).execute();

  it('counts none of 61 cookie-less votes: each sets a cookie and asks for the vote again', async () => {
    const ip = freshIp();
    const comment = await target();
    for (let i = 0; i < 61; i++) {
      const response = await vote(null, comment.id, 1, ip);
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'VOTE_NEEDS_COOKIE', field: 'cookie' });
      expect(response.json().error.message).toContain('send the same vote again');
      expect(response.headers['set-cookie']).toMatch(/^gz_guest=[A-Za-z0-9_-]{32,}; /);
    }
    expect(await counts(comment.id)).toEqual({ upvotes: 0, downvotes: 0 });
    expect(await votesOn(comment.id)).toEqual([]);
  });

  it('counts the vote once the browser repeats it with the cookie it was given', async () => {
    const ip = freshIp();
    const comment = await target();
    const first = await vote(null, comment.id, 1, ip);
    expect(first.statusCode).toBe(409);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const again = await vote({ cookie }, comment.id, 1, ip);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ upvotes: 1, downvotes: 0, score: 1, myVote: 1 });
  });

  it('counts 61 fresh browsers from one address once; that browser may change or take back its vote', async () => {
    const ip = freshIp();
    const comment = await target();
    const browsers = Array.from({ length: 61 }, () => guestReader());
    const statuses: number[] = [];
    for (const browser of browsers) {
      const response = await vote(browser, comment.id, 1, ip);
      statuses.push(response.statusCode);
      if (response.statusCode === 409) expect(response.json().error.code).toBe('GUEST_VOTE_ADDRESS_USED');
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 409)).toBe(true);
    expect(await counts(comment.id)).toEqual({ upvotes: 1, downvotes: 0 });
    expect(await votesOn(comment.id)).toHaveLength(1);

    // The counted browser changes its vote, even from elsewhere: still one vote.
    expect((await vote(browsers[0]!, comment.id, -1, freshIp())).json()).toMatchObject({ upvotes: 0, downvotes: 1, myVote: -1 });
    // Taking it back frees the address for another browser there.
    expect((await vote(browsers[0]!, comment.id, 0, ip)).statusCode).toBe(200);
    expect((await vote(browsers[1]!, comment.id, 1, ip)).json()).toMatchObject({ upvotes: 1, downvotes: 0, myVote: 1 });
    // Another address, and an account at the same address, count on their own.
    expect((await vote(browsers[2]!, comment.id, 1, freshIp())).json()).toMatchObject({ upvotes: 2 });
    const account = await accountReader(t.ctx, 'Householder');
    expect((await vote(account, comment.id, 1, ip)).json()).toMatchObject({ upvotes: 3 });
    // The address's vote is per comment: the same browsers vote on another comment.
    const other = await target();
    expect((await vote(browsers[3]!, other.id, 1, ip)).statusCode).toBe(200);
  });

  it('limits votes per address with 429 and Retry-After, cookie or not', async () => {
    const ip = freshIp();
    const comment = await target();
    const { limit } = RATE_RULES.votePerIp;
    for (let i = 0; i < limit; i++) expect((await vote(null, comment.id, 1, ip)).statusCode).toBe(409);
    const refused = await vote(guestReader(), comment.id, 1, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    t.clock.advance(retryAfter * 1000);
    expect((await vote(guestReader(), comment.id, 1, ip)).statusCode).toBe(200);
  });

  it('limits votes per voter with 429, whatever address they come from', async () => {
    const voter = guestReader();
    const { limit } = RATE_RULES.votePerVoter;
    const comment = await target();
    // Toggling one vote is as good as voting on many comments: every request counts.
    for (let i = 0; i < limit; i++) expect((await vote(voter, comment.id, i % 2 === 0 ? 1 : 0, freshIp())).statusCode).toBe(200);
    const refused = await vote(voter, comment.id, 1, freshIp());
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await vote(guestReader(), comment.id, 1, freshIp())).statusCode).toBe(200);
  });

  it('refuses a banned account’s vote with its own code, by account or by address', async () => {
    const ip = freshIp();
    const comment = await target();
    const banned = await accountReader(t.ctx, 'Banned Voter');
    await sanction(t.ctx, `user:${banned.user!.id}`, 'ban', { reason: 'brigading' });
    const refused = await vote(banned, comment.id, 1, ip);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('BANNED_FROM_VOTING');
    expect(refused.json().error.message).toContain('permanently');

    const byEmail = await accountReader(t.ctx, 'Banned By Address');
    await sanction(t.ctx, `email:${byEmail.user!.email}`, 'ban', {
      expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
    });
    const alsoRefused = await vote(byEmail, comment.id, 1, ip);
    expect(alsoRefused.json().error).toMatchObject({ code: 'BANNED_FROM_VOTING', message: expect.stringContaining('until') });
    expect(await counts(comment.id)).toEqual({ upvotes: 0, downvotes: 0 });
  });

  it('works without JavaScript: a cookie-less form vote sets the cookie and asks again; the second one counts', async () => {
    const ip = freshIp();
    const comment = await seedComment(t.ctx, { threadId, by: guestReader('Form Author'), body: 'Vote for me by form' });
    const first = await t.app.inject({
      method: 'POST',
      url: `/comments/${comment.id}/vote`,
      remoteAddress: ip,
      headers: FORM,
      payload: 'value=1',
    });
    expect(first.statusCode).toBe(303);
    expect(String(first.headers.location)).toMatch(
      new RegExp(`^/articles/${slug}\\?sort=\\w+(&after=[^&#]+)?&vote=again#comment-${comment.id}$`),
    );
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^gz_guest=/);
    expect(await counts(comment.id)).toEqual({ upvotes: 0, downvotes: 0 });

    const landing = await t.app.inject({ url: String(first.headers.location).split('#')[0]!, remoteAddress: ip, headers: { cookie } });
    expect(landing.body).toContain('Your vote was not counted yet: this browser had no cookie. Press the vote button again to count it.');
    const csrf = /name="csrf" value="([^"]+)"/.exec(landing.body)![1]!;
    const second = await t.app.inject({
      method: 'POST',
      url: `/comments/${comment.id}/vote`,
      remoteAddress: ip,
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ value: '1', csrf }).toString(),
    });
    expect(second.statusCode).toBe(303);
    expect(String(second.headers.location)).not.toContain('vote=again');
    expect(await counts(comment.id)).toEqual({ upvotes: 1, downvotes: 0 });
    // The shared page never carries the note.
    expect((await t.app.inject(String(first.headers.location).split('#')[0]!)).body).not.toContain('Your vote was not counted');
  });
});
