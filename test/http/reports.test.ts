// Readers' reports: one per person per comment, never on one's own, a hold once enough reports
// by verified accounts weigh the threshold (the weights: security-reports.test.ts), nothing about
// the reporters shown to the author, limited per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment, type Reader } from '../helpers/readers.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import type { GazetteEvent } from '../../src/events/bus.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines())('readers’ reports on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let ipSeq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Reported thread' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** Each test reports from its own address, so the per-address budget is only spent where that is the point. */
  const freshIp = () => `198.51.100.${++ipSeq}`;
  const report = (
    who: Reader | null,
    commentId: string,
    payload: Record<string, unknown>,
    options: { ip?: string; headers?: Record<string, string> } = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${commentId}/report`,
      remoteAddress: options.ip ?? '192.0.2.1',
      headers: { ...(who ? { cookie: who.cookie } : {}), ...options.headers },
      payload,
    });
  const publicThread = async () => (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest&limit=100`)).json();
  const reportsOf = (commentId: string) =>
    t.storage.db.selectFrom('comment_reports').selectAll().where('comment_id', '=', commentId).execute();

  it('takes one report per person: a second one replaces the reason and note and counts once', async () => {
    const ip = freshIp();
    const target = await seedComment(t.ctx, { threadId, by: guestReader('Author One') });
    const reporter = guestReader();
    const first = await report(reporter, target.id, { reason: 'spam' }, { ip });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ commentId: target.id, reason: 'spam', updated: false });
    const again = await report(reporter, target.id, { reason: 'harassment', note: 'name-calling' }, { ip });
    expect(again.statusCode).toBe(200);
    expect(again.json().updated).toBe(true);
    const rows = await reportsOf(target.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      reason: 'harassment',
      note: 'name-calling',
      reporter: `guest:${reporter.commenter.kind === 'guest' ? reporter.commenter.keyHash : ''}`,
    });
    expect((await findComment(t.ctx.db, target.id))!.report_count).toBe(1);
  });

  it('gives a reader without a cookie a guest key to report with', async () => {
    const target = await seedComment(t.ctx, { threadId, by: guestReader() });
    const response = await report(null, target.id, { reason: 'off-topic' }, { ip: freshIp() });
    expect(response.statusCode).toBe(201);
    expect(response.headers['set-cookie']).toMatch(/^gz_guest=/);
  });

  it('refuses one’s own comment, comments others cannot see, bad input, other sites and form bodies', async () => {
    const ip = freshIp();
    const author = guestReader('Self Reporter');
    const own = await seedComment(t.ctx, { threadId, by: author });
    const ownResponse = await report(author, own.id, { reason: 'spam' }, { ip });
    expect(ownResponse.statusCode).toBe(403);
    expect(ownResponse.json().error).toMatchObject({ code: 'OWN_COMMENT', message: 'you cannot report your own comment' });
    // One's own shadow comment answers the same: nothing tells a shadow-banned author apart.
    const ownShadow = await seedComment(t.ctx, { threadId, by: author, status: 'shadow' });
    expect((await report(author, ownShadow.id, { reason: 'spam' }, { ip })).json()).toEqual(ownResponse.json());

    const account = await accountReader(t.ctx, 'Account Author');
    const accountOwn = await seedComment(t.ctx, { threadId, by: account });
    expect((await report(account, accountOwn.id, { reason: 'spam' }, { ip })).statusCode).toBe(403);

    const someone = guestReader();
    for (const status of ['pending', 'shadow', 'rejected', 'spam', 'deleted'] as const) {
      const hidden = await seedComment(t.ctx, { threadId, by: guestReader(), status });
      expect((await report(someone, hidden.id, { reason: 'spam' }, { ip })).statusCode).toBe(404);
    }
    expect((await report(someone, 'nosuchcomment', { reason: 'spam' }, { ip })).statusCode).toBe(404);

    const target = await seedComment(t.ctx, { threadId, by: guestReader() });
    expect((await report(someone, target.id, { reason: 'rude' }, { ip })).json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'body.reason',
    });
    expect((await report(someone, target.id, {}, { ip })).json().error.field).toBe('body.reason');
    expect((await report(someone, target.id, { reason: 'other', note: 'x'.repeat(501) }, { ip })).json().error.field).toBe('body.note');
    expect((await report(someone, target.id, { reason: 'other', extra: 1 }, { ip })).json().error.field).toBe('body.extra');
    const crossSite = await report(someone, target.id, { reason: 'spam' }, { ip, headers: { origin: 'https://evil.example' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.field).toBe('origin');
    const form = await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${target.id}/report`,
      headers: { ...FORM, cookie: someone.cookie },
      payload: 'reason=spam',
    });
    expect(form.statusCode).toBe(415);
    expect(await reportsOf(target.id)).toEqual([]);
  });

  it('holds a published comment once enough different people report it, and says why', async () => {
    const ip = freshIp();
    const author = guestReader('Flamer');
    const target = await seedComment(t.ctx, { threadId, by: author, body: 'You are all idiots' });
    const reply = await seedComment(t.ctx, { threadId, by: guestReader(), parentId: target.id, body: 'calm down' });
    const events: GazetteEvent[] = [];
    const unsubscribe = t.ctx.events.subscribe((event) => events.push(event));
    const before = (await publicThread()).commentCount;

    // The same person twice is one report: two people so far. Reporters are verified accounts
    // (weight 1 each): guests' reports alone never hold a comment (issue 11; see security-reports.test.ts).
    const twice = await accountReader(t.ctx, 'Twice Reporter');
    await report(twice, target.id, { reason: 'harassment' }, { ip });
    await report(twice, target.id, { reason: 'harassment', note: 'really' }, { ip });
    await report(await accountReader(t.ctx, 'Spam Reporter'), target.id, { reason: 'spam' }, { ip });
    expect((await publicThread()).comments.find((c: { id: string }) => c.id === target.id).status).toBe('published');
    expect(events.filter((e) => e.type === 'comment.deleted')).toEqual([]);

    const third = await report(await accountReader(t.ctx, 'Third Reporter'), target.id, { reason: 'harassment' }, { ip });
    expect(third.statusCode).toBe(201);
    unsubscribe();

    const row = (await findComment(t.ctx.db, target.id))!;
    expect(row.status).toBe('pending');
    expect(row.report_count).toBe(3);
    expect(JSON.parse(row.moderation)).toContainEqual({
      step: 'reports',
      verdict: 'hold',
      reason: 'Reported by 3 people: 2 harassment, 1 spam',
      score: 3,
    });

    const thread = await publicThread();
    expect(thread.commentCount).toBe(before - 1);
    // Its reply keeps its place under a bare placeholder; nothing of the held text is public.
    expect(thread.comments.find((c: { id: string }) => c.id === target.id)).toMatchObject({ status: 'deleted', bodyHtml: '' });
    expect(thread.comments.some((c: { id: string }) => c.id === reply.id)).toBe(true);
    expect(JSON.stringify(thread)).not.toContain('idiots');

    expect(events).toContainEqual({
      type: 'comment.deleted',
      threadId,
      postId: expect.any(String),
      commentId: target.id,
      id: expect.any(String),
    });
    const log = await t.storage.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', target.id).execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor_id: null,
      action: 'hold',
      thread_id: threadId,
      subject: `email:${target.guest_email}`,
      reason: 'Reported by 3 people: 2 harassment, 1 spam',
    });
    expect(JSON.parse(log[0]!.details)).toEqual({ by: 'reports', threshold: 3, weight: 3, reports: { harassment: 2, spam: 1 } });

    // Held now: no further reports, and a later one does not hold it twice.
    expect((await report(guestReader(), target.id, { reason: 'spam' }, { ip })).statusCode).toBe(404);
    expect((await publicThread()).commentCount).toBe(before - 1);
  });

  it('follows the site’s threshold, counting only reports nobody has dealt with', async () => {
    const ip = freshIp();
    await saveModerationSettings(t.ctx, { reportThreshold: 2 });
    const target = await seedComment(t.ctx, { threadId, by: guestReader() });
    await report(await accountReader(t.ctx, 'First'), target.id, { reason: 'spam' }, { ip });
    // A moderator looked at the first report and let the comment stand.
    await t.storage.db
      .updateTable('comment_reports')
      .set({ resolved_at: new Date().toISOString() })
      .where('comment_id', '=', target.id)
      .execute();
    await report(await accountReader(t.ctx, 'Second'), target.id, { reason: 'spam' }, { ip });
    expect((await findComment(t.ctx.db, target.id))!.status).toBe('published');
    await report(await accountReader(t.ctx, 'Third'), target.id, { reason: 'other' }, { ip });
    expect((await findComment(t.ctx.db, target.id))!.status).toBe('pending');
    await saveModerationSettings(t.ctx, { reportThreshold: 3 });
  });

  it('never shows the reporters to the author, nor anywhere public', async () => {
    const ip = freshIp();
    const author = guestReader('Watched Author');
    const target = await seedComment(t.ctx, { threadId, by: author, body: 'A watched comment' });
    const rita = await accountReader(t.ctx, 'Rita Reporter');
    const gus = guestReader();
    await report(rita, target.id, { reason: 'harassment', note: 'rita-private-note' }, { ip });
    await report(gus, target.id, { reason: 'harassment', note: 'gus-private-note' }, { ip });
    // Gus is a guest (weight 0): two more accounts make the hold.
    await report(await accountReader(t.ctx, 'Second Account'), target.id, { reason: 'spam' }, { ip });
    await report(await accountReader(t.ctx, 'Third Account'), target.id, { reason: 'spam' }, { ip });
    expect((await findComment(t.ctx.db, target.id))!.status).toBe('pending');

    const secrets = [
      'Rita Reporter',
      rita.user!.id,
      rita.user!.slug,
      gus.commenter.kind === 'guest' ? gus.commenter.keyHash : '?',
      'private-note',
    ];
    const mine = await t.app.inject({ url: `/api/v1/threads/${threadId}/mine`, headers: { cookie: author.cookie } });
    expect(mine.json().comments).toContainEqual(expect.objectContaining({ id: target.id, status: 'pending' }));
    const personal = await t.app.inject({ url: `/articles/${slug}?sort=oldest`, headers: { cookie: author.cookie } });
    expect(personal.body).toContain('A watched comment');
    expect(personal.body).toContain('Awaiting review — only you can see this');
    const shared = [
      await t.app.inject(`/articles/${slug}?sort=oldest`),
      await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest&limit=100`),
    ];
    for (const body of [mine.body, personal.body, ...shared.map((r) => r.body)]) {
      for (const secret of secrets) expect(body).not.toContain(secret);
    }
  });

  it('limits reports per address with 429 and Retry-After', async () => {
    const ip = freshIp();
    const { limit } = RATE_RULES.reportPerIp;
    const reporter = guestReader();
    for (let i = 0; i < limit; i++) {
      const target = await seedComment(t.ctx, { threadId, by: guestReader() });
      expect((await report(reporter, target.id, { reason: 'spam' }, { ip })).statusCode).toBe(201);
    }
    const target = await seedComment(t.ctx, { threadId, by: guestReader() });
    const refused = await report(reporter, target.id, { reason: 'spam' }, { ip });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect((await report(reporter, target.id, { reason: 'spam' }, { ip: freshIp() })).statusCode).toBe(201);
    t.clock.advance(retryAfter * 1000);
    const other = await seedComment(t.ctx, { threadId, by: guestReader() });
    expect((await report(reporter, other.id, { reason: 'spam' }, { ip })).statusCode).toBe(201);
  });

  it('works without JavaScript: a Report form on every comment, a thank-you after sending', async () => {
    const ip = freshIp();
    const target = await seedComment(t.ctx, { threadId, by: guestReader('Form Target'), body: 'Report me by form' });
    const reader = guestReader();
    const page = await t.app.inject({ url: `/articles/${slug}?sort=oldest`, headers: { cookie: reader.cookie } });
    const article = page.body.slice(page.body.indexOf(`id="comment-${target.id}"`));
    expect(article).toMatch(
      /<details class="report">\s*<summary>Report<span class="visually-hidden"> comment by Form Target<\/span><\/summary>/,
    );
    expect(article).toContain(`action="/comments/${target.id}/report"`);
    expect(article).toContain('<input type="radio" name="reason" value="harassment">');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;

    const forged = await t.app.inject({
      method: 'POST',
      url: `/comments/${target.id}/report`,
      remoteAddress: ip,
      headers: { ...FORM, cookie: reader.cookie },
      payload: 'reason=spam',
    });
    expect(forged.statusCode).toBe(403);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/comments/${target.id}/report`,
      remoteAddress: ip,
      headers: { ...FORM, cookie: reader.cookie },
      payload: new URLSearchParams({ reason: 'off-topic', note: 'about football', csrf }).toString(),
    });
    expect(sent.statusCode).toBe(303);
    const location = String(sent.headers.location);
    expect(location).toMatch(new RegExp(`^/articles/${slug}\\?sort=oldest&after=[^&#]+&reported=1#comment-${target.id}$`));
    const landing = await t.app.inject({ url: location.split('#')[0]!, headers: { cookie: reader.cookie } });
    expect(landing.body).toContain('<p class="thread-notice" role="status">Report sent. Thanks, a moderator will look at it.</p>');
    expect((await reportsOf(target.id))[0]).toMatchObject({ reason: 'off-topic', note: 'about football' });
    // The shared page never thanks anyone.
    expect((await t.app.inject(location.split('#')[0]!)).body).not.toContain('thread-notice');
  });
});
