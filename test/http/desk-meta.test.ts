// Search and social metadata (SEO title and description, social image, canonical URL) through the
// desk form and the admin API, with errors at the field, and the article page's tags using them;
// preview links: made by those who may edit the post, read without an account, never cached or
// indexed, refused once expired, altered or revoked.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { findPostById } from '../../src/storage/repos/posts.ts';
import { insertMedia } from '../../src/storage/repos/media.ts';
import type { Role, User } from '../../src/storage/schema.ts';

interface Person {
  user: User;
  cookie: string;
  csrf: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
const metaValue = (page: string, key: string) =>
  unescape(new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(page)?.[1] ?? '');

describe.each(testEngines())('search, social and preview links on %s', (engine) => {
  let t: TestApp;
  let author: Person;
  let otherAuthor: Person;
  let editor: Person;
  let media: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    t.clock.set('2026-03-10T12:00:00Z');
    [author, otherAuthor, editor] = await Promise.all([signIn('author'), signIn('author'), signIn('editor')]);
    media = `img${randomBytes(6).toString('hex')}`;
    await insertMedia(t.ctx.db, {
      id: media,
      original_name: 'share.jpg',
      mime: 'image/jpeg',
      width: 1200,
      height: 630,
      bytes: 1000,
      sha256: randomBytes(32).toString('hex'),
      alt: 'A phone on a table',
      variant_widths: JSON.stringify([320, 640, 1200]),
      uploaded_by: editor.user.id,
      created_at: TEST_NOW,
    });
  });
  afterAll(async () => t?.close());

