// The newsroom dashboard on /desk: with comments, decisions and articles at known times, every
// figure is exactly right for the last 7 days, the last 30 days and all time (per-bucket
// counts, new against returning commenters, the median wait for a first decision, articles
// per week, the most discussed, the queue); the page draws them as SVG with the same numbers in
// a table; a wrong period is refused naming the field; readers are refused; the demo's 2016
// discussion shows under "all time".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { addComment } from '../moderation/helpers.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { moderateComment } from '../../src/domain/moderation/actions.ts';
import { newsroomStats } from '../../src/domain/newsroom/stats.ts';
import { loadDemoIfEmpty } from '../../src/demo/load.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import type { Comment, Post, Role, User } from '../../src/storage/schema.ts';

const NOW = '2026-03-10T12:00:00.000Z'; // a Tuesday

describe.each(testEngines())('newsroom dashboard on %s', (engine) => {
  let t: TestApp;
  let editor: User;
  let author: User;
  let p1: Post;
  let p2: Post;
  let p3: Post;
  let allTimeDecision: number;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set(NOW);
    editor = await makeUser(t.ctx, 'editor', 'Eddie Editor');
    author = await makeUser(t.ctx, 'author', 'Ava Author');
    const moderator = await makeUser(t.ctx, 'moderator');
    const [r1, r2, r3] = [await makeUser(t.ctx, 'reader'), await makeUser(t.ctx, 'reader'), await makeUser(t.ctx, 'reader')];

    // Articles: three live ones; a page, a draft and a future scheduled post do not count.
    p1 = await makePost(t.ctx, editor, { title: 'Most talked about', publishedAt: '2026-03-09T08:00:00Z' });
    p2 = await makePost(t.ctx, author, { title: 'Second', publishedAt: '2026-03-02T10:00:00Z' });
    p3 = await makePost(t.ctx, editor, { title: 'Old one', publishedAt: '2025-12-01T09:00:00Z' });
    await makePost(t.ctx, editor, { type: 'page', title: 'About', publishedAt: '2026-03-05T09:00:00Z' });
    await makePost(t.ctx, editor, { title: 'Unfinished', status: 'draft' });
    await makePost(t.ctx, editor, { title: 'Coming', status: 'scheduled', publishedAt: '2026-03-20T09:00:00Z' });
    const [t1, t2, t3] = await Promise.all([p1, p2, p3].map((p) => threadForPost(t.ctx.db, t.clock, p)));

    const say = (threadId: string, created_at: string, who: { author_id?: string; guest_email?: string }, status: Comment['status']) =>
      addComment(t.ctx, {
        thread_id: threadId,
        created_at,
        status,
        author_id: who.author_id ?? null,
        guest_email: who.guest_email ?? null,
      });
    const acct = (u: User) => ({ author_id: u.id });
    const old = await say(t3!.id, '2025-11-20T10:00:00.000Z', acct(r1), 'published');
    await say(t3!.id, '2026-02-01T10:00:00.000Z', acct(r1), 'published');
    await say(t2!.id, '2026-02-20T10:00:00.000Z', acct(r2), 'published');
    const r3held = await say(t1!.id, '2026-03-05T11:00:00.000Z', acct(r3), 'pending');
    const g1held = await say(t2!.id, '2026-03-06T08:00:00.000Z', { guest_email: 'g1@example.test' }, 'pending');
    await say(t1!.id, '2026-03-06T20:00:00.000Z', { guest_email: 'g1@example.test' }, 'published');
    const spam = await say(t1!.id, '2026-03-07T10:00:00.000Z', { guest_email: 'spam@example.test' }, 'pending');
    await say(t2!.id, '2026-03-08T07:00:00.000Z', { guest_email: 'g2@example.test' }, 'pending');
    await say(t1!.id, '2026-03-09T10:00:00.000Z', acct(r1), 'published');
    await say(t1!.id, '2026-03-10T09:00:00.000Z', acct(r2), 'pending');

    // Decisions, each at its own time: 2 h 14 min, 2 h 30 min (then a second one, which does not
    // count), 30 min; and one on a comment that arrived long before the last 30 days.
    const decide = async (at: string, id: string, action: 'approve' | 'reject' | 'spam') => {
      t.clock.set(at);
      await moderateComment(t.ctx, moderator, id, action, action === 'reject' ? 'Off topic' : undefined);
    };
    await decide('2026-03-05T13:14:00.000Z', r3held.id, 'approve');
    await decide('2026-03-06T10:30:00.000Z', g1held.id, 'reject');
    await decide('2026-03-07T00:00:00.000Z', g1held.id, 'approve');
    await decide('2026-03-07T10:30:00.000Z', spam.id, 'spam');
    await decide('2026-03-08T00:00:00.000Z', old.id, 'reject');
    allTimeDecision = (Date.parse('2026-03-08T00:00:00.000Z') - Date.parse(old.created_at)) / 1000;
    t.clock.set(NOW);
  }, 60_000);
  afterAll(async () => t?.close());

  const stats = (period: '7d' | '30d' | 'all', who: User = editor) => newsroomStats(t.ctx, who, period);

  it('counts the last 7 days: whole UTC days, today included', async () => {
    const s = await stats('7d');
    expect([s.firstDay, s.lastDay, s.comments.unit]).toEqual(['2026-03-04', '2026-03-10', 'day']);
    expect(s.comments.buckets).toEqual([
      { start: '2026-03-04', count: 0 },
      { start: '2026-03-05', count: 1 },
      { start: '2026-03-06', count: 2 },
      { start: '2026-03-07', count: 0 }, // the only comment that day was spam
      { start: '2026-03-08', count: 1 },
      { start: '2026-03-09', count: 1 },
      { start: '2026-03-10', count: 1 },
    ]);
    expect(s.comments.total).toBe(6);
    // r3, g1, g2 commented for the first time; r1 and r2 had commented before 4 March.
    expect([s.commenters.newCount, s.commenters.returning]).toEqual([3, 2]);
    expect(s.commenters.buckets.map((b) => [b.start.slice(5), b.newCount, b.returning])).toEqual([
      ['03-04', 0, 0],
      ['03-05', 1, 0],
      ['03-06', 1, 0],
      ['03-07', 0, 0],
      ['03-08', 1, 0],
      ['03-09', 0, 1],
      ['03-10', 0, 1],
    ]);
    // Weeks start on Monday; p2 went live on Monday 2 March, before the period began.
    expect(s.posts).toEqual({
      unit: 'week',
      total: 1,
      buckets: [
        { start: '2026-03-02', count: 0 },
        { start: '2026-03-09', count: 1 },
      ],
    });
    expect(s.topArticles.map((a) => [a.title, a.comments])).toEqual([
      ['Most talked about', 4],
      ['Second', 2],
    ]);
    expect(s.queue).toEqual({ pending: 2, oldestAt: '2026-03-08T07:00:00.000Z' });
    // 30 min, 2 h 14 min, 2 h 30 min: the middle one. The old comment arrived before the period.
    expect(s.decisions).toEqual({ decided: 3, medianSeconds: 2 * 3600 + 14 * 60 });
  });

  it('counts the last 30 days', async () => {
    const s = await stats('30d');
    expect([s.firstDay, s.lastDay]).toEqual(['2026-02-09', '2026-03-10']);
    expect(s.comments.buckets).toHaveLength(30);
    expect(s.comments.buckets.filter((b) => b.count > 0).map((b) => [b.start.slice(5), b.count])).toEqual([
      ['02-20', 1],
      ['03-05', 1],
      ['03-06', 2],
      ['03-08', 1],
      ['03-09', 1],
      ['03-10', 1],
    ]);
    expect(s.comments.total).toBe(7);
    // r2 is new now (first comment 20 February); r1's 1 February comment is before the period.
    expect([s.commenters.newCount, s.commenters.returning]).toEqual([4, 1]);
    expect(s.commenters.buckets.find((b) => b.start === '2026-03-10')).toEqual({ start: '2026-03-10', newCount: 0, returning: 1 });
    expect(s.posts.buckets.map((b) => [b.start.slice(5), b.count])).toEqual([
      ['02-09', 0],
      ['02-16', 0],
      ['02-23', 0],
      ['03-02', 1],
      ['03-09', 1],
    ]);
    expect(s.posts.total).toBe(2);
    expect(s.topArticles.map((a) => [a.title, a.comments])).toEqual([
      ['Most talked about', 4],
      ['Second', 3],
    ]);
    expect(s.decisions).toEqual({ decided: 3, medianSeconds: 2 * 3600 + 14 * 60 });
  });

  it('counts all time in weeks, from the first activity to the latest', async () => {
    const s = await stats('all');
    expect([s.firstDay, s.lastDay, s.comments.unit, s.empty]).toEqual(['2025-11-20', '2026-03-10', 'week', false]);
    expect(s.comments.buckets).toHaveLength(17);
    expect(s.comments.buckets[0]!.start).toBe('2025-11-17');
    expect(s.comments.buckets.filter((b) => b.count > 0).map((b) => [b.start, b.count])).toEqual([
      ['2025-11-17', 1],
      ['2026-01-26', 1],
      ['2026-02-16', 1],
      ['2026-03-02', 4],
      ['2026-03-09', 2],
    ]);
    expect(s.comments.total).toBe(9);
    expect([s.commenters.newCount, s.commenters.returning]).toEqual([5, 0]);
    expect(s.commenters.buckets.filter((b) => b.newCount + b.returning > 0).map((b) => [b.start, b.newCount, b.returning])).toEqual([
      ['2025-11-17', 1, 0],
      ['2026-01-26', 0, 1],
      ['2026-02-16', 1, 0],
      ['2026-03-02', 3, 0],
      ['2026-03-09', 0, 2],
    ]);
    expect(s.posts.unit).toBe('week');
    expect(s.posts.buckets.filter((b) => b.count > 0).map((b) => b.start)).toEqual(['2025-12-01', '2026-03-02', '2026-03-09']);
    expect(s.topArticles.map((a) => [a.title, a.comments])).toEqual([
      ['Most talked about', 4],
      ['Second', 3],
      ['Old one', 2],
    ]);
    // Four decided: 30 min, 2 h 14 min, 2 h 30 min and the old comment's months: between the middle two.
    expect(allTimeDecision).toBeGreaterThan(9000);
    expect(s.decisions).toEqual({ decided: 4, medianSeconds: (8040 + 9000) / 2 });
  });

  it('lets an author open only their own articles in the editor', async () => {
    const s = await stats('30d', author);
    expect(s.topArticles.map((a) => [a.title, a.mayEdit])).toEqual([
      ['Most talked about', false],
      ['Second', true],
    ]);
    expect((await stats('30d')).topArticles.every((a) => a.mayEdit)).toBe(true);
  });

  async function page(url: string, role: Role | User) {
    const user = typeof role === 'string' ? await makeUser(t.ctx, role) : role;
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return t.app.inject({ url, headers: { cookie: `gz_session=${token}` } });
  }
  /** The cells of the table whose caption is given, row by row. */
  function tableRows(body: string, caption: string): string[][] {
    const start = body.indexOf(`<caption>${caption}</caption>`);
    expect(start, caption).toBeGreaterThan(0);
    const table = body.slice(start, body.indexOf('</table>', start));
    return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]!),
    );
  }

  it('draws the charts as SVG images with the same numbers in tables, and the period form', async () => {
    const response = await page('/desk?period=7d', editor);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body.match(/<svg class="chart-svg" role="img" aria-labelledby="([a-z-]+)-title \1-desc"/g)).toHaveLength(3);
    expect(body).toContain('<title id="chart-comments-title">Comments per day</title>');
    expect(body).toContain('<desc id="chart-comments-desc">6 comments in all; the most, 2, in the day starting 6 Mar 2026.</desc>');
    expect(body).not.toMatch(/style="/);
    expect(tableRows(body, 'Comments per day')).toEqual([
      ['Day', 'Comments'],
      ['Wed 4 Mar 2026', '0'],
      ['Thu 5 Mar 2026', '1'],
      ['Fri 6 Mar 2026', '2'],
      ['Sat 7 Mar 2026', '0'],
      ['Sun 8 Mar 2026', '1'],
      ['Mon 9 Mar 2026', '1'],
      ['Tue 10 Mar 2026', '1'],
    ]);
    expect(tableRows(body, 'New and returning commenters per day').slice(0, 3)).toEqual([
      ['Day', 'New', 'Returning', 'Total'],
      ['Wed 4 Mar 2026', '0', '0', '0'],
      ['Thu 5 Mar 2026', '1', '0', '1'],
    ]);
    expect(tableRows(body, 'Articles published per week')).toEqual([
      ['Week', 'Articles'],
      ['Week of 2 Mar 2026', '0'],
      ['Week of 9 Mar 2026', '1'],
    ]);
    expect(body).toContain('<dd id="desk-figure-comments">6</dd>');
    expect(body).toContain('3 new, 2 returning');
    expect(body).toMatch(/2 h 14 min\s*<span class="desk-figure-note">\(3 comments decided\)<\/span>/);
    expect(body).toContain(`<a href="/articles/${p1.slug}">Most talked about</a>`);
    expect(body).toContain(`href="/desk/posts/${p1.id}/edit"`);
    // The period: a GET form that works without JavaScript, and plain links.
    expect(body).toContain('<form class="desk-period" method="get" action="/desk"');
    expect(body).toContain('<option value="7d" selected>Last 7 days</option>');
    expect(body).toContain('<a href="/desk?period=7d" aria-current="page">Last 7 days</a>');
    // The desk's own parts stay: the navigation, and for admins the settings form.
    expect(body).toContain('<nav class="desk-nav" aria-label="Desk">');
    expect((await page('/desk', 'admin')).body).toContain('action="/desk/settings"');
  });

  it('shows the last 30 days by default, and all time on asking', async () => {
    expect((await page('/desk', editor)).body).toContain('<option value="30d" selected>Last 30 days</option>');
    const all = await page('/desk?period=all', editor);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('from the first activity, 20 Nov 2025, to the latest, 10 Mar 2026');
    expect(tableRows(all.body, 'Comments per week')[1]).toEqual(['Week of 17 Nov 2025', '1']);
    expect(all.body).toContain('<dd id="desk-figure-comments">9</dd>');
  });

  it('refuses a period it does not know, naming the field, and keeps readers out', async () => {
    const bad = await page('/desk?period=90d', editor);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<p id="desk-period-error" class="field-error">Period: must be one of 7d, 30d, all');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).not.toContain('<svg');
    for (const role of ['reader', 'moderator'] as Role[]) {
      const refused = await page('/desk?period=all', role);
      expect(refused.statusCode, role).toBe(403);
      expect(refused.body).not.toContain('chart-svg');
    }
    await expect(newsroomStats(t.ctx, await makeUser(t.ctx, 'reader'), 'all')).rejects.toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
  });
});

describe.each(testEngines())('newsroom dashboard with the demo on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await loadDemoIfEmpty(t.ctx);
  }, 120_000);
  afterAll(async () => t?.close());

  it('shows the demo’s 2016 articles and discussion under all time', async () => {
    const editor = await makeUser(t.ctx, 'editor');
    const s = await newsroomStats(t.ctx, editor, 'all');
    expect(s.firstDay.slice(0, 4)).toBe('2016');
    expect(s.lastDay.slice(0, 4)).toBe('2016');
    expect(s.comments.unit).toBe('week');
    expect(s.comments.buckets.length).toBeLessThanOrEqual(60);
    expect(s.comments.total).toBeGreaterThan(50);
    expect(s.commenters.newCount).toBeGreaterThan(10);
    expect(s.commenters.buckets.some((b) => b.returning > 0)).toBe(true);
    expect(s.posts.total).toBeGreaterThanOrEqual(9);
    expect(s.topArticles[0]).toMatchObject({ slug: 'sony-mobile-to-defocus-on-india-and-usa', live: true });
    // Nothing happened in the last 30 days of the test's clock (2026).
    expect((await newsroomStats(t.ctx, editor, '30d')).comments.total).toBe(0);
  });
});
