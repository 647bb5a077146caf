// Creates that race each other: PostgreSQL runs them side by side, so a check-then-insert that
// SQLite's single writer hides turns into a unique violation. Each race must answer as the same
// requests made one after another do: a new tag reused, the next free slug, or a 409 naming
// the field; never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

const RACERS = 6;

describe.each(testEngines())('concurrent creates on %s', (engine) => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    editor = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const inParallel = (url: string, payloads: object[]) =>
    Promise.all(payloads.map((payload) => t.app.inject({ method: 'POST', url, headers: editor.auth, payload })));
  const racers = <T>(make: (n: number) => T) => Array.from({ length: RACERS }, (_, n) => make(n));

  it('creates every post when they name the same new tags, in any order, and makes each tag once', async () => {
    const answers = await inParallel(
      '/api/v1/admin/posts',
      racers((n) => ({ title: `Tag race ${n}`, bodyMarkdown: 'b', tags: n % 2 ? ['tagrace1', 'Tagrace2'] : ['tagrace2', 'tagrace1'] })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(racers(() => 201));
    for (const answer of answers)
      expect(
        answer
          .json()
          .tags.map((tag: { slug: string }) => tag.slug)
          .sort(),
      ).toEqual(['tagrace1', 'tagrace2']);
    const tags = (await t.app.inject('/api/v1/tags')).json().tags as { slug: string }[];
    expect(tags.filter((tag) => tag.slug.startsWith('tagrace'))).toHaveLength(2);
  });

  it('gives posts with the same title the next free slugs, as one after another would', async () => {
    const answers = await inParallel(
      '/api/v1/admin/posts',
      racers(() => ({ title: 'Same title race', bodyMarkdown: 'b' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(racers(() => 201));
    expect(answers.map((a) => a.json().slug as string).sort()).toEqual(
      ['same-title-race', ...racers((n) => `same-title-race-${n + 1}`).slice(1)].sort(),
    );
  });

  it('answers all but one post asking for the same slug with 409 naming the slug', async () => {
    const answers = await inParallel(
      '/api/v1/admin/posts',
      racers((n) => ({ title: `Slug race ${n}`, slug: 'slug-race', bodyMarkdown: 'b', tags: [`only-in-slug-race-${n}`] })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...racers(() => 409).slice(1)]);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().error).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    // The refused posts left nothing behind, not even their new tags.
    const tags = (await t.app.inject('/api/v1/tags')).json().tags as { slug: string }[];
    expect(tags.filter((tag) => tag.slug.startsWith('only-in-slug-race'))).toHaveLength(1);
  });

  it('answers all but one category with the same name with 409 naming the slug', async () => {
    const answers = await inParallel(
      '/api/v1/admin/categories',
      racers(() => ({ name: 'Category race' })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...racers(() => 409).slice(1)]);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().error).toMatchObject({ code: 'CONFLICT', field: 'slug' });
  });

  it('answers all but one tag with the same name with 409 naming the slug', async () => {
    const answers = await inParallel(
      '/api/v1/admin/tags',
      racers(() => ({ name: 'Tag create race' })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...racers(() => 409).slice(1)]);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().error).toMatchObject({ code: 'CONFLICT', field: 'slug' });
  });
});
