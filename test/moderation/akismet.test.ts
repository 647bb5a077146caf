// Akismet, spoken to over its real HTTP protocol by a local server that checks what it gets:
// POST /1.1/comment-check, form-encoded, answering "true"/"false" (with X-akismet-pro-tip:
// discard for blatant spam). A failing or unreachable service never blocks posting.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akismetFields, checkAkismet, type AkismetSettings } from '../../src/domain/moderation/steps/akismet.ts';
import type { Candidate } from '../../src/domain/moderation/candidate.ts';
import { parseModeration } from '../../src/domain/moderation/types.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { insertSanction } from '../../src/storage/repos/sanctions.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';

interface Received {
  method: string;
  path: string;
  contentType: string;
  fields: URLSearchParams;
}

/** A stand-in for rest.akismet.com: spam is whatever mentions "viagra-test-123" (as Akismet's own test value) or "cheap pills". */
async function startAkismet() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const fields = new URLSearchParams(body);
      received.push({ method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'] ?? '', fields });
      if (request.url !== '/1.1/comment-check' || request.method !== 'POST') return response.writeHead(404).end('not found');
      if (fields.get('api_key') !== 'test-key' || !fields.get('blog')) {
        return response.writeHead(200, { 'x-akismet-debug-help': 'Empty "api_key" or "blog" value' }).end('invalid');
      }
      const text = `${fields.get('comment_author')} ${fields.get('comment_content')}`;
      if (text.includes('viagra-test-123')) return response.writeHead(200, { 'x-akismet-pro-tip': 'discard' }).end('true');
      response.writeHead(200, { 'content-type': 'text/plain' }).end(text.includes('cheap pills') ? 'true' : 'false');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An address where nothing listens: a server started and stopped again. */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

const candidate = (body: string, name = 'Reader'): Candidate => ({
  threadId: 't1',
  body,
  author: { kind: 'guest', name, email: 'reader@example.com', keyHash: null },
  ip: '203.0.113.9',
  userAgent: 'TestBrowser/1.0',
  at: TEST_NOW,
  mode: 'post',
  permalink: 'https://news.example/articles/x',
});

describe('Akismet step against a local server', () => {
  let akismet: Awaited<ReturnType<typeof startAkismet>>;
  let settings: AkismetSettings;
  beforeAll(async () => {
    akismet = await startAkismet();
    settings = { key: 'test-key', url: akismet.url, blog: 'https://news.example' };
  });
  afterAll(async () => akismet?.close());

  it('sends the comment-check fields form-encoded and takes "false" as not spam', async () => {
    const step = await checkAkismet(
      settings,
      akismetFields(settings, candidate('A fair point about the camera.'), { email: 'reader@example.com' }),
    );
    expect(step).toEqual({ step: 'akismet', verdict: 'publish', reason: 'Akismet says not spam' });
    const last = akismet.received.at(-1)!;
    expect(last).toMatchObject({
      method: 'POST',
      path: '/1.1/comment-check',
      contentType: expect.stringContaining('application/x-www-form-urlencoded'),
    });
    expect(Object.fromEntries(last.fields)).toMatchObject({
      api_key: 'test-key',
      blog: 'https://news.example',
      user_ip: '203.0.113.9',
      user_agent: 'TestBrowser/1.0',
      comment_type: 'comment',
      comment_author: 'Reader',
      comment_author_email: 'reader@example.com',
      comment_content: 'A fair point about the camera.',
      comment_date_gmt: TEST_NOW,
      permalink: 'https://news.example/articles/x',
    });
  });

  it('takes "true" as spam, and says so more firmly with the discard pro-tip', async () => {
    expect(await checkAkismet(settings, akismetFields(settings, candidate('buy cheap pills'), { email: null }))).toMatchObject({
      verdict: 'spam',
      reason: 'Akismet says spam',
    });
    expect(await checkAkismet(settings, akismetFields(settings, candidate('hello', 'viagra-test-123'), { email: null }))).toMatchObject({
      verdict: 'spam',
      reason: 'Akismet says blatant spam',
    });
  });

  it('abstains, with the reason, on an invalid key and when the service cannot be reached', async () => {
    const bad = { ...settings, key: 'wrong' };
    expect(await checkAkismet(bad, akismetFields(bad, candidate('hello'), { email: null }))).toMatchObject({
      verdict: 'publish',
      reason: expect.stringContaining('answered 200 "invalid" (Empty "api_key" or "blog" value)'),
    });
    const dead = { ...settings, url: await deadUrl() };
    expect(await checkAkismet(dead, akismetFields(dead, candidate('hello'), { email: null }))).toMatchObject({
      verdict: 'publish',
      reason: expect.stringContaining('could not be reached'),
    });
  });
});

describe.each(testEngines())('posting with Akismet configured (%s)', (engine) => {
  let akismet: Awaited<ReturnType<typeof startAkismet>>;
  let t: TestApp;
  let threadId: string;
  beforeAll(async () => {
    akismet = await startAkismet();
    t = await buildTestApp(engine, { akismet: { key: 'test-key', url: akismet.url }, publicUrl: 'https://news.example' });
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'));
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => {
    await t?.close();
    await akismet?.close();
  });

  const postAs = (body: string, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      remoteAddress: ip,
      headers: { 'user-agent': 'TestBrowser/2.0' },
      payload: { body, guest: { name: 'Pat', email: 'pat@example.com' } },
    });

  it("asks Akismet with the poster's address and browser; spam answers like a published comment but stays out of the thread", async () => {
    const fine = await postAs('The compact line deserved better.', '198.51.100.20');
    expect(fine.statusCode).toBe(201);
    expect(Object.fromEntries(akismet.received.at(-1)!.fields)).toMatchObject({
      user_ip: '198.51.100.20',
      user_agent: 'TestBrowser/2.0',
      blog: 'https://news.example',
      comment_author_email: 'pat@example.com',
    });

    const spam = await postAs('Get cheap pills here', '198.51.100.21');
    expect(spam.statusCode).toBe(201);
    expect(spam.json().status).toBe('published');
    const row = await findComment(t.storage.db, spam.json().id);
    expect(row?.status).toBe('spam');
    expect(parseModeration(row!.moderation)).toContainEqual({ step: 'akismet', verdict: 'spam', reason: 'Akismet says spam' });
    const thread = (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
    expect(thread.comments.map((c: { id: string }) => c.id)).toEqual([fine.json().id]);
    expect(thread.commentCount).toBe(1);
  });

  it('refuses a banned commenter without telling Akismet anything of the comment', async () => {
    await insertSanction(t.storage.db, {
      id: 'ban-before-akismet',
      subject: 'email:banned@example.com',
      kind: 'ban',
      reason: 'Abuse',
      created_by: null,
      created_at: TEST_NOW,
      expires_at: null,
      lifted_at: null,
      lifted_by: null,
    });
    const asked = akismet.received.length;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      remoteAddress: '198.51.100.23',
      payload: { body: 'Get cheap pills here, banned or not', guest: { name: 'Banned', email: 'banned@example.com' } },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('BANNED');
    expect(akismet.received.length).toBe(asked);
  });

  it('posts normally when Akismet is down, noting that it was not consulted', async () => {
    await akismet.close();
    const response = await postAs('Still here, still reading.', '198.51.100.22');
    expect(response.statusCode).toBe(201);
    const row = await findComment(t.storage.db, response.json().id);
    expect(row?.status).toBe('published');
    expect(parseModeration(row!.moderation)).toContainEqual(
      expect.objectContaining({ step: 'akismet', verdict: 'publish', reason: expect.stringContaining('could not be reached') }),
    );
  });
});
