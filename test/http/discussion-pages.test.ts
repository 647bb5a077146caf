// The discussion inside the article page, used the way a browser without JavaScript uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines())('discussion in the article page on %s', (engine) => {
  let t: TestApp;
  let path: string;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { title: 'Talk about it' });
    path = `/articles/${post.slug}`;
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']).split(';')[0]!;
  const csrfIn = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1];

  it('serves the shared page with an empty thread and a guest form without a token', async () => {
    const page = await t.app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('public, no-cache');
    expect(page.body).toContain(`data-thread-id="${threadId}"`);
    expect(page.body).toContain('action="' + path + '/comments"');
    expect(page.body).toContain('name="email"');
    expect(csrfIn(page.body)).toBeUndefined();
  });

  it('posts a comment from a plain form, lands on it, and shows it to everyone on the next request', async () => {
    const etagBefore = (await t.app.inject(path)).headers.etag;
    const posted = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: FORM,
      payload: form({ body: 'First *thoughts*', name: 'QBerto', email: 'q@example.com' }),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(new RegExp(`^${path}\\?sort=oldest&after=[^#]+#comment-[A-Za-z0-9_-]+$`));
    const cookie = cookieOf(posted);
    expect(cookie).toMatch(/^gz_guest=/);

    const landing = await t.app.inject({ url: String(posted.headers.location).split('#')[0]!, headers: { cookie } });
    expect(landing.body).toContain('First <em>thoughts</em>');
    // The poster's own view is personal: a form token, never cached.
    expect(landing.headers['cache-control']).toBe('private, no-store');
    expect(csrfIn(landing.body)).toBeDefined();

    const shared = await t.app.inject(path);
    expect(shared.headers.etag).not.toBe(etagBefore);
    expect(shared.body).toContain('First <em>thoughts</em>');
    expect(shared.body).toContain('itemtype="https://schema.org/Comment"');
    expect(shared.body).not.toContain('q@example.com');
    expect(shared.body).toMatch(/1 comment</);
  });

  it('requires the form token from a browser with a cookie, and refuses other sites', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: FORM,
      payload: form({ body: 'hello', name: 'A', email: 'a@example.com' }),
    });
    const cookie = cookieOf(first);
    const noToken = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: { ...FORM, cookie },
      payload: form({ body: 'forged', name: 'A', email: 'a@example.com' }),
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('reload the page');
    const page = await t.app.inject({ url: path, headers: { cookie } });
    const withToken = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: { ...FORM, cookie },
      payload: form({ body: 'genuine', name: 'A', email: 'a@example.com', csrf: csrfIn(page.body)! }),
    });
    expect(withToken.statusCode).toBe(303);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: { ...FORM, origin: 'https://evil.example' },
      payload: form({ body: 'x', name: 'A', email: 'a@example.com' }),
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('shows the form again with the error, the field marked and the text kept (escaped)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: FORM,
      payload: form({ body: '<b>keep me</b>', name: 'A', email: 'not-an-email' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('role="alert"');
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).toContain('&lt;b&gt;keep me&lt;/b&gt;');
    expect(response.body).not.toContain('<b>keep me</b>');
  });

  it('replies without JavaScript and nests the reply under its parent', async () => {
    const parent = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: 'parent here', guest: { name: 'Gary Ohanian', email: 'g@example.com' } },
      })
    ).json();
    const replyPage = await t.app.inject(`${path}?replyTo=${parent.id}`);
    expect(replyPage.body).toContain('Replying to');
    expect(replyPage.body).toContain(`name="parentId" value="${parent.id}"`);
    const posted = await t.app.inject({
      method: 'POST',
      url: `${path}/comments`,
      headers: FORM,
      payload: form({ body: 'the reply', name: 'B', email: 'b@example.com', parentId: parent.id }),
    });
    expect(posted.statusCode).toBe(303);
    const page = (await t.app.inject(String(posted.headers.location).split('#')[0]!)).body;
    const parentAt = page.indexOf(`id="comment-${parent.id}"`);
    const replyAt = page.indexOf('the reply');
    expect(parentAt).toBeGreaterThan(-1);
    expect(replyAt).toBeGreaterThan(parentAt);
    expect(page.slice(parentAt, replyAt)).toContain('class="replies"');
  });

  it('votes from a plain form and follows a permalink to the comment', async () => {
    const target = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: 'vote me', guest: { name: 'C', email: 'c@example.com' } },
      })
    ).json();
    // Without a cookie the vote only gets the browser one, and the page asks for the vote again (issue 11).
    const first = await t.app.inject({ method: 'POST', url: `/comments/${target.id}/vote`, headers: FORM, payload: form({ value: '1' }) });
    expect(first.statusCode).toBe(303);
    expect(String(first.headers.location)).toContain('vote=again');
    const cookie = cookieOf(first);
    const csrf = /name="csrf" value="([^"]+)"/.exec(
      (await t.app.inject({ url: String(first.headers.location).split('#')[0]!, headers: { cookie } })).body,
    )![1]!;
    const voted = await t.app.inject({
      method: 'POST',
      url: `/comments/${target.id}/vote`,
      headers: { ...FORM, cookie },
      payload: form({ value: '1', csrf }),
    });
    expect(voted.statusCode).toBe(303);
    expect((await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=best`)).json().comments[0]).toMatchObject({
      id: target.id,
      score: 1,
    });
    const permalink = await t.app.inject(`/comments/${target.id}`);
    expect(permalink.statusCode).toBe(302);
    expect(permalink.headers.location).toContain(`#comment-${target.id}`);
    expect((await t.app.inject(String(permalink.headers.location).split('#')[0]!)).body).toContain(`id="comment-${target.id}"`);
    expect((await t.app.inject('/comments/doesnotexist')).statusCode).toBe(404);
  });

  it('drops a deleted comment from the shared page on the next request, and counts on the home page', async () => {
    let cookie = '';
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'regrettable remark', guest: { name: 'D', email: 'd@example.com' } },
    });
    cookie = cookieOf(created);
    expect((await t.app.inject(path)).body).toContain('regrettable remark');
    const home = (await t.app.inject('/')).body;
    const count = (await t.app.inject(`/api/v1/posts/${path.split('/').pop()}`)).json().commentCount as number;
    expect(home).toContain(`${count} comments`);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${created.json().id}`, headers: { cookie } });
    expect((await t.app.inject(path)).body).not.toContain('regrettable remark');
    expect((await t.app.inject('/')).body).toContain(`${count - 1} comments`);
  });
});
