// Tags and categories are told apart by slug: names in any script get a slug of their own,
// and a name with nothing to make a slug from is refused, naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

describe.each(testEngines())('tag and category slugs on %s', (engine) => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const create = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: editor.auth, payload });

  it('keeps tags in other scripts apart, and reuses each for the next post that names it', async () => {
    const first = await create('/api/v1/admin/posts', { title: 'Asia', bodyMarkdown: 'b', tags: ['日本', '中国', 'Россия'] });
    expect(first.statusCode).toBe(201);
    const tags = first.json().tags as { name: string; slug: string }[];
    expect(tags.map((tag) => tag.name).sort()).toEqual(['Россия', '中国', '日本'].sort());
    expect(new Set(tags.map((tag) => tag.slug)).size).toBe(3);
    expect(tags.find((tag) => tag.name === 'Россия')!.slug).toBe('rossiya');

    const second = await create('/api/v1/admin/posts', { title: 'Japan', bodyMarkdown: 'b', tags: ['日本'] });
    expect(second.json().tags).toEqual([tags.find((tag) => tag.name === '日本')]);
  });

  it('refuses a tag with no letter or digit, naming which one', async () => {
    for (const [names, field] of [
      [['!!!'], 'tags[0]'],
      [['fine', '\u200b'], 'tags[1]'],
    ] as const) {
      const answer = await create('/api/v1/admin/posts', { title: 'Punctuation', bodyMarkdown: 'b', tags: names });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(answer.json().error.message).toMatch(/letter or a digit/);
    }
  });

  it('gives categories and tags in other scripts slugs of their own, and refuses names with nothing to make one from', async () => {
    for (const url of ['/api/v1/admin/categories', '/api/v1/admin/tags']) {
      const slugs = [];
      for (const name of ['日本語', '中文']) {
        const answer = await create(url, { name });
        expect(answer.statusCode, `${url} ${name}`).toBe(201);
        slugs.push(answer.json().slug);
      }
      expect(slugs[0]).not.toBe(slugs[1]);
      for (const name of ['!!!', '\u200b']) {
        const answer = await create(url, { name });
        expect(answer.statusCode, `${url} ${JSON.stringify(name)}`).toBe(400);
        expect(answer.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
      }
    }
  });
});
