// Image uploads cannot starve the server: an avatar is refused from its header when it has more
// pixels than an avatar needs (no decoding at all), every sharp job waits in one bounded image
// queue whose overflow is answered at once with IMAGE_QUEUE_FULL, and uploads have rate limits.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken, makeUser } from '../helpers/factories.ts';
import { multipart, pngOf } from '../helpers/images.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { csrfTokenFor } from '../../src/http/plugins/csrf.ts';
import { IMAGE_QUEUE_DEFAULTS, imageQueue } from '../../src/domain/media/image-queue.ts';
import { RATE_RULES } from '../../src/limits/rules.ts';
import type { User } from '../../src/storage/schema.ts';

/** Holds every slot of the image queue and its whole waiting list until release() is called. */
function fillImageQueue() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const jobs = Array.from({ length: IMAGE_QUEUE_DEFAULTS.concurrency + IMAGE_QUEUE_DEFAULTS.maxWaiting }, () => imageQueue.run(() => gate));
  return {
    async release() {
      release();
      await Promise.all(jobs);
    },
  };
}

describe.each(testEngines())('image upload limits on %s', (engine) => {
  let t: TestApp;
  let huge: Buffer;
  beforeAll(async () => {
    t = await buildTestApp(engine, { maxUploadBytes: 2_000_000 });
    // A flat colour compresses to a small file whatever its size: the classic decompression bomb.
    huge = await sharp({ create: { width: 6300, height: 6300, channels: 3, background: '#3366aa' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
  });
  afterAll(async () => t?.close());

  async function signedIn(user: User) {
    const token = await createSession(t.ctx, user.id, { userAgent: null, ip: null });
    return { cookie: `gz_session=${token}`, csrf: csrfTokenFor(token) };
  }
  const putAvatar = (cookie: string, bytes: Buffer, remoteAddress = '127.0.0.1') => {
    const body = multipart([{ name: 'file', value: bytes, filename: 'me.png', contentType: 'image/png' }]);
    return t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      remoteAddress,
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
  };

  it('refuses a 6300×6300 avatar from its header, naming the field and the limit, without decoding it', async () => {
    expect(huge.length).toBeLessThan(2_000_000);
    const user = await makeUser(t.ctx, 'reader');
    const { cookie, csrf } = await signedIn(user);
    const before = imageQueue.stats().started;

    const refused = await putAvatar(cookie, huge);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toEqual({
      code: 'IMAGE_TOO_LARGE',
      field: 'file',
      message: 'has 6300×6300 pixels (39.7 megapixels); an avatar may have at most 16 megapixels',
    });
    // The no-JS settings form says the same at its field.
    const form = multipart([
      { name: 'csrf', value: csrf },
      { name: 'file', value: huge, filename: 'me.png' },
    ]);
    const page = await t.app.inject({
      method: 'POST',
      url: '/settings/avatar',
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('an avatar may have at most 16 megapixels');

    // No image job ran (nothing was decoded) and nothing was stored.
    expect(imageQueue.stats().started).toBe(before);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).json().avatarMediaId).toBeNull();
  });

  it('answers uploads beyond the image queue with IMAGE_QUEUE_FULL and Retry-After, and takes them again once it drains', async () => {
    const user = await makeUser(t.ctx, 'reader');
    const { cookie } = await signedIn(user);
    const { auth } = await makeStaffWithToken(t.ctx, 'editor');
    const picture = await pngOf(300, 300, 40);
    const media = multipart([{ name: 'file', value: await pngOf(400, 300, 77), filename: 'library.png', contentType: 'image/png' }]);

    const queue = fillImageQueue();
    try {
      const busy = await putAvatar(cookie, picture);
      expect(busy.statusCode).toBe(503);
      expect(busy.json().error).toMatchObject({ code: 'IMAGE_QUEUE_FULL', field: 'file' });
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
      const busyLibrary = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media',
        headers: { ...auth, ...media.headers },
        payload: media.payload,
      });
      expect(busyLibrary.statusCode).toBe(503);
      expect(busyLibrary.json().error.code).toBe('IMAGE_QUEUE_FULL');
    } finally {
      await queue.release();
    }
    expect(imageQueue.stats()).toMatchObject({ active: 0, waiting: 0 });

    const accepted = await putAvatar(cookie, picture);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().avatarMediaId).toEqual(expect.any(String));
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/media',
      headers: { ...auth, ...media.headers },
      payload: media.payload,
    });
    expect(stored.statusCode).toBe(201);
  });

  it('limits avatar uploads per account with 429 and Retry-After, on the API and the form alike', async () => {
    const user = await makeUser(t.ctx, 'reader');
    const { cookie, csrf } = await signedIn(user);
    const notAPicture = Buffer.from('not a picture');
    // Counted before the body is looked at: even refused uploads spend the budget.
    for (let i = 0; i < RATE_RULES.avatarUploadPerAccount.limit; i++)
      expect((await putAvatar(cookie, notAPicture, `198.51.100.${i}`)).statusCode).toBe(422);

    const limited = await putAvatar(cookie, notAPicture, '198.51.100.200');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const form = multipart([
      { name: 'csrf', value: csrf },
      { name: 'file', value: notAPicture, filename: 'me.png' },
    ]);
    const limitedForm = await t.app.inject({
      method: 'POST',
      url: '/settings/avatar',
      remoteAddress: '198.51.100.201',
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(limitedForm.statusCode).toBe(429);
    expect(Number(limitedForm.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits avatar uploads per address, whichever account sends them', async () => {
    const notAPicture = Buffer.from('not a picture');
    const address = '192.0.2.50';
    let sent = 0;
    while (sent < RATE_RULES.avatarUploadPerIp.limit) {
      const { cookie } = await signedIn(await makeUser(t.ctx, 'reader'));
      for (let i = 0; i < 5 && sent < RATE_RULES.avatarUploadPerIp.limit; i++, sent++)
        expect((await putAvatar(cookie, notAPicture, address)).statusCode).toBe(422);
    }
    const { cookie } = await signedIn(await makeUser(t.ctx, 'reader'));
    const limited = await putAvatar(cookie, notAPicture, address);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts media library uploads against their own budget', async () => {
    const { auth } = await makeStaffWithToken(t.ctx, 'editor');
    const body = multipart([{ name: 'file', value: Buffer.from('not a picture'), filename: 'x.png' }]);
    const upload = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media',
        remoteAddress: '192.0.2.77',
        headers: { ...auth, ...body.headers },
        payload: body.payload,
      });
    const first = await upload();
    expect(first.statusCode).toBe(422);
    expect(first.headers['ratelimit-limit']).toBe(String(RATE_RULES.mediaUploadPerAccount.limit));
    expect(Number((await upload()).headers['ratelimit-remaining'])).toBe(Number(first.headers['ratelimit-remaining']) - 1);
  });
});