  async function signIn(role: Role): Promise<Person> {
    const user = await makeUser(t.ctx, role);
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { user, cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const page = (url: string, who?: Person) => t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  const send = (url: string, fields: Record<string, string>, who: Person) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: who.csrf, ...fields }).toString(),
    });
  const versionOf = async (id: string) => String((await findPostById(t.ctx.db, id))!.version);
  const draft = async (who: Person, body = 'The **secret** launch date is Tuesday.') => {
    const created = await send('/desk/posts', { title: `Launch ${randomBytes(3).toString('hex')}`, body, action: 'draft' }, who);
    expect(created.statusCode).toBe(303);
    return /\/desk\/posts\/([^/]+)\/edit/.exec(created.headers.location!)![1]!;
  };

  it('saves the metadata from the desk form, shows it again, and the article page uses it', async () => {
    const created = await send(
      '/desk/posts',
      {
        title: 'Phone review',
        excerpt: 'The standfirst.',
        body: 'It is a phone.',
        seoTitle: 'Best phone of 2026? Our review',
        seoDescription: 'We used it for a month: battery, camera and screen.',
        socialMediaId: media,
        canonicalUrl: 'https://origin.example/reviews/phone?ref=1&x=2',
        action: 'publish',
      },
      editor,
    );
    expect(created.statusCode).toBe(303);
    const form = (await page(created.headers.location!, editor)).body;
    expect(form).toContain('value="Best phone of 2026? Our review"');
    expect(form).toContain('>We used it for a month: battery, camera and screen.</textarea>');
    expect(form).toContain(`value="${media}"`);
    expect(form).toContain('value="https://origin.example/reviews/phone?ref=1&amp;x=2"');
    // The search-result preview, drawn on the server.
    expect(form).toContain('data-serp-title>Best phone of 2026? Our review');
    expect(form).toContain('origin.example › reviews › phone');

    const article = (await page('/articles/phone-review')).body;
    expect(article).toContain('<title>Best phone of 2026? Our review – ');
    expect(metaValue(article, 'og:title')).toBe('Best phone of 2026? Our review');
    expect(metaValue(article, 'twitter:title')).toBe('Best phone of 2026? Our review');
    expect(metaValue(article, 'description')).toBe('We used it for a month: battery, camera and screen.');
    expect(metaValue(article, 'og:description')).toBe('We used it for a month: battery, camera and screen.');
    expect(metaValue(article, 'og:image')).toMatch(new RegExp(`/media/${media}/w1200\\.jpg$`));
    expect(article).toContain('<link rel="canonical" href="https://origin.example/reviews/phone?ref=1&amp;x=2">');
    expect(metaValue(article, 'og:url')).toBe('https://origin.example/reviews/phone?ref=1&x=2');
    // The headline on the page stays the headline.
    expect(article).toContain('<h1>Phone review</h1>');

    // Emptied fields fall back to the defaults.
    const id = /\/desk\/posts\/([^/]+)\/edit/.exec(created.headers.location!)![1]!;
    const cleared = await send(
      `/desk/posts/${id}`,
      {
        title: 'Phone review',
        excerpt: 'The standfirst.',
        body: 'It is a phone.',
        seoTitle: '',
        seoDescription: '',
        socialMediaId: '',
        canonicalUrl: '',
        action: 'save',
        baseVersion: await versionOf(id),
      },
      editor,
    );
    expect(cleared.statusCode).toBe(303);
    const plain = (await page('/articles/phone-review')).body;
    expect(metaValue(plain, 'og:title')).toBe('Phone review');
    expect(metaValue(plain, 'og:description')).toBe('The standfirst.');
    expect(metaValue(plain, 'og:image')).toBe('');
    expect(plain).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/articles\/phone-review">/);
  });

  it('refuses a bad canonical URL, a too long SEO title and an unknown media id at the field, saving nothing', async () => {
    const id = await draft(author);
    const before = await findPostById(t.ctx.db, id);
    const cases: [Record<string, string>, string, string][] = [
      [{ canonicalUrl: 'javascript:alert(1)' }, 'canonicalUrl', 'must be an absolute address starting with https:// or http://'],
      [{ canonicalUrl: '/articles/elsewhere' }, 'canonicalUrl', 'must be an absolute address'],
      [{ seoTitle: 'x'.repeat(201) }, 'seoTitle', 'must be at most 200 characters'],
      [{ seoDescription: 'y'.repeat(501) }, 'seoDescription', 'must be at most 500 characters'],
      [{ socialMediaId: 'nosuchmedia' }, 'socialMediaId', 'no media item has the id "nosuchmedia"'],
    ];
    for (const [fields, field, message] of cases) {
      const refused = await send(
        `/desk/posts/${id}`,
        { title: before!.title, body: 'Changed text', action: 'save', baseVersion: await versionOf(id), ...fields },
        author,
      );
      expect(refused.statusCode, field).toBe(400);
      expect(refused.body).toContain(`id="desk-${field}-error"`);
      expect(unescape(refused.body)).toContain(message);
      expect(refused.body).toContain(`href="#desk-${field}"`);
      expect(refused.body).toContain(`id="desk-${field}" name="${field}" aria-describedby="desk-${field}-hint`);
    }
    const after = await findPostById(t.ctx.db, id);
    expect(after).toMatchObject({ version: before!.version, body_markdown: before!.body_markdown, canonical_url: null, seo_title: null });
  });

  it('takes the metadata through the admin API, with errors naming the field', async () => {
    const { auth } = await makeStaffWithToken(t.ctx, 'editor');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/posts',
      headers: auth,
      payload: {
        title: 'API story',
        bodyMarkdown: 'Text.',
        seoTitle: 'API SEO title',
        socialMediaId: media,
        canonicalUrl: 'https://a.example/x',
      },
    });
    expect(created.statusCode).toBe(201);
    const post = created.json();
    expect(post).toMatchObject({
      seoTitle: 'API SEO title',
      seoDescription: null,
      socialMediaId: media,
      canonicalUrl: 'https://a.example/x',
    });

    const patch = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/posts/${post.id}`,
        headers: auth,
        payload: { baseVersion: post.version, ...payload },
      });
    for (const [payload, field] of [
      [{ canonicalUrl: 'javascript:alert(1)' }, 'canonicalUrl'],
      [{ canonicalUrl: 'https://a.example/\u0000' }, 'canonicalUrl'],
      [{ socialMediaId: 'unknown1' }, 'socialMediaId'],
      [{ seoTitle: 'z'.repeat(201) }, 'seoTitle'],
    ] as const) {
      const refused = await patch(payload);
      expect(refused.statusCode, field).toBe(400);
      expect(refused.json().error.field).toContain(field);
    }
    const changed = await patch({ seoDescription: 'A description.', canonicalUrl: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      seoTitle: 'API SEO title',
      seoDescription: 'A description.',
      canonicalUrl: null,
      version: post.version + 1,
    });
  });

  it('makes a preview link that shows the draft to someone without an account, uncached and unindexed, until it expires', async () => {
    const id = await draft(author);
    const made = await send(`/desk/posts/${id}/preview-links`, { duration: '1h' }, author);
    expect(made.statusCode).toBe(303);
    const location = made.headers.location!;
    expect(location).toMatch(new RegExp(`^/desk/posts/${id}/edit\\?preview=[^#]+#desk-preview-links$`));
    const token = decodeURIComponent(/preview=([^#]+)/.exec(location)![1]!);
    const editorPage = (await page(location, author)).body;
    expect(editorPage).toContain(`/preview/${token}`);
    expect(editorPage).toContain('Preview link made');
    expect(editorPage).toContain('13:00 UTC');

    const preview = await page(`/preview/${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('The <strong>secret</strong> launch date is Tuesday.');
    expect(preview.headers['x-robots-tag']).toBe('noindex');
    expect(preview.headers['cache-control']).toBe('private, no-store');
    expect(preview.headers['referrer-policy']).toBe('no-referrer');
    expect(preview.headers.etag).toBeUndefined();
    expect(preview.body).toContain('<meta name="robots" content="noindex">');
    expect(preview.body).toContain('comments open when the article is published');
    expect(preview.body).not.toContain('Report an error in this article');
    // The article itself is still not public.
    const slug = (await findPostById(t.ctx.db, id))!.slug;
    expect((await page(`/articles/${slug}`)).statusCode).toBe(404);

    // Never a cached copy: a saved change shows at once.
    const renders = t.pageCache.renders;
    await send(
      `/desk/posts/${id}`,
      { title: 'Launch news', body: 'Now it is Wednesday.', action: 'save', baseVersion: await versionOf(id) },
      author,
    );
    const again = await page(`/preview/${token}`);
    expect(again.body).toContain('Now it is Wednesday.');
    expect(t.pageCache.renders).toBe(renders);

    t.clock.set('2026-03-10T12:59:59Z');
    expect((await page(`/preview/${token}`)).statusCode).toBe(200);
    t.clock.set('2026-03-10T13:00:00Z');
    const expired = await page(`/preview/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This preview link has expired; ask the writer for a new one.');
    expect(expired.body).not.toContain('Wednesday');
    expect(expired.headers['cache-control']).toBe('private, no-store');
    expect(expired.headers['x-robots-tag']).toBe('noindex');
    t.clock.set('2026-03-10T12:00:00Z');
  });

  it('dates a preview by its publication time: none for a draft, the planned day for a scheduled article', async () => {
    const previewOf = async (id: string, who: Person) => {
      const made = await send(`/desk/posts/${id}/preview-links`, { duration: '1h' }, who);
      const token = decodeURIComponent(/preview=([^#]+)/.exec(made.headers.location!)![1]!);
      const preview = await page(`/preview/${token}`);
      expect(preview.statusCode).toBe(200);
      return /<div class="byline">([^]*?)<\/div>/.exec(preview.body)![1]!;
    };
    const draftByline = await previewOf(await draft(author), author);
    expect(draftByline).not.toContain('<time');
    expect(draftByline).not.toContain('1970');

    const scheduled = await send(
      '/desk/posts',
      { title: 'Planned piece', body: 'Text', publishAt: '2026-03-20T09:00', tzOffset: '0', action: 'schedule' },
      editor,
    );
    const id = /\/desk\/posts\/([^/]+)\/edit/.exec(scheduled.headers.location!)![1]!;
    expect(await previewOf(id, editor)).toContain('<time datetime="2026-03-20T09:00:00.000Z">');
  });

  it('refuses an altered link, a revoked one, and links to posts the maker may not edit', async () => {
    const id = await draft(author);
    const tokenOf = async (who: Person, duration = '7d') => {
      const made = await send(`/desk/posts/${id}/preview-links`, { duration }, who);
      expect(made.statusCode).toBe(303);
      return decodeURIComponent(/preview=([^#]+)/.exec(made.headers.location!)![1]!);
    };
    const token = await tokenOf(author);
    const [postId, expiry, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const later = (parseInt(expiry, 36) + 86_400).toString(36);
    for (const altered of [`${postId}.${expiry}.${flipped}`, `${postId}.${later}.${signature}`, 'nonsense', `${postId}.${expiry}`]) {
      const refused = await page(`/preview/${encodeURIComponent(altered)}`);
      expect(refused.statusCode, altered).toBe(404);
      expect(refused.body).toContain('This preview link is not valid');
      expect(refused.body).not.toContain('secret');
    }
    // An editor may make one for anyone's post; "Revoke links" ends every link made before it.
    const editors = await tokenOf(editor);
    expect((await page(`/preview/${editors}`)).statusCode).toBe(200);
    const revoked = await send(`/desk/posts/${id}/preview-links/revoke`, {}, author);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/desk/posts/${id}/edit?preview=revoked#desk-preview-links`);
    expect((await page(revoked.headers.location!, author)).body).toContain('has been revoked');
    for (const old of [token, editors]) expect((await page(`/preview/${old}`)).statusCode).toBe(404);
    expect((await page(`/preview/${await tokenOf(author)}`)).statusCode).toBe(200);

    // Another author may not make one, and nobody may without signing in or without the form token.
    const refused = await send(`/desk/posts/${id}/preview-links`, { duration: '1d' }, otherAuthor);
    expect(refused.statusCode).toBe(403);
    expect((await send(`/desk/posts/${id}/preview-links/revoke`, {}, otherAuthor)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/desk/posts/${id}/preview-links`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'duration=1d',
    });
    // The signed-out are sent to sign in first; nothing is made.
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/signin\?next=/);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/desk/posts/${id}/preview-links`,
      headers: { cookie: author.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'duration=1d',
    });
    expect(forged.statusCode).toBe(403);
    const badDuration = await send(`/desk/posts/${id}/preview-links`, { duration: '1y' }, author);
    expect(badDuration.statusCode).toBe(400);
    expect(badDuration.body).toContain('choose 1 hour, 1 day or 7 days');
    // A made-up link in the editor's address is not shown as this post's.
    expect((await page(`/desk/posts/${id}/edit?preview=${postId}x.${expiry}.${signature}`, author)).body).not.toContain(
      'Preview link made',
    );
  });

  it('offers preview links only on a saved article, and only to those who may edit it', async () => {
    expect((await page('/desk/posts/new', author)).body).not.toContain('Create preview link');
    const id = await draft(author);
    expect((await page(`/desk/posts/${id}/edit`, author)).body).toContain('Create preview link');
    const published = await makePost(t.ctx, editor.user, { title: 'Already out' });
    expect((await page(`/desk/posts/${published.id}/edit`, editor)).body).toContain('Create preview link');
  });
});
