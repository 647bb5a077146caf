// The editor's live preview (POST /desk/preview): staff only, same-origin JSON only, bad input
// answered with the field named, and the preview's markup is the article page's for the same text,
// media images included.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { insertMedia } from '../../src/storage/repos/media.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import type { Role, User } from '../../src/storage/schema.ts';

describe.each(testEngines())('the editor’s live preview on %s', (engine) => {
  let t: TestApp;
  let author: User;
  let authorCookie: string;
  let media: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    author = await makeUser(t.ctx, 'author');
    authorCookie = await cookieOf(author);
    media = `img${randomBytes(6).toString('hex')}`;
    await insertMedia(t.ctx.db, {
      id: media,
      original_name: 'phone.jpg',
      mime: 'image/jpeg',
      width: 1600,
      height: 900,
      bytes: 1000,
      sha256: randomBytes(32).toString('hex'),
      alt: 'A phone',
      variant_widths: JSON.stringify([320, 640, 1280]),
      uploaded_by: author.id,
      created_at: TEST_NOW,
    });
  });
  afterAll(async () => t?.close());

  async function cookieOf(user: User) {
    return `gz_session=${await createSession(t.ctx, user.id, { userAgent: null, ip: null })}`;
  }
  const preview = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/desk/preview',
      headers: { cookie: authorCookie, 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const text = { title: 'A title', excerpt: 'A standfirst', bodyMarkdown: 'Some **bold** text.' };

  it('is for authors, editors and admins only', async () => {
    const anonymous = await preview(text, { cookie: '' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    for (const role of ['reader', 'moderator'] as Role[]) {
      const refused = await preview(text, { cookie: await cookieOf(await makeUser(t.ctx, role)) });
      expect(refused.statusCode, role).toBe(403);
      expect(refused.json().error.code).toBe('ROLE_NOT_ALLOWED');
    }
    for (const role of ['author', 'editor', 'admin'] as Role[]) {
      const shown = await preview(text, { cookie: await cookieOf(await makeUser(t.ctx, role)) });
      expect(shown.statusCode, role).toBe(200);
      expect(shown.headers['cache-control']).toBe('private, no-store');
      expect(shown.json().html).toContain('<strong>bold</strong>');
    }
  });

  it('takes only same-origin JSON: another site can neither send a form nor post cross-origin', async () => {
    const crossSite = await preview(text, { origin: 'https://elsewhere.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('CROSS_SITE_REQUEST');
    const form = await preview(new URLSearchParams(text).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect(form.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    const plain = await preview('title=x', { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
  });

  it('names the field at fault, and refuses a body over the size limit', async () => {
    const missing = await preview({ title: 'x', excerpt: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.bodyMarkdown' });
    const long = await preview({ ...text, title: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe('body.title');
    const wrongType = await preview({ ...text, excerpt: { text: 'x' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.field).toBe('body.excerpt');
    const extra = await preview({ ...text, status: 'published' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toBe('body.status is not a known field');
    const broken = await preview('{"title":', {});
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.field).toBe('body');
    const huge = await preview({ ...text, bodyMarkdown: 'é'.repeat(600_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
  });

  it('draws exactly what the article page shows for the same text, media images and galleries included', async () => {
    const body = [
      'Opening paragraph with a [link](https://example.com/a) and *emphasis*.',
      '',
      '## Results',
      '',
      `![A phone on a desk](media:${media})`,
      '',
      '> A quote',
      '',
      '- one',
      '- two',
      '',
      ':::gallery',
      `![First slide](media:${media})`,
      `![Second slide](media:${media})`,
      ':::',
    ].join('\n');
    const post = await makePost(t.ctx, author, { title: 'Tom & Jerry’s <review>', excerpt: 'Cats "and" mice', bodyMarkdown: body });
    const page = (await t.app.inject(`/articles/${post.slug}`)).body;
    const shown = await preview({ title: post.title, excerpt: post.excerpt, bodyMarkdown: `\n${body}\n\n` });
    expect(shown.statusCode).toBe(200);
    const { html, problems } = shown.json() as { html: string; problems: string[] };
    expect(problems).toEqual([]);

    // The body: the article page's whole <div class="article-body">, byte for byte.
    const stored = (await findPostById(t.ctx.db, post.id))!.body_html;
    const bodyMarkup = `<div class="article-body">${stored}</div>`;
    expect(page).toContain(bodyMarkup);
    expect(html).toContain(bodyMarkup);
    const between = (markup: string, from: string, to: string) => markup.slice(markup.indexOf(from), markup.indexOf(to));
    // The headline and standfirst, escaped the same way.
    expect(between(html, '<h1>', '</p>')).toBe(between(page, '<h1>', '</p>'));
    expect(html).toContain('<h1>Tom &amp; Jerry’s &lt;review&gt;</h1>');
    // media:ID resolved to the responsive picture the article shows, in the body and the gallery.
    expect(html).toContain(`/media/${media}/w640.webp`);
    expect(html).toMatch(/<picture>[\s\S]*alt="A phone on a desk"/);
    expect(html).toContain('data-gallery');
    expect(html).not.toContain('missing-media');
  });

  it('shows what a save would refuse, instead of refusing to draw', async () => {
    const shown = await preview({ ...text, bodyMarkdown: '![Gone](media:nosuchmedia)\n\n[bad](javascript:alert(1))' });
    expect(shown.statusCode).toBe(200);
    const { html, problems } = shown.json() as { html: string; problems: string[] };
    expect(html).toContain('[missing image: Gone]');
    expect(html).not.toContain('javascript:');
    expect(problems).toEqual([
      'The body refers to unknown media: nosuchmedia. Pick the image from the media library.',
      'The body contains a URL that is not allowed: "javascript:alert(1)"; links may use http(s), mailto or a path on this site, images https or media:ID.',
    ]);
  });

  it('puts the preview pane, the save status and the post’s last change time in the editor page', async () => {
    const post = await makePost(t.ctx, author, { status: 'draft' });
    const page = await t.app.inject({ url: `/desk/posts/${post.id}/edit`, headers: { cookie: authorCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="desk-live-preview"');
    expect(page.body).toMatch(/<section id="desk-live-preview"[^>]* hidden>/);
    expect(page.body).toContain(`data-saved-at="${post.updated_at}"`);
    expect(page.body).toMatch(/role="status" aria-live="polite"[^>]*>Last saved <time datetime="[^"]+">15 Jan 2026, 12:00 UTC<\/time>/);
    const fresh = await t.app.inject({ url: '/desk/posts/new', headers: { cookie: authorCookie } });
    expect(fresh.body).toContain('>Not saved yet</p>');
  });
});
