import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { multipart, pngOf } from '../helpers/images.ts';

describe.each(testEngines())('media upload and serving on %s', (engine) => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine, { maxUploadBytes: 200_000 });
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const upload = (parts: Parameters<typeof multipart>[0], auth: Record<string, string> = editor.auth) => {
    const body = multipart(parts);
    return t.app.inject({ method: 'POST', url: '/api/v1/admin/media', headers: { ...auth, ...body.headers }, payload: body.payload });
  };
  const mediaDirs = () => (fs.existsSync(path.join(t.dataDir, 'media')) ? fs.readdirSync(path.join(t.dataDir, 'media')) : []);
  const mediaRows = async () => (await t.storage.db.selectFrom('media').select('id').execute()).length;

  it('stores an image with WebP and JPEG renditions, keeps the original, and serves them for a year', async () => {
    const response = await upload([
      { name: 'alt', value: 'A blue test card' },
      { name: 'file', value: await pngOf(2000, 1000), filename: 'card.png', contentType: 'image/png' },
    ]);
    expect(response.statusCode).toBe(201);
    const media = response.json();
    expect(media).toMatchObject({ width: 2000, height: 1000, mime: 'image/png', alt: 'A blue test card', originalName: 'card.png' });
    expect(media.markdown).toBe(`![A blue test card](media:${media.id})`);
    expect(media.image.url).toBe(`/media/${media.id}/w1920.jpg`);
    expect(media.image.srcset.webp).toContain(`/media/${media.id}/w320.webp 320w`);

    for (const [file, type] of [
      ['w320.webp', 'image/webp'],
      ['w1920.jpg', 'image/jpeg'],
      ['original.png', 'image/png'],
    ]) {
      const served = await t.app.inject(`/media/${media.id}/${file}`);
      expect(served.statusCode, file).toBe(200);
      expect(served.headers['content-type']).toBe(type);
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const rendition = await t.app.inject(`/media/${media.id}/w640.jpg`);
    expect(await sharp(rendition.rawPayload).metadata()).toMatchObject({ width: 640, height: 320, format: 'jpeg' });
    expect((await t.app.inject(`/media/${media.id}/w2560.jpg`)).statusCode).toBe(404);
  });

  it('gives the existing item back when the same bytes are uploaded again', async () => {
    const bytes = await pngOf(400, 300, 17);
    const first = await upload([{ name: 'file', value: bytes, filename: 'a.png' }]);
    const second = await upload([{ name: 'file', value: bytes, filename: 'b.png' }]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });

  it('refuses a file that is not an image, leaving no files and no row behind', async () => {
    const [dirsBefore, rowsBefore] = [mediaDirs().length, await mediaRows()];
    const response = await upload([
      { name: 'file', value: Buffer.from('%PDF-1.4 not an image'), filename: 'report.pdf', contentType: 'image/png' },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
    expect(mediaDirs().length).toBe(dirsBefore);
    expect(await mediaRows()).toBe(rowsBefore);
  });

  it('refuses an image cut short (a whole header, missing pixels) with 422, leaving no files and no row behind', async () => {
    const [dirsBefore, rowsBefore] = [mediaDirs().length, await mediaRows()];
    const cut = (await pngOf(700, 400, 91)).subarray(0, 200);
    const response = await upload([{ name: 'file', value: cut, filename: 'cut.png', contentType: 'image/png' }]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
    expect(mediaDirs().length).toBe(dirsBefore);
    expect(await mediaRows()).toBe(rowsBefore);
  });

  it('refuses two files in one upload with 400 naming file, leaving nothing behind', async () => {
    const [dirs, rows] = [mediaDirs().length, await mediaRows()];
    const png = await pngOf(40, 40);
    const response = await upload([
      { name: 'alt', value: 'Two at once' },
      { name: 'file', value: png, filename: 'a.png', contentType: 'image/png' },
      { name: 'file', value: png, filename: 'b.png', contentType: 'image/png' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'file', message: 'send one file per request' });
    expect([mediaDirs().length, await mediaRows()]).toEqual([dirs, rows]);
  });

  it('refuses an upload above the size limit with 413, and a request without a file', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 300, height: 300, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(200_000);
    const tooLarge = await upload([{ name: 'file', value: noise, filename: 'big.png' }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'file' });

    const missing = await upload([{ name: 'alt', value: 'no file here' }]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('file');

    const json = await t.app.inject({ method: 'POST', url: '/api/v1/admin/media', headers: editor.auth, payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.field).toBe('file');
  });

  it('keeps readers and anonymous callers out', async () => {
    const reader = await makeStaffWithToken(t.ctx, 'reader');
    const file = [{ name: 'file', value: await pngOf(10, 10), filename: 'x.png' }];
    expect((await upload(file, reader.auth)).statusCode).toBe(403);
    expect((await upload(file, {})).statusCode).toBe(401);
  });

  it('lists the library, edits alt text, and renders an uploaded image inside a post', async () => {
    const created = (await upload([{ name: 'file', value: await pngOf(800, 600, 99), filename: 'phone.png' }])).json();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/media/${created.id}`,
      headers: editor.auth,
      payload: { alt: 'The phone, front' },
    });
    expect(patched.json().alt).toBe('The phone, front');
    const list = await t.app.inject({ url: '/api/v1/admin/media', headers: editor.auth });
    expect(list.json().media.map((m: { id: string }) => m.id)).toContain(created.id);
    expect((await t.app.inject({ url: '/api/v1/admin/media/nope', headers: editor.auth })).statusCode).toBe(404);

    const post = await makePost(t.ctx, editor.user, {
      bodyMarkdown: `Look:\n\n![The phone, front](media:${created.id})`,
      leadMediaId: created.id,
    });
    const page = await t.app.inject(`/articles/${post.slug}`);
    expect(page.body).toContain(`srcset="/media/${created.id}/w320.webp 320w, /media/${created.id}/w640.webp 640w"`);
    expect(page.body).toContain('alt="The phone, front"');
  });

  it('does not serve paths outside a media folder', async () => {
    for (const url of ['/media/..%2F..%2Fetc/passwd', '/media/abc/..%2Fsecret.jpg', '/media/ABC/w320.jpg', '/media/abc/w320.exe']) {
      expect([400, 404], url).toContain((await t.app.inject(url)).statusCode);
    }
  });
});
