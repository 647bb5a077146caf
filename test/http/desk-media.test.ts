// The desk's images without JavaScript: the alt-text warning before an article goes out (and
// "anyway"), the lead image and its focal point (form, admin API, home page card, article, the
// 1200×630 social crop), refusals naming the field, and the uploads desk-media.js makes with the
// session cookie and the CSRF header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { multipart, pngOf } from '../helpers/images.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { uploadImage } from '../../src/domain/media/upload.ts';
import { findPostById, findPostBySlug } from '../../src/storage/repos/posts.ts';
import type { Media, Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('desk images, lead image and focal point on %s', (engine) => {
  let t: TestApp;
  let author: Person;
  let editor: Person;
  let wide: Media;
  let tall: Media;

  beforeAll(async () => {
    t = await buildTestApp(engine, { maxUploadBytes: 300_000 });
    t.clock.set('2026-03-10T12:00:00Z');
    author = await signIn('author');
    editor = await signIn('editor');
    wide = (await uploadImage(t.ctx, null, { bytes: await pngOf(1600, 900, 30), originalName: 'wide.png' })).media;
    tall = (await uploadImage(t.ctx, null, { bytes: await pngOf(900, 1600, 90), originalName: 'tall.png', alt: 'A tall card' })).media;
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who: Person) => t.app.inject({ url, headers: { cookie: who.cookie } });
  const send = (url: string, fields: Record<string, string>, who: Person) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, ...fields }).toString(),
    });
  const idFrom = (location: string | undefined) => /\/desk\/posts\/([^/]+)\/edit/.exec(location ?? '')![1]!;
  const postCount = async () => (await t.storage.db.selectFrom('posts').select('id').execute()).length;

  it('warns about images without alt text when an article is submitted, saves nothing, and goes on "anyway"', async () => {
    const body = [
      'Intro.',
      '',
      `![](media:${wide.id} "A caption is not alt text")`,
      '',
      ':::gallery',
      `![The first slide](media:${tall.id})`,
      `![](media:${wide.id})`,
      ':::',
    ].join('\n');
    const fields = { title: 'Alt text check', excerpt: '', body, slug: 'alt-text-check', category: '', tags: '' };

    // A draft is saved without a word about it: the warning is for going out.
    const draft = await send('/desk/posts', { ...fields, action: 'draft' }, author);
    expect(draft.statusCode).toBe(303);
    const id = idFrom(draft.headers.location);
    const version = String((await findPostById(t.ctx.db, id))!.version);

    const warned = await send(`/desk/posts/${id}`, { ...fields, baseVersion: version, action: 'review' }, author);
    expect(warned.statusCode).toBe(200);
    expect(warned.body).toContain('2 images have no alt text');
    expect(warned.body).toContain(`Line 3: <code>media:${wide.id}</code>`);
    expect(warned.body).toContain(`Line 7: <code>media:${wide.id}</code>`);
    expect(warned.body).toContain('<input type="hidden" name="altConfirmed" value="1" />');
    expect(warned.body).toContain('<button type="submit" name="action" value="review">Submit for review anyway</button>');
    // The writer's text is back in the form, and nothing changed.
    expect(warned.body).toContain('A caption is not alt text');
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ status: 'draft', version: Number(version) });

    const anyway = await send(`/desk/posts/${id}`, { ...fields, baseVersion: version, action: 'review', altConfirmed: '1' }, author);
    expect(anyway.statusCode).toBe(303);
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ status: 'review' });
    // The figure the caption makes is in the saved body.
    expect((await findPostById(t.ctx.db, id))!.body_html).toContain('<figcaption>A caption is not alt text</figcaption>');

    // A new article is not created by the first press either.
    const before = await postCount();
    const fresh = await send('/desk/posts', { ...fields, slug: 'alt-text-new', action: 'publish' }, editor);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain('Publish anyway');
    expect(await postCount()).toBe(before);
    const described = await send(
      '/desk/posts',
      { ...fields, slug: 'alt-text-described', body: `![A wide test card](media:${wide.id})`, action: 'publish' },
      editor,
    );
    expect(described.statusCode).toBe(303);
  });

  it('saves a lead image with its focal point, shows it in the editor, the API, the home page card and the article', async () => {
    const created = await send(
      '/desk/posts',
      {
        title: 'Focal point story',
        excerpt: 'Cropped around the point.',
        body: 'Text.',
        slug: 'focal-point-story',
        category: '',
        tags: '',
        leadMediaId: tall.id,
        leadFocusX: '30',
        leadFocusY: '70',
        action: 'publish',
      },
      editor,
    );
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    expect(await findPostById(t.ctx.db, id)).toMatchObject({ lead_media_id: tall.id, lead_focal_x: 30, lead_focal_y: 70 });

    const form = await page(`/desk/posts/${id}/edit`, editor);
    expect(form.body).toContain(`name="leadMediaId" value="${tall.id}"`);
    expect(form.body).toMatch(/id="desk-leadFocusX" name="leadFocusX"[^>]*value="30"/);
    expect(form.body).toMatch(/id="desk-leadFocusY" name="leadFocusY"[^>]*value="70"/);
    expect(form.body).toContain(`data-media-id="${tall.id}"`);
    expect(form.body).toContain('class="desk-crop-card focal-x-30 focal-y-70"');

    const staff = await makeStaffWithToken(t.ctx, 'editor');
    const api = await t.app.inject({ url: `/api/v1/admin/posts/${id}`, headers: staff.auth });
    expect(api.json()).toMatchObject({ leadMediaId: tall.id, leadFocus: { x: 30, y: 70 } });

    const home = await t.app.inject('/');
    expect(home.body).toMatch(new RegExp(`src="/media/${tall.id}/[^"]+"[^>]*class="focal-x-30 focal-y-70"`));
    const article = await t.app.inject('/articles/focal-point-story');
    expect(article.body).toMatch(/<figure class="lead-image"><picture>.*class="focal-x-30 focal-y-70"/);
    const socialUrl = `/media/${tall.id}/social/x30-y70.jpg`;
    expect(article.body).toMatch(new RegExp(`<meta property="og:image" content="http[^"]+${socialUrl}">`));
    expect(article.body).toContain('<meta property="og:image:width" content="1200">');
    expect(article.body).toContain('<meta property="og:image:height" content="630">');
    expect(article.body).toMatch(new RegExp(`<meta name="twitter:image" content="http[^"]+${socialUrl}">`));

    // The API moves the point; the page follows.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${id}`,
      headers: staff.auth,
      payload: { baseVersion: api.json().version, leadFocus: { x: 80, y: 15 } },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().leadFocus).toEqual({ x: 80, y: 15 });
    expect((await t.app.inject('/articles/focal-point-story')).body).toContain('class="focal-x-80 focal-y-15"');
  });

  it('serves the social image as a 1200×630 JPEG cropped around the focal point, only for points in use', async () => {
    const post = (await findPostBySlug(t.ctx.db, 'post', 'focal-point-story'))!;
    const url = `/media/${tall.id}/social/x${post.lead_focal_x}-y${post.lead_focal_y}.jpg`;
    const first = await t.app.inject(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/jpeg');
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(first.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 630 });
    // Kept on disk: the second answer is the same file.
    const again = await t.app.inject(url);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);

    for (const unused of [
      `/media/${tall.id}/social/x81-y15.jpg`,
      `/media/${wide.id}/social/x80-y15.jpg`,
      `/media/${tall.id}/social/x101-y15.jpg`,
    ])
      expect((await t.app.inject(unused)).statusCode, unused).toBe(404);
    expect((await t.app.inject(`/media/${tall.id}/social/x80-y15.png`)).statusCode).toBe(400);
  });

  it('refuses focal values outside 0–100 or not whole, naming the field, on the form and in the API', async () => {
    const fields = { title: 'Bad focus', excerpt: '', body: 'Text.', slug: '', category: '', tags: '', leadMediaId: wide.id };
    const before = await postCount();
    for (const [x, y, field] of [
      ['150', '50', 'leadFocusX'],
      ['50', '-3', 'leadFocusY'],
      ['12.5', '50', 'leadFocusX'],
    ] as const) {
      const refused = await send('/desk/posts', { ...fields, leadFocusX: x, leadFocusY: y, action: 'draft' }, editor);
      expect(refused.statusCode, `${x},${y}`).toBe(400);
      expect(refused.body).toContain('must be a whole number from 0 to 100');
      expect(refused.body).toContain(`<input type="number" id="desk-${field}" name="${field}"`);
      expect(refused.body).toMatch(new RegExp(`id="desk-${field}"[^>]*aria-invalid="true"`));
      expect(refused.body).toContain(`href="#desk-${field}"`);
    }
    const unknown = await send('/desk/posts', { ...fields, leadMediaId: 'nosuchimage', action: 'draft' }, editor);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="desk-leadMediaId-error"');
    expect(await postCount()).toBe(before);

    const staff = await makeStaffWithToken(t.ctx, 'editor');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/posts',
      headers: staff.auth,
      payload: { title: 'Bad focus', bodyMarkdown: 'Text.', leadMediaId: wide.id, leadFocus: { x: 101, y: 50 } },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.leadFocus.x' });
  });

  it('takes uploads from the desk page with the session cookie and the CSRF header, and says why one is refused', async () => {
    const upload = (parts: Parameters<typeof multipart>[0], headers: Record<string, string>) => {
      const body = multipart(parts);
      return t.app.inject({ method: 'POST', url: '/api/v1/admin/media', headers: { ...headers, ...body.headers }, payload: body.payload });
    };
    const image = [{ name: 'file', value: await pngOf(400, 300, 150), filename: 'desk.png', contentType: 'image/png' }];
    expect((await upload(image, { cookie: author.cookie })).statusCode).toBe(403);
    const stored = await upload(image, { cookie: author.cookie, 'x-csrf-token': author.csrf });
    expect(stored.statusCode).toBe(201);
    const text = await upload([{ name: 'file', value: 'not an image', filename: 'notes.txt', contentType: 'text/plain' }], {
      cookie: author.cookie,
      'x-csrf-token': author.csrf,
    });
    expect(text.statusCode).toBe(422);
    expect(text.json().error).toMatchObject({ field: 'file', message: expect.stringContaining('is not an image that Gazette can read') });
    const big = await upload([{ name: 'file', value: Buffer.alloc(400_000, 1), filename: 'huge.jpg', contentType: 'image/jpeg' }], {
      cookie: author.cookie,
      'x-csrf-token': author.csrf,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ message: expect.stringContaining('larger than') });
  });
});
