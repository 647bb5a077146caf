// The language of Gazette's own pages: Accept-Language with GAZETTE_LANG=auto (the default), a
// fixed language that ignores it, right-to-left Arabic, and a page cache that keeps one copy per
// language and never hands one reader's language to another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeCategory, makePost, makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader } from '../helpers/readers.ts';

const get = (t: TestApp, url: string, language?: string) =>
  t.app.inject({ method: 'GET', url, headers: language === undefined ? {} : { 'accept-language': language } });

describe.each(testEngines())('languages of the site pages (%s)', (engine) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const category = await makeCategory(t.ctx, user, 'Phones');
    slug = (await makePost(t.ctx, user, { title: 'A phone review', categorySlug: category.slug, publishedAt: '2026-01-10T08:00:00Z' }))
      .slug;
  });
  afterAll(async () => t?.close());

  it('speaks German to a reader who asks for it: masthead, footer, dates and <html lang>', async () => {
    const response = await get(t, `/articles/${slug}`, 'de-DE,de;q=0.9,en;q=0.5');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="de">');
    expect(response.body).toContain('>Zum Inhalt springen</a>');
    expect(response.body).toContain('>Anmelden</a>');
    expect(response.body).toContain('Betrieben mit Gazette.');
    expect(response.body).toContain('Einen Fehler in diesem Artikel melden');
    expect(response.body).toContain('<time datetime="2026-01-10T08:00:00.000Z">10. Januar 2026</time>');
    expect(response.body).not.toContain('Skip to content');
    expect(response.headers.vary).toMatch(/accept-language/i);
  });

  it('lays Arabic out right to left', async () => {
    const response = await get(t, '/', 'ar');
    expect(response.body).toContain('<html lang="ar" dir="rtl">');
    expect(response.body).toContain('انتقل إلى المحتوى');
    expect((await get(t, '/', 'de')).body).not.toContain('dir="rtl"');
  });

  it('falls back to English for languages it does not ship, and without the header', async () => {
    for (const language of ['fr-FR,fr;q=0.9', 'xx', undefined, '*']) {
      const response = await get(t, `/articles/${slug}`, language);
      expect(response.body, String(language)).toContain('<html lang="en">');
      expect(response.body, String(language)).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    }
    // q-values count: English preferred over German here.
    expect((await get(t, '/', 'de;q=0.4, en;q=0.8')).body).toContain('<html lang="en">');
  });

  it('never serves one language’s cached page to another (en, de, en on the same article)', async () => {
    t.pageCache.clear();
    const english = await get(t, `/articles/${slug}`, 'en');
    const german = await get(t, `/articles/${slug}`, 'de');
    const englishAgain = await get(t, `/articles/${slug}`, 'en');
    expect(english.body).toContain('Skip to content');
    expect(german.body).toContain('Zum Inhalt springen');
    expect(german.body).not.toContain('Skip to content');
    expect(englishAgain.body).toBe(english.body);
    expect(englishAgain.headers.etag).toBe(english.headers.etag);
    expect(german.headers.etag).not.toBe(english.headers.etag);
    // Each language is rendered once, then served from the cache.
    const renders = t.pageCache.renders;
    await get(t, `/articles/${slug}`, 'de');
    await get(t, `/articles/${slug}`, 'en-GB');
    expect(t.pageCache.renders).toBe(renders);
    // A German reader's revalidation with the English ETag gets the German page, not a 304.
    const revalidated = await t.app.inject({
      method: 'GET',
      url: `/articles/${slug}`,
      headers: { 'accept-language': 'de', 'if-none-match': english.headers.etag as string },
    });
    expect(revalidated.statusCode).toBe(200);
    expect(revalidated.body).toContain('Zum Inhalt springen');
  });

  it('translates lists, search and error pages, with plurals', async () => {
    const home = await get(t, '/', 'es');
    expect(home.body).toContain('0 comentarios');
    const search = await get(t, '/search?q=phone', 'pt-BR');
    expect(search.body).toContain('1 matéria corresponde a “phone”.');
    const missing = await get(t, '/articles/no-such-article', 'ja');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<html lang="ja">');
    expect(missing.body).toContain('ページが見つかりません');
    // The English detail ("no article has the slug …") is not left in a Japanese page.
    expect(missing.body).not.toMatch(/no (article|post|page) has/);
    // A refusal says why in the reader's words, by its code.
    const invalid = await get(t, '/?page=0', 'de');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('<p>Bitte überprüfen Sie Ihre Eingabe.</p>');
    const english = await get(t, '/?page=0', 'en');
    expect(english.body).not.toContain('Bitte');
  });

  it("names a staff member's role on their profile in the reader's language", async () => {
    const editor = await makeUser(t.ctx, 'editor', 'Erika Editor');
    const profile = await get(t, `/people/${editor.slug}`, 'de');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('<span class="badge">Redaktion</span>');
    expect((await get(t, `/people/${editor.slug}`, 'en')).body).toContain('<span class="badge">Editor</span>');
  });

  it('speaks the reader’s language on their own pages: sign-in, settings, inbox', async () => {
    const signIn = await get(t, '/signin', 'id');
    expect(signIn.body).toContain('<html lang="id">');
    expect(signIn.body).toContain('Masuk tanpa kata sandi');
    const reader = await accountReader(t.ctx, 'Ana');
    const asReader = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: reader.cookie, 'accept-language': 'hi' } });
    const settings = await asReader('/settings');
    expect(settings.body).toContain('<h1 id="account-heading">सेटिंग्स</h1>');
    expect(settings.body).toContain('>साइन आउट करें</button>');
    const inbox = await asReader('/inbox');
    expect(inbox.body).toContain('कुछ भी अपठित नहीं।');
    // Personal pages are never cached: a second language comes out right at once.
    const english = await t.app.inject({ method: 'GET', url: '/settings', headers: { cookie: reader.cookie } });
    expect(english.body).toContain('<h1 id="account-heading">Settings</h1>');
  });
});

describe.each(testEngines())('a site in one fixed language (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { siteLang: 'ja' });
  });
  afterAll(async () => t?.close());

  it('GAZETTE_LANG=ja ignores Accept-Language, and needs no Vary on it', async () => {
    for (const language of ['de', 'en', undefined]) {
      const response = await get(t, '/', language);
      expect(response.body, String(language)).toContain('<html lang="ja">');
      expect(response.body, String(language)).toContain('本文へ移動');
      expect(String(response.headers.vary ?? '')).not.toMatch(/accept-language/i);
    }
  });
});
