// Issue 13, "without JavaScript, every action lands on a one-comment slice of the thread": posting,
// replying, voting and reporting from a plain form bring the reader back to the page of the thread
// they were on (same order, same page), at the comment, with a confirmation (role="status") drawn
// in their own render only, their comment in place with Edit and Delete on it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const unique = () => randomBytes(4).toString('hex');

describe.each(testEngines())('coming back to the thread after a no-JS action on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let ipSeq = 0;
  const oldest: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    slug = (await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'A long discussion' })).slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
    // Two pages of conversations, one second apart.
    const someone = guestReader('Earlier Reader');
    for (let i = 0; i < 30; i++) {
      t.clock.set(new Date(Date.UTC(2026, 0, 10, 9, 0, i)).toISOString());
      oldest.push((await seedComment(t.ctx, { threadId, by: someone, body: `Conversation ${i}` })).id);
    }
    t.clock.set('2026-01-15T12:00:00.000Z');
  });
  afterAll(async () => t?.close());

  /** A browser without JavaScript: it keeps its cookies and sends the forms the page holds. */
  function browser() {
    const ip = `192.0.2.${++ipSeq}`;
    const jar = new Map<string, string>();
    const call = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
      const response = await t.app.inject({
        method,
        url,
        remoteAddress: ip,
        payload: form ? new URLSearchParams(form).toString() : undefined,
        headers: { ...(form ? FORM : {}), ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}) },
      });
      const set = response.headers['set-cookie'];
      for (const line of Array.isArray(set) ? set : set ? [set] : []) {
        const pair = line.split(';')[0]!;
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return response;
    };
    return {
      call,
      follow: (response: { headers: Record<string, unknown> }) => call('GET', String(response.headers.location).split('#')[0]!),
    };
  }

  /** The hidden fields of the first form posting to `action` on the page, as the browser would send them. */
  function fieldsOf(body: string, action: string): Record<string, string> {
    const start = body.indexOf(`action="${action}"`);
    expect(start, `a form posting to ${action}`).toBeGreaterThanOrEqual(0);
    const form = body.slice(start, body.indexOf('</form>', start));
    return Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, decode(m[2]!)]),
    );
  }
  const decode = (value: string) =>
    value
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"');
  const hrefOf = (body: string, pattern: RegExp) => decode(pattern.exec(body)![1]!);
  const commentIn = (body: string, id: string) => {
    const start = body.indexOf(`<article id="comment-${id}"`);
    expect(start, `comment ${id} on the page`).toBeGreaterThanOrEqual(0);
    return body.slice(start, body.indexOf('</article>', start));
  };
  const notice = (body: string) => /<p class="thread-notice" role="status">([^<]*)<\/p>/.exec(body)?.[1];

  it('posts a comment from the newest-first page and comes back to that page, at the comment, confirmed, with Edit and Delete', async () => {
    const b = browser();
    const page = await b.call('GET', `/articles/${slug}?sort=newest`);
    const form = fieldsOf(page.body, `/articles/${slug}/comments`);
    expect(form).toMatchObject({ sort: 'newest' });
    const posted = await b.call('POST', `/articles/${slug}/comments`, {
      ...form,
      body: 'Back where I was',
      name: 'Nora',
      email: `${unique()}@example.test`,
    });
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    const id = /#comment-(.+)$/.exec(location)![1]!;
    expect(location).toBe(`/articles/${slug}?sort=newest&posted=${id}#comment-${id}`);

    const landing = await b.follow(posted);
    expect(landing.headers['cache-control']).toBe('private, no-store');
    expect(notice(landing.body)).toBe('Your comment is published.');
    expect(landing.body).toContain('data-sort="newest"');
    const mine = commentIn(landing.body, id);
    expect(mine).toContain('<p>Back where I was</p>');
    expect(mine).toContain(`/comments/${id}/delete`);
    expect(mine).toContain(`?sort=newest&amp;edit=${id}#comment-${id}`);
    // The whole thread, not a slice: the other conversations are there too.
    expect(landing.body).toContain('Conversation 29');

    // The confirmation is never shared: the same address without a cookie, then the plain page.
    const anonymous = await t.app.inject(location.split('#')[0]!);
    expect(notice(anonymous.body)).toBeUndefined();
    expect(anonymous.body).not.toContain('own-actions');
    expect(notice((await t.app.inject(`/articles/${slug}?sort=newest`)).body)).toBeUndefined();
  });

  it('replies from the second page in oldest order and comes back to that page with the reply under its parent', async () => {
    const b = browser();
    const first = await b.call('GET', `/articles/${slug}?sort=oldest`);
    const next = hrefOf(first.body, /<a class="load-more" href="([^"]+)"/);
    const second = await b.call('GET', next.split('#')[0]!);
    const parent = oldest[27]!;
    const replyHref = hrefOf(second.body, new RegExp(`<a class="reply-link" href="([^"]*replyTo=${parent}[^"]*)"`));
    expect(replyHref).toMatch(/^\/articles\/[^?]+\?sort=oldest&after=[^&]+&replyTo=/);
    const replyPage = await b.call('GET', replyHref.split('#')[0]!);
    const form = fieldsOf(replyPage.body, `/articles/${slug}/comments`);
    expect(form).toMatchObject({ sort: 'oldest', parentId: parent });
    expect(form.after).toBeTruthy();

    const posted = await b.call('POST', `/articles/${slug}/comments`, {
      ...form,
      body: 'An answer on page two',
      name: 'Rafa',
      email: `${unique()}@example.test`,
    });
    const id = /#comment-(.+)$/.exec(String(posted.headers.location))![1]!;
    expect(String(posted.headers.location)).toBe(
      `/articles/${slug}?sort=oldest&after=${encodeURIComponent(form.after!)}&posted=${id}#comment-${id}`,
    );
    const landing = await b.follow(posted);
    expect(notice(landing.body)).toBe('Your comment is published.');
    const parentItem = landing.body.slice(landing.body.indexOf(`<article id="comment-${parent}"`));
    expect(parentItem.slice(0, parentItem.indexOf('</li>'))).toContain(`data-parent-id="${parent}"`);
    expect(commentIn(landing.body, id)).toContain(`/comments/${id}/delete`);
    // Still page two: conversation 29 is here, conversation 0 is not.
    expect(landing.body).toContain('Conversation 29');
    expect(landing.body).not.toContain('Conversation 0<');
  });

  it('says a held comment is held for review, and shows it to its author in place', async () => {
    const b = browser();
    const form = fieldsOf((await b.call('GET', `/articles/${slug}`)).body, `/articles/${slug}/comments`);
    const links = ['https://a.example', 'https://b.example', 'https://c.example', 'https://d.example'].join(' ');
    const posted = await b.call('POST', `/articles/${slug}/comments`, {
      ...form,
      body: `See ${links}`,
      name: 'Linky',
      email: `${unique()}@example.test`,
    });
    const id = /#comment-(.+)$/.exec(String(posted.headers.location))![1]!;
    expect(String(posted.headers.location)).toBe(`/articles/${slug}?sort=best&posted=${id}#comment-${id}`);
    const landing = await b.follow(posted);
    expect(notice(landing.body)).toBe('Your comment is held for review: others will see it once a moderator approves it.');
    const mine = commentIn(landing.body, id);
    expect(mine).toContain('Awaiting review');
    expect(mine).toContain(`/comments/${id}/delete`);
  });

  it('counts a vote and sends a report from the page the reader was on, and says so', async () => {
    const b = browser();
    // A cookie first (a guest's first vote only earns one): post something.
    const start = fieldsOf((await b.call('GET', `/articles/${slug}`)).body, `/articles/${slug}/comments`);
    await b.call('POST', `/articles/${slug}/comments`, { ...start, body: 'Hello', name: 'Vic', email: `${unique()}@example.test` });

    const target = oldest[3]!;
    const page = await b.call('GET', `/articles/${slug}?sort=oldest`);
    const voteForm = fieldsOf(page.body, `/comments/${target}/vote`);
    expect(voteForm).toMatchObject({ sort: 'oldest' });
    const voted = await b.call('POST', `/comments/${target}/vote`, { ...voteForm, value: '1' });
    expect(voted.headers.location).toBe(`/articles/${slug}?sort=oldest&voted=1#comment-${target}`);
    const afterVote = await b.follow(voted);
    expect(notice(afterVote.body)).toBe('Vote counted.');
    expect(commentIn(afterVote.body, target)).toContain('aria-label="Score: 1"');

    const reportForm = fieldsOf(afterVote.body, `/comments/${target}/report`);
    const reported = await b.call('POST', `/comments/${target}/report`, { ...reportForm, reason: 'off-topic' });
    expect(reported.headers.location).toBe(`/articles/${slug}?sort=oldest&reported=1#comment-${target}`);
    expect(notice((await b.follow(reported)).body)).toBe('Report sent. Thanks, a moderator will look at it.');
    // Nobody else is told.
    expect(notice((await t.app.inject(`/articles/${slug}?sort=oldest&voted=1`)).body)).toBeUndefined();
  });
});
