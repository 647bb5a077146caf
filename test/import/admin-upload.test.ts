// The admin upload: admins only, the file streamed into the importer, the report as JSON.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { multipart, type MultipartPart } from '../helpers/images.ts';
import { FIXTURES, tableCounts } from './helpers.ts';

const seedFile = (): MultipartPart => ({
  name: 'file',
  value: fs.readFileSync(path.join(FIXTURES, 'seed-disqus.xml')),
  filename: 'export.xml',
  contentType: 'application/xml',
});

describe.each(testEngines())('admin import upload (%s)', (engine) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof makeStaffWithToken>>;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await makeStaffWithToken(t.ctx, 'admin');
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const upload = (format: string, parts: MultipartPart[], auth: Record<string, string> = admin.auth) => {
    const body = multipart(parts);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/import/${format}`,
      headers: { ...auth, ...body.headers },
      payload: body.payload,
    });
  };

  it('refuses anyone but an admin, and anonymous requests', async () => {
    expect((await upload('disqus', [seedFile()], editor.auth)).statusCode).toBe(403);
    expect((await upload('disqus', [seedFile()], {})).statusCode).toBe(401);
  });

  it('answers a dry run with the report and writes nothing', async () => {
    const before = await tableCounts(t.storage.db);
    const response = await upload('disqus', [{ name: 'dryRun', value: 'true' }, seedFile()]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'disqus',
      dryRun: true,
      imported: { thread: 1, comment: 135 },
      commentStatuses: { spam: 6 },
    });
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });

  it('refuses a dryRun or learn field that is neither true nor false, importing nothing', async () => {
    const before = await tableCounts(t.storage.db);
    for (const [name, value] of [
      ['dryRun', 'maybe'],
      ['dryRun', ''],
      ['dryRun', 'constructor'],
      ['learn', 'yes please'],
    ]) {
      const response = await upload('disqus', [{ name: name!, value: value! }, seedFile()]);
      expect(response.statusCode, `${name}=${value}`).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: name });
    }
    expect(await tableCounts(t.storage.db)).toEqual(before);
    // A checked HTML checkbox sends "on".
    const checkbox = await upload('disqus', [{ name: 'dryRun', value: 'on' }, seedFile()]);
    expect(checkbox.json()).toMatchObject({ dryRun: true });
  });

  it('imports, then skips everything the second time', async () => {
    const first = await upload('disqus', [seedFile()]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ dryRun: false, imported: { comment: 135 } });
    const second = await upload('disqus', [seedFile()]);
    expect(second.json()).toMatchObject({ imported: { comment: 0 }, skipped: { comment: 135, thread: 1 } });
  });

  it('teaches the spam filter the file’s spam marks, unless learn=false (a field before the file, or the query)', async () => {
    const labelled = (): MultipartPart => ({
      name: 'file',
      value: fs.readFileSync(path.resolve('test/fixtures/spam-labelled-disqus.xml')),
      filename: 'labelled.xml',
    });
    const dry = await upload('disqus', [{ name: 'dryRun', value: 'true' }, labelled()]);
    expect(dry.json()).toMatchObject({ dryRun: true, learned: { spam: 4, ham: 7 } });
    const off = await upload('disqus', [{ name: 'learn', value: 'false' }, { name: 'dryRun', value: 'true' }, labelled()]);
    expect(off.json()).toMatchObject({ dryRun: true, learned: { spam: 0, ham: 0 } });
    const before = await t.storage.db.selectFrom('spam_tokens').selectAll().orderBy('token').execute();
    const real = await upload('disqus?learn=false', [labelled()]);
    expect(real.json()).toMatchObject({ dryRun: false, imported: { comment: 12 }, learned: { spam: 0, ham: 0 } });
    expect(await t.storage.db.selectFrom('spam_tokens').selectAll().orderBy('token').execute()).toEqual(before);
    const late = await upload('wordpress', [
      { name: 'file', value: Buffer.from('<rss/>'), filename: 'x.xml' },
      { name: 'learn', value: 'no' },
    ]);
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toMatchObject({ field: 'learn', message: 'must be sent before the file' });
  });

  it('refuses a bomb with 422 and a missing file with 400', async () => {
    const bomb = await upload('wordpress', [{ name: 'file', value: fs.readFileSync(path.join(FIXTURES, 'bomb.xml')), filename: 'b.xml' }]);
    expect(bomb.statusCode).toBe(422);
    expect(bomb.json().error).toMatchObject({ code: 'UNPROCESSABLE', field: 'file' });
    expect((await upload('disqus', [{ name: 'dryRun', value: 'true' }])).statusCode).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/admin/import/disqus', '/api/v1/admin/import/wordpress']));
  });
});
