// Profiles: editing name and bio (errors name the field), the avatar (resized, shown beside
// comments and on the profile), the public profile page and its JSON, and /settings without JS.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { multipart, pngOf } from '../helpers/images.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import type { Post, User } from '../../src/storage/schema.ts';

describe.each(testEngines())('profiles on %s', (engine) => {
  let t: TestApp;
  let post: Post;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine, { maxUploadBytes: 2_000_000 });
    const editor = await makeUser(t.ctx, 'editor');
    post = await makePost(t.ctx, editor, { title: 'The phone that bends' });
    threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  async function signedIn(user: User) {
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const asAccount = (user: User) => ({ kind: 'account' as const, id: user.id, role: user.role, name: user.display_name, slug: user.slug });

  it('edits the display name and bio, and names the field when one is wrong', async () => {
    const user = await makeUser(t.ctx, 'reader', 'Rita Reader');
    const { cookie } = await signedIn(user);
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload });

    const ok = await patch({ displayName: '  Rita   R. ', bio: 'Reads everything twice.' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      displayName: 'Rita R.',
      bio: 'Reads everything twice.',
      slug: user.slug,
      profileUrl: `/people/${user.slug}`,
    });

    const longBio = await patch({ bio: 'x'.repeat(281) });
    expect(longBio.statusCode).toBe(400);
    expect(longBio.json().error).toMatchObject({ field: 'bio' });
    expect(longBio.json().error.message).toContain('280');
    const emptyName = await patch({ displayName: '   ' });
    expect(emptyName.statusCode).toBe(400);
    expect(emptyName.json().error.field).toBe('displayName');
    expect((await patch({ nickname: 'x' })).statusCode).toBe(400);
    // Half a surrogate pair: SQLite would store invalid UTF-8 and PostgreSQL U+FFFD, so neither does.
    const halfPair = await patch({ displayName: 'Rita \ud83d' });
    expect(halfPair.statusCode).toBe(400);
    expect(halfPair.json().error).toMatchObject({ field: 'body.displayName', message: expect.stringContaining('unpaired surrogate') });
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { bio: 'hi' } })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/v1/me',
          headers: { cookie, origin: 'https://evil.example' },
          payload: { bio: 'hi' },
        })
      ).statusCode,
    ).toBe(403);

    const me = (await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).json();
    expect(me).toMatchObject({ displayName: 'Rita R.', bio: 'Reads everything twice.' });
  });

  it('resizes an uploaded avatar to square 64/128/256 px WebP and JPEG and shows it with comments and on the profile', async () => {
    const user = await makeUser(t.ctx, 'reader', 'Avery Avatar');
    const { cookie } = await signedIn(user);
    await postComment(t.ctx, asAccount(user), { threadId, body: 'Picture me commenting.' });
    const body = multipart([{ name: 'file', value: await pngOf(900, 600, 40), filename: 'me.png', contentType: 'image/png' }]);
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    const mediaId = response.json().avatarMediaId as string;
    expect(mediaId).toEqual(expect.any(String));

    for (const size of [64, 128, 256]) {
      for (const format of ['webp', 'jpg'] as const) {
        const stored = fs.readFileSync(path.join(t.dataDir, 'media', mediaId, `w${size}.${format}`));
        expect(await sharp(stored).metadata(), `${size} ${format}`).toMatchObject({
          width: size,
          height: size,
          format: format === 'jpg' ? 'jpeg' : 'webp',
        });
      }
      expect((await t.app.inject(`/media/${mediaId}/w${size}.jpg`)).statusCode).toBe(200);
    }

    const thread = (await t.app.inject(`/api/v1/threads/${threadId}/comments`)).json();
    const mine = thread.comments.find((c: { author: { name: string } }) => c.author.name === 'Avery Avatar');
    expect(mine.author).toMatchObject({ avatarUrl: `/media/${mediaId}/w128.jpg`, profileUrl: `/people/${user.slug}` });
    const article = await t.app.inject(`/articles/${post.slug}`);
    expect(article.body).toContain(`<img src="/media/${mediaId}/w128.jpg"`);
    expect(article.body).toContain(`srcset="/media/${mediaId}/w128.webp"`);
    const profile = await t.app.inject(`/people/${user.slug}`);
    expect(profile.body).toContain(`<img src="/media/${mediaId}/w256.jpg"`);
    expect((await t.app.inject(`/api/v1/people/${user.slug}`)).json().avatar).toEqual({
      64: `/media/${mediaId}/w64.jpg`,
      128: `/media/${mediaId}/w128.jpg`,
      256: `/media/${mediaId}/w256.jpg`,
    });

    // A new picture replaces the old one, files and all; removing it brings the initials back.
    const again = multipart([{ name: 'file', value: await pngOf(300, 500, 90), filename: 'me2.png' }]);
    const replaced = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { cookie, ...again.headers },
      payload: again.payload,
    });
    const second = replaced.json().avatarMediaId as string;
    expect(second).not.toBe(mediaId);
    expect(fs.existsSync(path.join(t.dataDir, 'media', mediaId))).toBe(false);
    const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/avatar', headers: { cookie } });
    expect(removed.json().avatarMediaId).toBeNull();
    expect(fs.existsSync(path.join(t.dataDir, 'media', second))).toBe(false);
    expect((await t.app.inject(`/people/${user.slug}`)).body).toMatch(/<span class="avatar avatar-large avatar-hue-\d+"/);

    const notImage = multipart([{ name: 'file', value: Buffer.from('not a picture'), filename: 'x.png' }]);
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { cookie, ...notImage.headers },
      payload: notImage.payload,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.field).toBe('file');

    // A picture cut short after its header: found only when decoding, still the uploader's to fix.
    const rowsBefore = (await t.storage.db.selectFrom('media').select('id').execute()).length;
    const cut = multipart([{ name: 'file', value: (await pngOf(700, 400, 33)).subarray(0, 200), filename: 'cut.png' }]);
    const truncated = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { cookie, ...cut.headers },
      payload: cut.payload,
    });
    expect(truncated.statusCode).toBe(422);
    expect(truncated.json().error).toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
    expect((await t.storage.db.selectFrom('media').select('id').execute()).length).toBe(rowsBefore);
  });

  it("lists the person's published comments newest first, paginated, linking each to its comment and article", async () => {
    const user = await makeUser(t.ctx, 'reader', 'Polly Prolific');
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      t.clock.advance(60_000);
      ids.push((await postComment(t.ctx, asAccount(user), { threadId, body: `Thought number ${i}` })).comment.id);
    }
    const newest = [...ids].reverse();

    const first = await t.app.inject(`/people/${user.slug}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Polly Prolific');
    expect(first.body).toContain('23 comments');
    expect(first.body.indexOf('Thought number 22')).toBeLessThan(first.body.indexOf('Thought number 21'));
    expect(first.body).toContain(`href="/comments/${newest[0]}"`);
    expect(first.body).toContain(`href="/articles/${post.slug}">The phone that bends</a>`);
    expect(first.body).not.toContain('Thought number 2<');
    expect(first.body).toContain(`href="/people/${user.slug}?page=2"`);
    const second = await t.app.inject(`/people/${user.slug}?page=2`);
    for (const i of [0, 1, 2]) expect(second.body).toContain(`Thought number ${i}<`);
    expect(second.body).not.toContain('Thought number 3<');

    const api = (await t.app.inject(`/api/v1/people/${user.slug}/comments?limit=10`)).json();
    expect(api.comments.map((c: { id: string }) => c.id)).toEqual(newest.slice(0, 10));
    expect(api.comments[0]).toMatchObject({
      url: `/comments/${newest[0]}`,
      on: { title: 'The phone that bends', url: `/articles/${post.slug}` },
    });
    const rest = (await t.app.inject(`/api/v1/people/${user.slug}/comments?limit=20&cursor=${api.nextCursor}`)).json();
    expect(rest.comments.map((c: { id: string }) => c.id)).toEqual(newest.slice(10));
    expect(rest.nextCursor).toBeNull();
    expect((await t.app.inject(`/api/v1/people/${user.slug}/comments?cursor=nonsense`)).json().error.field).toBe('cursor');
    expect((await t.app.inject(`/api/v1/people/${user.slug}`)).json()).toMatchObject({
      displayName: 'Polly Prolific',
      commentCount: 23,
      badge: null,
      memberSince: user.created_at,
    });
  });

  it('describes the profile and personal-data endpoints in the OpenAPI document', async () => {
    const paths = Object.keys((await t.app.inject('/api/v1/openapi.json')).json().paths);
    for (const p of [
      '/api/v1/me/avatar',
      '/api/v1/me/password',
      '/api/v1/me/export',
      '/api/v1/people/{slug}',
      '/api/v1/people/{slug}/comments',
    ])
      expect(paths).toContain(p);
  });

  it('answers 404 for an unknown or deleted account', async () => {
    const user = await makeUser(t.ctx, 'reader', 'Gone Soon');
    const { cookie } = await signedIn(user);
    expect((await t.app.inject(`/people/${user.slug}`)).statusCode).toBe(200);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { comments: 'anonymise', confirm: 'DELETE' },
    });
    expect(deleted.statusCode).toBe(200);
    expect((await t.app.inject(`/people/${user.slug}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/people/deleted-${user.id}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/people/${user.slug}`)).statusCode).toBe(404);
    expect((await t.app.inject('/people/nobody-at-all')).statusCode).toBe(404);
  });

  it('serves /settings to the signed-in person only, with forms that work without JavaScript', async () => {
    expect((await t.app.inject('/settings')).headers.location).toBe('/signin?next=%2Fsettings');
    const user = await makeUser(t.ctx, 'reader', 'Sam Settings');
    const { cookie, csrf } = await signedIn(user);
    const page = await t.app.inject({ url: '/settings', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    for (const action of [
      '/settings/profile',
      '/settings/avatar',
      '/settings/password',
      '/settings/signout-everywhere',
      '/settings/export',
      '/settings/delete',
    ]) {
      expect(page.body).toContain(`action="${action}"`);
    }
    expect(page.body).toContain('href="/settings/notifications"');
    expect(page.body).toContain('enctype="multipart/form-data"');

    const form = (fields: Record<string, string>) => ({
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
      payload: new URLSearchParams(fields).toString(),
    });
    const post = (url: string, fields: Record<string, string>) => {
      const { payload, ...headers } = form(fields);
      return t.app.inject({ method: 'POST', url, headers, payload });
    };
    const saved = await post('/settings/profile', { csrf, displayName: 'Sam S.', bio: 'Hello' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings?done=profile');
    expect((await t.app.inject({ url: '/settings?done=profile', headers: { cookie } })).body).toContain('Your profile is saved.');
    const bad = await post('/settings/profile', { csrf, displayName: 'Sam', bio: 'y'.repeat(300) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="settings-profile-bio-error"');
    expect((await post('/settings/profile', { displayName: 'No token', bio: '' })).statusCode).toBe(403);

    const upload = multipart([
      { name: 'csrf', value: csrf },
      { name: 'file', value: await pngOf(200, 200, 10), filename: 'a.png' },
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/settings/avatar',
      headers: { cookie, ...upload.headers },
      payload: upload.payload,
    });
    expect(uploaded.headers.location).toBe('/settings?done=avatar');
    const withPicture = await t.app.inject({ url: '/settings', headers: { cookie } });
    expect(withPicture.body).toMatch(/<img src="\/media\/[a-z0-9]+\/w256\.jpg"/);
  });
});
