// Issue 11, finding 7: reports weigh by the reporter's standing (domain/moderation/standing.ts).
// Guests' reports alone never hide a comment; verified accounts weigh 1, established ones 2, a
// staff report holds at once; staff comments are never hidden by reports; banned accounts cannot
// report. Every report still reaches the moderators' "Reported" queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment, type Reader } from '../helpers/readers.ts';
import { sanction } from '../moderation/helpers.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { queuesOf } from '../../src/domain/moderation/queue.ts';
import { ESTABLISHED_COMMENTS, ESTABLISHED_DAYS, STAFF_REPORT_WEIGHT } from '../../src/domain/moderation/standing.ts';

describe.each(testEngines())('reports weighed by standing on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let ipSeq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const post = await makePost(t.ctx, (await makeStaffWithToken(t.ctx, 'editor')).user, { title: 'Weighed thread' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  // Reports are limited per address: each report comes from its own.
  const report = (who: Reader, commentId: string, reason = 'spam') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${commentId}/report`,
      remoteAddress: `198.18.0.${++ipSeq % 250}`,
      headers: { cookie: who.cookie },
      payload: { reason },
    });
  const statusOf = async (id: string) => (await findComment(t.ctx.db, id))!.status;
  const weights = async (id: string) =>
    (await t.storage.db.selectFrom('comment_reports').select('weight').where('comment_id', '=', id).execute())
      .map((r) => Number(r.weight))
      .sort((a, b) => a - b);
  const inReportedQueue = async (id: string) => (await queuesOf(t.ctx, id))?.queues.includes('reported') ?? false;

  async function unverifiedReader(name: string): Promise<Reader> {
    const user = await createAccount(t.ctx, {
      email: `${randomBytes(4).toString('hex')}@example.test`,
      displayName: name,
      role: 'reader',
      emailVerified: false,
    });
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return {
      name,
      cookie: `gz_session=${token}`,
      user,
      commenter: { kind: 'account', id: user.id, role: 'reader', name, slug: user.slug },
    };
  }

  it('never hides a comment on guests’ reports alone, however many; it still reaches the Reported queue', async () => {
    const comment = await seedComment(t.ctx, { threadId, by: guestReader() });
    for (let i = 0; i < 10; i++) expect((await report(guestReader(), comment.id)).statusCode).toBe(201);
    expect(await statusOf(comment.id)).toBe('published');
    expect((await findComment(t.ctx.db, comment.id))!.report_count).toBe(10);
    expect(await weights(comment.id)).toEqual(Array(10).fill(0));
    expect(await inReportedQueue(comment.id)).toBe(true);
  });

  it('weighs unverified accounts 0 and verified ones 1: three verified accounts hold it', async () => {
    const comment = await seedComment(t.ctx, { threadId, by: guestReader() });
    await report(await unverifiedReader('Unverified One'), comment.id);
    await report(await unverifiedReader('Unverified Two'), comment.id);
    await report(await accountReader(t.ctx, 'Verified One'), comment.id);
    await report(await accountReader(t.ctx, 'Verified Two'), comment.id);
    expect(await statusOf(comment.id)).toBe('published');
    await report(await accountReader(t.ctx, 'Verified Three'), comment.id);
    expect(await statusOf(comment.id)).toBe('pending');
    expect(await weights(comment.id)).toEqual([0, 0, 1, 1, 1]);
    expect(JSON.parse((await findComment(t.ctx.db, comment.id))!.moderation)).toContainEqual(
      expect.objectContaining({ step: 'reports', verdict: 'hold', score: 3 }),
    );
  });

  it(`weighs an account with history (over ${ESTABLISHED_DAYS} days, ${ESTABLISHED_COMMENTS} published comments) 2`, async () => {
    const veteran = await accountReader(t.ctx, 'Veteran Reader');
    const longAgo = new Date(t.clock.now().getTime() - (ESTABLISHED_DAYS + 1) * 86_400_000).toISOString();
    await t.storage.db.updateTable('users').set({ created_at: longAgo }).where('id', '=', veteran.user!.id).execute();
    const comment = await seedComment(t.ctx, { threadId, by: guestReader() });
    // Old, but without published comments yet: a plain verified account.
    await report(veteran, comment.id);
    expect(await weights(comment.id)).toEqual([1]);
    for (let i = 0; i < ESTABLISHED_COMMENTS; i++) await seedComment(t.ctx, { threadId, by: veteran });
    const next = await seedComment(t.ctx, { threadId, by: guestReader() });
    await report(veteran, next.id);
    expect(await statusOf(next.id)).toBe('published');
    await report(await accountReader(t.ctx, 'Newcomer'), next.id);
    expect(await weights(next.id)).toEqual([1, 2]);
    expect(await statusOf(next.id)).toBe('pending');
  });

  it('holds at once on a staff member’s report', async () => {
    const comment = await seedComment(t.ctx, { threadId, by: guestReader() });
    const moderator = await accountReader(t.ctx, 'Desk Moderator', 'moderator');
    expect((await report(moderator, comment.id, 'harassment')).statusCode).toBe(201);
    expect(await statusOf(comment.id)).toBe('pending');
    expect(await weights(comment.id)).toEqual([STAFF_REPORT_WEIGHT]);
  });

  it('never hides a staff member’s comment on reports, but queues it for review', async () => {
    const editor = await accountReader(t.ctx, 'Staff Editor', 'editor');
    const comment = await seedComment(t.ctx, { threadId, by: editor });
    for (let i = 0; i < 4; i++) await report(await accountReader(t.ctx, `Verified ${i}`), comment.id);
    await report(await accountReader(t.ctx, 'Another Admin', 'admin'), comment.id);
    expect(await statusOf(comment.id)).toBe('published');
    expect((await findComment(t.ctx.db, comment.id))!.report_count).toBe(5);
    expect(await inReportedQueue(comment.id)).toBe(true);
  });

  it('refuses a banned account’s report with its own code; a shadow-banned one is taken and weighs nothing', async () => {
    const comment = await seedComment(t.ctx, { threadId, by: guestReader() });
    const banned = await accountReader(t.ctx, 'Banned Reporter');
    await sanction(t.ctx, `user:${banned.user!.id}`, 'ban', { reason: 'false reports' });
    const refused = await report(banned, comment.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('BANNED_FROM_REPORTING');

    // The no-JavaScript form refuses the same way.
    const page = await t.app.inject({ url: `/comments/${comment.id}`, headers: { cookie: banned.cookie } });
    const articlePage = await t.app.inject({ url: String(page.headers.location).split('#')[0]!, headers: { cookie: banned.cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(articlePage.body)![1]!;
    const form = await t.app.inject({
      method: 'POST',
      url: `/comments/${comment.id}/report`,
      remoteAddress: '198.18.1.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: banned.cookie },
      payload: new URLSearchParams({ reason: 'spam', csrf }).toString(),
    });
    expect(form.statusCode).toBe(403);
    expect(form.body).toContain('cannot report comments');

    const shadowed = await accountReader(t.ctx, 'Shadowed Reporter');
    await sanction(t.ctx, `user:${shadowed.user!.id}`, 'shadow');
    expect((await report(shadowed, comment.id)).statusCode).toBe(201);
    expect(await weights(comment.id)).toEqual([0]);
  });
});
