// Finding 3 of issue 11: a gallery slide's URL went into the link's href unchecked, so a
// `javascript:` URL ran when a reader clicked the picture, and travelled into the feeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

const HOSTILE_GALLERY = ':::gallery\n![Click me](javascript:alert%281%29)\n:::';
// What a body rendered before the check looks like, as stored in posts.body_html.
const STORED_HOSTILE_HTML =
  '<div class="gallery" data-gallery><figure class="gallery-item"><a class="gallery-link" href="javascript:alert(document.domain)" aria-label="Open image 1">' +
  '<img src="javascript:alert(2)" alt="x"></a><figcaption>x</figcaption></figure></div><p><a href="JaVaScRiPt&#58;alert(3)">more</a> and <a href="https://example.com/ok">a safe link</a></p>';

describe.each(testEngines())('URLs in article Markdown on %s', (engine) => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const post = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/admin/posts', headers: editor.auth, payload: body });

  it('refuses a post or page whose gallery names a javascript: image, naming the body, and writes nothing', async () => {
    for (const type of ['post', 'page'] as const) {
      const refused = await post({
        type,
        title: `Gallery ${type}`,
        slug: `gallery-${type}`,
        bodyMarkdown: `Intro.\n\n${HOSTILE_GALLERY}`,
        status: 'published',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'UNSAFE_URL', field: 'bodyMarkdown' });
      expect(refused.json().error.message).toContain('javascript:alert%281%29');
    }
    expect((await t.app.inject('/articles/gallery-post')).statusCode).toBe(404);
    expect((await t.app.inject('/gallery-page')).statusCode).toBe(404);
  });

  it('refuses the same URL in a link or an image, and on update', async () => {
    for (const bodyMarkdown of ['[x](javascript:alert(1))', '![x](data:image/svg+xml;base64,PHN2Zz4=)', 'See <vbscript:msgbox(1)>']) {
      const refused = await post({ title: 'Link', bodyMarkdown });
      expect(refused.statusCode, bodyMarkdown).toBe(400);
      expect(refused.json().error.field).toBe('bodyMarkdown');
    }
    const created = await post({ title: 'Fine at first', bodyMarkdown: '[ok](https://example.com)' });
    expect(created.statusCode).toBe(201);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/posts/${created.json().id}`,
      headers: editor.auth,
      payload: { bodyMarkdown: HOSTILE_GALLERY, baseVersion: created.json().version },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error).toMatchObject({ code: 'UNSAFE_URL', field: 'bodyMarkdown' });
  });

  it('refuses a plain-http image (the site loads images over https only) but keeps http links', async () => {
    const refused = await post({ title: 'Hotlinked', bodyMarkdown: '![A phone](http://images.example/phone.jpg)' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'UNSAFE_URL', field: 'bodyMarkdown' });
    expect(refused.json().error.message).toContain('images https or media:ID');
    expect((await post({ title: 'Secure image', bodyMarkdown: '![A phone](https://images.example/phone.jpg)' })).statusCode).toBe(201);
    expect((await post({ title: 'Plain link', bodyMarkdown: '[a page](http://old.example/page)' })).statusCode).toBe(201);
  });

  it('renders a stored row that already holds javascript: URLs safe, on the page, in the API and in the feeds', async () => {
    const stored = await makePost(t.ctx, editor.user, { title: 'Stored before the fix', slug: 'stored-before-the-fix' });
    await t.storage.db.updateTable('posts').set({ body_html: STORED_HOSTILE_HTML }).where('id', '=', stored.id).execute();

    const page = await t.app.inject('/articles/stored-before-the-fix');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('class="gallery-link" href=""');
    expect(page.body).toContain('href="https://example.com/ok"');
    expect(page.body).not.toMatch(/javascript/i);

    const api = await t.app.inject('/api/v1/posts/stored-before-the-fix');
    expect(api.json().bodyHtml).not.toMatch(/javascript/i);

    for (const feed of ['/feed.xml', '/atom.xml']) {
      const response = await t.app.inject(feed);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Stored before the fix');
      expect(response.body, feed).not.toMatch(/javascript/i);
    }
  });
});
