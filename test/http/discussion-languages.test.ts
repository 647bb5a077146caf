// The discussion under an article in the reader's language: the server's thread, the words the
// comments client gets (a JSON data block for any language but English), right to left in Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCommentForAuthor } from '../../src/domain/comments/write.ts';
import { findThreadByPostId } from '../../src/storage/repos/threads.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { guestReader } from '../helpers/readers.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { errorText } from '../../src/render/thread-text.ts';
import { unsubscribeUrl } from '../../src/domain/notifications/unsubscribe.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { t as translate } from '../../src/i18n/translate.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import fs from 'node:fs';

const MESSAGES_BLOCK = /<script type="application\/json" id="gz-messages">([^<]*)<\/script>/;

describe.each(testEngines())('the discussion in the reader’s language (%s)', (engine) => {
  let t: TestApp;
  let slug: string;
  let threadId: string;
  let writerId: string;
  const page = (language: string) => t.app.inject({ method: 'GET', url: `/articles/${slug}`, headers: { 'accept-language': language } });

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const writer = await makeUser(t.ctx);
    writerId = writer.id;
    const post = await makePost(t.ctx, writer, { title: 'Languages of the thread' });
    slug = post.slug;
    threadId = (await findThreadByPostId(t.ctx.db, post.id))!.id;
    t.clock.set(new Date('2026-03-04T09:05:00Z'));
    for (const body of ['The battery lasts two days here.', 'Mine barely makes it through one.']) {
      const reader = guestReader();
      await postCommentForAuthor(t.ctx, reader.commenter, {
        threadId,
        body,
        parentId: null,
        guest: { name: reader.name, email: `${reader.name.replace(/\W/g, '')}@example.com` },
        ip: '198.51.100.20',
      });
    }
  });
  afterAll(async () => t?.close());

  it('stays English without a block of messages for an English reader', async () => {
    const body = (await page('en-GB,en;q=0.9')).body;
    expect(body).toContain('<h2 id="comments-heading">2 comments</h2>');
    expect(body).toContain('<button type="submit">Post comment</button>');
    expect(body).toContain('>4 March 2026, 09:05</time>');
    expect(body).not.toMatch(MESSAGES_BLOCK);
  });

  it('speaks German: heading, form, actions, dates, and the client’s words beside the thread', async () => {
    const response = await page('de-DE,de;q=0.9');
    const body = response.body;
    expect(response.statusCode).toBe(200);
    expect(body).toContain('<html lang="de">');
    expect(body).toContain('<h2 id="comments-heading">2 Kommentare</h2>');
    expect(body).toContain('<h3 id="comment-form-heading">Diskutieren Sie mit</h3>');
    expect(body).toContain('<button type="submit">Kommentar senden</button>');
    expect(body).toContain('<label for="comment-body">Ihr Kommentar</label>');
    expect(body).toContain('>Antworten<span class="visually-hidden"> an ');
    expect(body).toContain('<summary>Melden<span class="visually-hidden">');
    expect(body).toContain('>4. März 2026 um 09:05</time>');
    expect(body).not.toContain('Post comment');
    expect(body).not.toContain('Join the discussion');

    const block = MESSAGES_BLOCK.exec(body);
    expect(block).not.toBeNull();
    const data = JSON.parse(block![1]!) as { locale: string; messages: Record<string, unknown> };
    expect(data.locale).toBe('de');
    expect(data.messages['discussion.live.pill']).toEqual({ one: '{count} neuer Kommentar', other: '{count} neue Kommentare' });
    expect(data.messages['discussion.form.submit']).toBe('Kommentar senden');
    expect(Object.keys(data.messages).every((key) => key.startsWith('discussion.'))).toBe(true);
  });

  it('lays the Arabic thread out right to left, with the dual form for two comments', async () => {
    const body = (await page('ar')).body;
    expect(body).toContain('<html lang="ar" dir="rtl">');
    expect(body).toContain('<h2 id="comments-heading">تعليقان</h2>');
    expect(body).toContain('<button type="submit">انشر التعليق</button>');
    expect(JSON.parse(MESSAGES_BLOCK.exec(body)![1]!).locale).toBe('ar');
  });

  it('picks Japanese, Hindi, Indonesian, Spanish and Brazilian Portuguese from Accept-Language', async () => {
    const expected: [string, string][] = [
      ['ja', '2件のコメント'],
      ['hi-IN', '2 टिप्पणियाँ'],
      ['id', '2 komentar'],
      ['es-MX', '2 comentarios'],
      ['pt', '2 comentários'],
    ];
    for (const [language, heading] of expected) {
      expect((await page(language)).body, language).toContain(`<h2 id="comments-heading">${heading}</h2>`);
    }
  });

  it('speaks data-lang in the embed frame, else the site’s language, else Accept-Language', async () => {
    const blog = 'https://languages.example';
    await registerSite(t.ctx, { name: 'lang-blog', origins: [blog], lang: 'ar' });
    const frame = (lang: string | null, acceptLanguage = 'ja') =>
      t.app.inject({
        url: `/embed/thread?${new URLSearchParams({ site: 'lang-blog', page: 'p1', url: `${blog}/p1`, title: 'P1', origin: blog, ...(lang ? { lang } : {}) })}`,
        headers: { referer: `${blog}/`, 'accept-language': acceptLanguage },
      });
    const german = (await frame('de')).body;
    expect(german).toMatch(/<html lang="de" class="embed"/);
    expect(german).toContain('<button type="submit">Kommentar senden</button>');
    expect(JSON.parse(MESSAGES_BLOCK.exec(german)![1]!).locale).toBe('de');
    const arabic = (await frame(null)).body;
    expect(arabic).toMatch(/<html lang="ar" dir="rtl" class="embed"/);
    expect(arabic).toContain('<button type="submit">انشر التعليق</button>');
  });

  it('words a refusal by its code in German (no-JS form; the client’s errorText), and keeps English as the server wrote it', async () => {
    const post = (language: string) =>
      t.app.inject({
        method: 'POST',
        url: `/articles/${slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
        payload: new URLSearchParams({ body: 'Hallo zusammen', name: 'Greta', email: 'not-an-address' }).toString(),
      });
    const german = await post('de');
    expect(german.statusCode).toBe(400);
    expect(german.body).toContain('<p id="comment-email-error" class="field-error">Bitte überprüfen Sie Ihre Eingabe.</p>');
    const english = await post('en');
    expect(english.statusCode).toBe(400);
    expect(english.body).not.toContain('Please check what you entered.');
    // Through the API the client chooses: the German page's words by code, English the server's text, an unknown code the server's text.
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      payload: { body: 'Hallo', parentId: null, guest: { name: 'Greta', email: 'not-an-address' } },
    });
    const { code, message } = api.json().error as { code: string; message: string };
    expect(code).toBe('VALIDATION_FAILED');
    expect(errorText('de', code, message)).toBe('Bitte überprüfen Sie Ihre Eingabe.');
    expect(errorText('en', code, message)).toBe(message);
    expect(errorText('de', 'SOMETHING_NEW', message)).toBe(message);
  });

  it('names the author’s badge in German on the comment', async () => {
    const writer = { kind: 'account' as const, id: writerId, role: 'author' as const, name: 'Writer', slug: 'writer' };
    await postComment(t.ctx, writer, { threadId, body: 'Thanks for reading, everyone.' });
    expect((await page('de')).body).toContain('<span class="badge">Autor des Artikels</span>');
    expect((await page('en')).body).toContain('<span class="badge">Author</span>');
  });

  it('asks and confirms an unsubscribe in German', async () => {
    const link = new URL(unsubscribeUrl(t.ctx, 'http://localhost', writerId, 'reply'));
    const url = `${link.pathname}${link.search}`;
    const ask = await t.app.inject({ url, headers: { 'accept-language': 'de' } });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1 id="unsubscribe-heading">Abbestellen</h1>');
    expect(ask.body).toContain('E-Mails, wenn jemand auf Ihre Kommentare antwortet');
    expect(ask.body).not.toContain('Unsubscribe</h1>');
    const done = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Sie haben abbestellt');
    expect(done.body).toContain('Sie erhalten nicht mehr: E-Mails, wenn jemand auf Ihre Kommentare antwortet.');
    const forged = await t.app.inject({ url: url.replace(/sig=[^&]+/, 'sig=forged'), headers: { 'accept-language': 'de' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Dieser Link funktioniert nicht');
  });

  it('opens the embed’s no-JS sign-in in a new tab, and the loader names its frame in every language', async () => {
    const blog = 'https://signin.example';
    await registerSite(t.ctx, { name: 'signin-blog', origins: [blog] });
    const frame = await t.app.inject({
      url: `/embed/thread?${new URLSearchParams({ site: 'signin-blog', page: 'p1', url: `${blog}/p1`, title: 'P1', origin: blog, lang: 'de' })}`,
      headers: { referer: `${blog}/` },
    });
    expect(frame.statusCode).toBe(200);
    expect(frame.body).toContain('<a href="/embed/sign-in?site=signin-blog" target="_blank" rel="noopener">Melden Sie sich an</a>');
    const loader = fs.readFileSync(new URL('../../src/widget/embed-loader.ts', import.meta.url), 'utf8');
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      expect(loader, locale).toContain(`${locale.split('-')[0]}: '${translate(locale, 'discussion.heading.none')}'`);
    }
  });
});
