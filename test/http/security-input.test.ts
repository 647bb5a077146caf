// Input hygiene at the edge (issue 11, findings 10 and 19): a control character other than
// tab, line feed and carriage return anywhere in a request is a 400 naming the field on both
// engines (PostgreSQL answered 500 to NUL before), nothing is stored; an oversized JSON or form
// body is a 413 that names the body and its limit, while uploads keep their own message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { multipart, pngOf } from '../helpers/images.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const guest = { name: 'Gary Ohanian', email: 'gary@example.com' };

describe.each(testEngines())('control characters and body limits on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let postId: string;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine, { maxUploadBytes: 200_000 });
    editor = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor.user, { title: 'Hygiene thread' });
    slug = post.slug;
    postId = post.id;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  const postComment = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/threads/${threadId}/comments`, headers, payload: payload as Record<string, unknown> });
  const commentCount = async () => (await t.storage.db.selectFrom('comments').select('id').execute()).length;

  it('refuses NUL in a comment body and in a guest name with a 400 naming the field, storing nothing', async () => {
    const before = await commentCount();
    const body = await postComment({ body: 'before\u0000after', guest });
    expect(body.statusCode).toBe(400);
    expect(body.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'body.body contains a control character (U+0000)',
      field: 'body.body',
    });
    const name = await postComment({ body: 'hello', guest: { ...guest, name: 'Ga\u0000ry' } });
    expect(name.statusCode).toBe(400);
    expect(name.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.guest.name' });
    // Other C0 controls too (here ESC, which can rewrite a terminal showing the text).
    const escape = await postComment({ body: 'red \u001b[31m', guest });
    expect(escape.json().error.message).toBe('body.body contains a control character (U+001B)');
    expect(await commentCount()).toBe(before);
  });

  it('keeps tab, line feed and carriage return', async () => {
    const response = await postComment({ body: 'first line\r\nsecond\tline', guest });
    expect(response.statusCode).toBe(201);
  });

  it('refuses NUL in a query string and a route parameter, never a 500', async () => {
    const search = await t.app.inject('/api/v1/search?q=a%00b');
    expect(search.statusCode).toBe(400);
    expect(search.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'query.q' });
    const thread = await t.app.inject(`/api/v1/threads/${threadId}%00/comments`);
    expect(thread.statusCode).toBe(400);
    expect(thread.json().error.field).toBe('params.threadId');
    const page = await t.app.inject(`/articles/${slug}%00`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('params.slug contains a control character (U+0000)');
  });

  it('refuses NUL in a form field (the no-JavaScript comment form) with a 400 naming it', async () => {
    const before = await commentCount();
    const response = await t.app.inject({
      method: 'POST',
      url: `/articles/${slug}/comments`,
      headers: FORM,
      payload: `body=hi%00there&name=Gary&email=gary%40example.com`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('body.body contains a control character (U+0000)');
    const json = await postComment('body=hi%00there', FORM);
    expect(json.statusCode).toBe(400);
    expect(json.json().error.field).toBe('body.body');
    expect(await commentCount()).toBe(before);
  });

  it('refuses a control character in the user agent, which sessions and comments store', async () => {
    const response = await postComment({ body: 'hello', guest }, { 'user-agent': 'Mozilla\u0001' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('headers.user-agent');
  });

  it('refuses control characters in multipart fields and file names', async () => {
    const upload = async (parts: Parameters<typeof multipart>[0]) => {
      const body = multipart(parts);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media',
        headers: { ...editor.auth, ...body.headers },
        payload: body.payload,
      });
    };
    const png = await pngOf(40, 30);
    const alt = await upload([
      { name: 'alt', value: 'a\u0000b' },
      { name: 'file', value: png, filename: 'card.png', contentType: 'image/png' },
    ]);
    expect(alt.statusCode, alt.body).toBe(400);
    expect(alt.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.alt' });
    const name = await upload([{ name: 'file', value: png, filename: 'ca\u0007rd.png', contentType: 'image/png' }]);
    expect(name.statusCode).toBe(400);
    expect(name.json().error).toMatchObject({ field: 'file.filename', message: 'file.filename contains a control character (U+0007)' });
    expect(await t.storage.db.selectFrom('media').select('id').execute()).toEqual([]);
  });

  it('refuses a lone surrogate, which is not Unicode text, where control characters are refused', async () => {
    const before = await commentCount();
    const name = await postComment({ body: 'hello', guest: { ...guest, name: 'Ga\ud800ry' } });
    expect(name.statusCode).toBe(400);
    expect(name.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'body.guest.name contains an unpaired surrogate (U+D800), which is not valid Unicode text',
      field: 'body.guest.name',
    });
    const body = await postComment({ body: 'a trailing half \udc00', guest });
    expect(body.statusCode).toBe(400);
    expect(body.json().error).toMatchObject({ field: 'body.body', message: expect.stringContaining('(U+DC00)') });
    expect(await commentCount()).toBe(before);
    // A whole pair is one character, an emoji here: welcome.
    expect((await postComment({ body: 'nice \ud83d\ude00', guest })).statusCode).toBe(201);
  });

  it('refuses a page number beyond the cap with 400 naming it, never a 500', async () => {
    for (const url of ['/api/v1/admin/posts?page=1e20', `/api/v1/admin/posts/${postId}/revisions?page=1e300`]) {
      const response = await t.app.inject({ url, headers: editor.auth });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.field, url).toContain('page');
    }
    expect((await t.app.inject({ url: '/api/v1/admin/posts?page=100000', headers: editor.auth })).json()).toEqual({ posts: [] });
  });

  it('answers a 2 MiB JSON or form body with a 413 naming the body and its limit', async () => {
    const json = await postComment({ body: 'x'.repeat(2 * 1024 * 1024), guest });
    expect(json.statusCode).toBe(413);
    expect(json.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than the 1 MiB limit', field: 'body' },
    });
    const form = await postComment(`body=${'x'.repeat(2 * 1024 * 1024)}`, FORM);
    expect(form.statusCode).toBe(413);
    expect(form.json().error).toMatchObject({ field: 'body', message: 'the request body is larger than the 1 MiB limit' });
  });

  it('keeps the upload message for a multipart file over the upload limit', async () => {
    const body = multipart([{ name: 'file', value: Buffer.alloc(300_000, 1), filename: 'big.png', contentType: 'image/png' }]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/media',
      headers: { ...editor.auth, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the upload is larger than this site accepts',
      field: 'file',
    });
  });
});
