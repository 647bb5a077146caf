// The desk's home page arrangement, correction notes and readers' error reports (issue 12):
// the editors' lead and featured stories lead the home page without repeating; bad choices are
// refused naming the field; notes show on the article, in its JSON-LD and in the feed; a reader's
// report reaches the editors and becomes a correction in one call; the form is limited per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import { listOutbox } from '../../src/storage/repos/outbox.ts';
import type { User } from '../../src/domain/records.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' };
const HOUR = 3600_000;

describe.each(testEngines())('home page, corrections and error reports on %s', (engine) => {
  let t: TestApp;
  let editor: User;
  let auth: { authorization: string };
  let authorAuth: { authorization: string };
  let ipSeq = 0;
  const freshIp = () => `198.51.100.${++ipSeq}`;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    ({ user: editor, auth } = await makeStaffWithToken(t.ctx, 'editor'));
    ({ auth: authorAuth } = await makeStaffWithToken(t.ctx, 'author'));
  });
  afterAll(async () => t?.close());

  const putHome = (body: unknown, headers = auth) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/admin/home', headers, payload: body as object });
  const ago = (hours: number) => new Date(t.clock.now().getTime() - hours * HOUR).toISOString();

  describe('the home page', () => {
    it('shows the lead first, then the featured, then the rest by date without repeating them', async () => {
      const old = await makePost(t.ctx, editor, { title: 'Oldest lead story', publishedAt: ago(100) });
      const featured = await makePost(t.ctx, editor, { title: 'A featured piece', publishedAt: ago(90) });
      const newest = await makePost(t.ctx, editor, { title: 'Newest by date', publishedAt: ago(1) });
      const res = await putHome({ lead: old.id, featured: [featured.id] });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ lead: old.id, featured: [featured.id] });
      expect((await t.app.inject({ url: '/api/v1/admin/home', headers: auth })).json()).toEqual({ lead: old.id, featured: [featured.id] });

      const html = (await t.app.inject('/')).body;
      const at = (title: string) => html.indexOf(title);
      expect(at('Oldest lead story')).toBeGreaterThan(-1);
      expect(at('Oldest lead story')).toBeLessThan(at('A featured piece'));
      expect(at('A featured piece')).toBeLessThan(at('Newest by date'));
      expect(html.split('>Oldest lead story<').length - 1).toBe(1);
      expect(html.split('>A featured piece<').length - 1).toBe(1);
      expect(newest.id).toBeTruthy();
    });

    it('shows a scheduled lead only once it is published', async () => {
      const later = new Date(t.clock.now().getTime() + 2 * HOUR).toISOString();
      const scheduled = await makePost(t.ctx, editor, { title: 'Embargoed scoop', status: 'scheduled', publishedAt: later });
      expect((await putHome({ lead: scheduled.id, featured: [] })).statusCode).toBe(200);
      expect((await t.app.inject('/')).body).not.toContain('Embargoed scoop');
      t.clock.advance(3 * HOUR);
      try {
        const html = (await t.app.inject('/')).body;
        expect(html.split('>Embargoed scoop<').length - 1).toBe(1);
        expect(html.indexOf('Embargoed scoop')).toBeLessThan(
          html.indexOf('A featured piece') === -1 ? Infinity : html.indexOf('A featured piece'),
        );
      } finally {
        t.clock.advance(-3 * HOUR);
      }
    });

    it('refuses bad choices, naming the field, and leaves the arrangement as it was', async () => {
      const before = (await t.app.inject({ url: '/api/v1/admin/home', headers: auth })).json();
      const a = await makePost(t.ctx, editor);
      const draft = await makePost(t.ctx, editor, { title: 'Unfinished draft', status: 'draft' });
      const seven = await Promise.all(Array.from({ length: 7 }, () => makePost(t.ctx, editor)));

      const unknown = await putHome({ lead: 'no-such-post', featured: [] });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'lead' });

      const dup = await putHome({ lead: a.id, featured: [seven[0]!.id, a.id] });
      expect(dup.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'featured[1]' });

      const notPublished = await putHome({ lead: null, featured: [draft.id] });
      expect(notPublished.statusCode).toBe(409);
      expect(notPublished.json().error).toMatchObject({ code: 'POST_NOT_PUBLISHED', field: 'featured[0]' });

      const tooMany = await putHome({ lead: null, featured: seven.map((p) => p.id) });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'featured' });

      expect((await t.app.inject({ url: '/api/v1/admin/home', headers: auth })).json()).toEqual(before);
    });

    it('is for editors: an author is refused', async () => {
      const res = await putHome({ lead: null, featured: [] }, authorAuth);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('ROLE_NOT_ALLOWED');
    });
  });

  describe('corrections', () => {
    it('shows a dated note on the article, in its JSON-LD (dateModified, correction) and in the feed', async () => {
      const post = await makePost(t.ctx, editor, { title: 'Corrected story', publishedAt: ago(48) });
      expect((await t.app.inject(`/articles/${post.slug}`)).body).not.toContain('class="corrections"');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/posts/${post.id}/corrections`,
        headers: auth,
        payload: { kind: 'correction', text: 'An earlier version gave the wrong year.' },
      });
      expect(res.statusCode).toBe(201);
      const note = res.json();
      expect(note).toMatchObject({
        kind: 'correction',
        text: 'An earlier version gave the wrong year.',
        createdAt: t.clock.now().toISOString(),
      });

      // The cached article page was cleared by the change.
      const html = (await t.app.inject(`/articles/${post.slug}`)).body;
      expect(html).toContain(
        '<strong>Correction, <time datetime="2026-01-15T12:00:00.000Z">15 January 2026</time>:</strong> An earlier version gave the wrong year.',
      );
      const ld = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
      const article = ld.find((x) => x['@type'] === 'NewsArticle');
      expect(article.dateModified).toBe(t.clock.now().toISOString());
      expect(article.correction).toEqual([
        { '@type': 'CorrectionComment', text: 'An earlier version gave the wrong year.', datePublished: t.clock.now().toISOString() },
      ]);

      const feed = (await t.app.inject('/atom.xml')).body;
      const entry = feed.split('<entry>').find((e) => e.includes('Corrected story'))!;
      expect(entry).toContain(`<updated>${t.clock.now().toISOString()}</updated>`);
      expect(entry).toContain('Correction, 15 January 2026:');
      expect(entry).toContain('An earlier version gave the wrong year.');

      const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/posts/${post.id}/corrections/${note.id}`, headers: auth });
      expect(removed.statusCode).toBe(204);
      expect((await t.app.inject(`/articles/${post.slug}`)).body).not.toContain('An earlier version gave the wrong year.');
    });

    it('refuses notes on drafts, empty text, and authors', async () => {
      const draft = await makePost(t.ctx, editor, { status: 'draft' });
      const published = await makePost(t.ctx, editor);
      const add = (id: string, payload: object, headers = auth) =>
        t.app.inject({ method: 'POST', url: `/api/v1/admin/posts/${id}/corrections`, headers, payload });
      expect((await add(draft.id, { kind: 'update', text: 'x' })).json().error.code).toBe('POST_NOT_PUBLISHED');
      expect((await add(published.id, { kind: 'update', text: '   ' })).json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'text',
      });
      expect((await add(published.id, { kind: 'update', text: 'x' }, authorAuth)).json().error.code).toBe('ROLE_NOT_ALLOWED');
    });
  });

  describe("readers' error reports", () => {
    it('every article has the form; a report lands with the editors and becomes a correction in one call', async () => {
      const post = await makePost(t.ctx, editor, { title: 'Story with a mistake' });
      const page = (await t.app.inject(`/articles/${post.slug}`)).body;
      expect(page).toContain('Report an error in this article');
      expect(page).toContain(`action="/articles/${post.slug}/error-reports"`);

      const sent = await t.app.inject({
        method: 'POST',
        url: `/articles/${post.slug}/error-reports`,
        headers: FORM,
        remoteAddress: freshIp(),
        payload: 'text=The+CEO+is+Kenichiro+Yoshida&email=reader%40example.org',
      });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(`/articles/${post.slug}/error-reports/thanks`);
      expect((await t.app.inject(sent.headers.location as string)).body).toContain('Your report has reached the editors');

      const open = (await t.app.inject({ url: '/api/v1/admin/error-reports?status=open', headers: auth })).json().reports;
      const mine = open.find((r: { post: { id: string } }) => r.post.id === post.id);
      expect(mine).toMatchObject({
        text: 'The CEO is Kenichiro Yoshida',
        email: 'reader@example.org',
        status: 'open',
        post: { slug: post.slug },
      });
      expect((await t.app.inject({ url: '/api/v1/admin/error-reports', headers: authorAuth })).json().error.code).toBe('ROLE_NOT_ALLOWED');

      const made = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/error-reports/${mine.id}/correction`,
        headers: auth,
        payload: { text: 'The CEO was misnamed.' },
      });
      expect(made.statusCode).toBe(201);
      expect(made.json().report).toMatchObject({ status: 'corrected', correctionId: made.json().correction.id });
      expect((await t.app.inject(`/articles/${post.slug}`)).body).toContain('The CEO was misnamed.');

      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/error-reports/${mine.id}/dismiss`,
        headers: auth,
        payload: {},
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ERROR_REPORT_CLOSED');
    });

    it('answering mails a reader who left an address; dismissing closes without mail', async () => {
      const post = await makePost(t.ctx, editor, { title: 'Answered story' });
      const send = (payload: string) =>
        t.app.inject({ method: 'POST', url: `/articles/${post.slug}/error-reports`, headers: FORM, remoteAddress: freshIp(), payload });
      await send('text=Wrong+date&email=asker%40example.org');
      await send('text=Spelling');
      const reports = (await t.app.inject({ url: `/api/v1/admin/error-reports?status=open&postId=${post.id}`, headers: auth })).json()
        .reports;
      const withMail = reports.find((r: { email: string | null }) => r.email !== null);
      const without = reports.find((r: { email: string | null }) => r.email === null);
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/error-reports/${withMail.id}/answer`,
        headers: auth,
        payload: { note: 'The date is right: it was 30 June.' },
      });
      expect(answered.json()).toMatchObject({ status: 'answered', note: 'The date is right: it was 30 June.' });
      const mail = (await listOutbox(t.ctx.db, { limit: 50, offset: 0 })).find((m) => m.to_address === 'asker@example.org');
      expect(mail?.text_body).toContain('The date is right: it was 30 June.');
      expect(mail?.text_body).toContain(`http://localhost/articles/${post.slug}`);
      const dismissed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/error-reports/${without.id}/dismiss`,
        headers: auth,
        payload: {},
      });
      expect(dismissed.json().status).toBe('dismissed');
    });

    it('refuses an empty report naming the field, a cross-site form, and more than the per-address budget', async () => {
      const post = await makePost(t.ctx, editor);
      const url = `/articles/${post.slug}/error-reports`;
      const empty = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, accept: 'application/json' },
        remoteAddress: freshIp(),
        payload: 'text=++',
      });
      expect(empty.statusCode).toBe(400);
      const crossSite = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, origin: 'https://evil.example' },
        remoteAddress: freshIp(),
        payload: 'text=x',
      });
      expect(crossSite.statusCode).toBe(403);

      const ip = freshIp();
      for (let i = 0; i < RATE_RULES.articleErrorReportPerIp.limit; i++) {
        expect(
          (await t.app.inject({ method: 'POST', url, headers: FORM, remoteAddress: ip, payload: `text=Report+${i}` })).statusCode,
        ).toBe(303);
      }
      const over = await t.app.inject({ method: 'POST', url, headers: FORM, remoteAddress: ip, payload: 'text=One+more' });
      expect(over.statusCode).toBe(429);
    });
  });
});
