// Issue 12, the desk's versions: conflicting saves refused with the other person's change, keep
// mine / take theirs, autosave (coalesced; never changing a published article), revisions with
// diffs and restore, and old slugs of published articles answering 301.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';

type Staff = Awaited<ReturnType<typeof makeStaffWithToken>>;
interface Chunk {
  op: string;
  text: string;
}
const changed = (chunks: Chunk[]) => chunks.filter((c) => c.op !== 'same');

describe.each(testEngines())('desk versions and revisions on %s', (engine) => {
  let t: TestApp;
  let ana: Staff;
  let ben: Staff;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    ana = await makeStaffWithToken(t.ctx, 'editor');
    ben = await makeStaffWithToken(t.ctx, 'editor');
  });
  afterAll(async () => t?.close());

  const create = async (body: object, who = ana) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/admin/posts', headers: who.auth, payload: body });
    expect(r.statusCode).toBe(201);
    return r.json();
  };
  const patch = (id: string, body: object, who = ana) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/admin/posts/${id}`, headers: who.auth, payload: body });
  const autosave = (id: string, body: object, who = ana) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/admin/posts/${id}/autosave`, headers: who.auth, payload: body });
  const get = async (url: string, who = ana) => (await t.app.inject({ url, headers: who.auth })).json();
  const revisions = async (id: string) => (await get(`/api/v1/admin/posts/${id}/revisions`)).revisions;

  it('refuses a save over a newer version with who, when and a word diff; keep mine makes a new revision', async () => {
    const post = await create({ title: 'Budget vote', bodyMarkdown: 'The council met on Monday to vote.' });
    expect(post.version).toBe(1);
    t.clock.advance(60_000);
    const anaSave = await patch(post.id, { bodyMarkdown: 'The council met on Tuesday to vote.', baseVersion: 1 });
    expect(anaSave.json().version).toBe(2);

    // Ben started from version 1 too.
    const refused = await patch(post.id, { bodyMarkdown: 'The city council met on Monday to vote.', baseVersion: 1 }, ben);
    expect(refused.statusCode).toBe(409);
    const error = refused.json().error;
    expect(error).toMatchObject({ code: 'EDIT_CONFLICT', field: 'baseVersion' });
    expect(error.message).toContain(ana.user.display_name);
    expect(error.details.conflict).toMatchObject({
      baseVersion: 1,
      currentVersion: 2,
      savedAt: anaSave.json().updatedAt,
      savedBy: { id: ana.user.id, name: ana.user.display_name },
      theirs: { bodyMarkdown: 'The council met on Tuesday to vote.' },
    });
    expect(changed(error.details.conflict.diff.body.chunks)).toEqual([
      { op: 'removed', text: 'Monday' },
      { op: 'added', text: 'Tuesday' },
    ]);
    // Nothing of Ben's was saved.
    expect((await get(`/api/v1/admin/posts/${post.id}`)).bodyMarkdown).toBe('The council met on Tuesday to vote.');

    // "Keep mine": Ben saves again from the version the conflict named.
    const kept = await patch(
      post.id,
      { bodyMarkdown: 'The city council met on Monday to vote.', baseVersion: error.details.conflict.currentVersion },
      ben,
    );
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ version: 3, bodyMarkdown: 'The city council met on Monday to vote.' });
    const list = await revisions(post.id);
    expect(list.map((r: { version: number; kind: string; author: { id: string } }) => [r.version, r.kind, r.author.id])).toEqual([
      [3, 'save', ben.user.id],
      [2, 'save', ana.user.id],
      [1, 'save', ana.user.id],
    ]);
    expect(list[0].current).toBe(true);
  });

  it('"take theirs": reloading gives the other text and version, and the next save goes through', async () => {
    const post = await create({ title: 'Harbour', bodyMarkdown: 'Ships arrive.' });
    await patch(post.id, { title: 'Harbour reopens', baseVersion: 1 }, ben);
    expect((await patch(post.id, { title: 'Harbour closed', baseVersion: 1 })).statusCode).toBe(409);
    const theirs = await get(`/api/v1/admin/posts/${post.id}`);
    expect(theirs).toMatchObject({ title: 'Harbour reopens', version: 2 });
    expect((await patch(post.id, { bodyMarkdown: 'Ships arrive again.', baseVersion: theirs.version })).json()).toMatchObject({
      title: 'Harbour reopens',
      version: 3,
    });
  });

  it('lets exactly one of two saves from the same version land, and refuses a version from the future', async () => {
    const post = await create({ title: 'Race', bodyMarkdown: 'Start.' });
    const [a, b] = await Promise.all([
      patch(post.id, { bodyMarkdown: 'From Ana.', baseVersion: 1 }),
      patch(post.id, { bodyMarkdown: 'From Ben.', baseVersion: 1 }, ben),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await get(`/api/v1/admin/posts/${post.id}`)).version).toBe(2);
    expect(await revisions(post.id)).toHaveLength(2);
    const future = await patch(post.id, { title: 'x', baseVersion: 9 });
    expect(future.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'baseVersion' });
    const missing = await patch(post.id, { title: 'x', excerpt: 'y' });
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.baseVersion' });
  });

  it('coalesces one person’s autosaves within ten minutes, and keeps separate ones after that or by someone else', async () => {
    const post = await create({ title: 'Draft', bodyMarkdown: 'One.' });
    const first = await autosave(post.id, { title: 'Draft', excerpt: '', bodyMarkdown: 'One two.', baseVersion: 1 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ version: 2, savedAt: t.clock.now().toISOString(), applied: true });
    t.clock.advance(5 * 60_000);
    const second = (await autosave(post.id, { title: 'Draft', excerpt: '', bodyMarkdown: 'One two three.', baseVersion: 2 })).json();
    expect(second.version).toBe(3);
    let list = await revisions(post.id);
    expect(list.map((r: { version: number; kind: string }) => [r.version, r.kind])).toEqual([
      [3, 'autosave'],
      [1, 'save'],
    ]);
    expect(list[0].createdAt).toBe(second.savedAt);
    // The draft itself holds the text: a reload loses nothing.
    expect((await get(`/api/v1/admin/posts/${post.id}`)).bodyMarkdown).toBe('One two three.');

    t.clock.advance(11 * 60_000);
    await autosave(post.id, { title: 'Draft', excerpt: '', bodyMarkdown: 'One two three four.', baseVersion: 3 });
    await autosave(post.id, { title: 'Draft', excerpt: '', bodyMarkdown: 'One two three four five.', baseVersion: 4 }, ben);
    list = await revisions(post.id);
    expect(list.map((r: { version: number; author: { id: string } }) => [r.version, r.author.id])).toEqual([
      [5, ben.user.id],
      [4, ana.user.id],
      [3, ana.user.id],
      [1, ana.user.id],
    ]);
    // An autosave from a stale version is refused like a save.
    const stale = await autosave(post.id, { title: 'Draft', excerpt: '', bodyMarkdown: 'Mine.', baseVersion: 4 });
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
  });

  it('never changes a published article by autosave: the text is kept as a revision beside it', async () => {
    const post = await create({ title: 'Live story', slug: 'live-story', bodyMarkdown: 'Published words.', status: 'published' });
    const saved = await autosave(post.id, { title: 'Live story', excerpt: '', bodyMarkdown: 'Half-typed wor', baseVersion: 1 });
    expect(saved.json()).toMatchObject({ version: 1, applied: false });
    const page = await t.app.inject('/articles/live-story');
    expect(page.body).toContain('Published words.');
    expect(page.body).not.toContain('Half-typed');
    const list = await revisions(post.id);
    expect(list[0]).toMatchObject({ kind: 'autosave', live: false, version: 1, current: false });
    expect((await get(`/api/v1/admin/posts/${post.id}/revisions/${list[0].id}`)).bodyMarkdown).toBe('Half-typed wor');
    // A draft's half-typed empty title is kept the same way rather than refused.
    const draft = await create({ title: 'Titled', bodyMarkdown: 'Body.' });
    expect((await autosave(draft.id, { title: '', excerpt: '', bodyMarkdown: 'Body.', baseVersion: 1 })).json()).toMatchObject({
      version: 1,
      applied: false,
    });
    // So is a draft with an image id or a link still being typed: a save would refuse it, the
    // autosave keeps it beside the draft, and the next good autosave applies.
    for (const body of ['See ![the phone](media:half', 'Read [this](javascript:alert(1))']) {
      const kept = await autosave(draft.id, { title: 'Titled', excerpt: '', bodyMarkdown: body, baseVersion: 1 });
      expect([kept.statusCode, kept.json()]).toMatchObject([200, { version: 1, applied: false }]);
      const latest = (await revisions(draft.id))[0];
      expect((await get(`/api/v1/admin/posts/${draft.id}/revisions/${latest.id}`)).bodyMarkdown).toBe(body);
    }
    expect((await get(`/api/v1/admin/posts/${draft.id}`)).bodyMarkdown).toBe('Body.');
    const good = await autosave(draft.id, { title: 'Titled', excerpt: '', bodyMarkdown: 'Body, finished.', baseVersion: 1 });
    expect(good.json()).toMatchObject({ version: 2, applied: true });
  });

  it('diffs any two revisions and restores one as a new revision and version', async () => {
    const post = await create({ title: 'Storm', bodyMarkdown: 'Wind and rain tonight.', status: 'published', slug: 'storm' });
    await patch(post.id, { bodyMarkdown: 'Wind, rain and hail tonight.', baseVersion: 1 }, ben);
    const [second, first] = await revisions(post.id);
    const diff = await get(`/api/v1/admin/posts/${post.id}/revisions/diff?from=${first.id}&to=${second.id}`);
    const side = (skip: string) =>
      diff.diff.body.chunks
        .filter((c: Chunk) => c.op !== skip)
        .map((c: Chunk) => c.text)
        .join('');
    expect([side('added'), side('removed')]).toEqual(['Wind and rain tonight.', 'Wind, rain and hail tonight.']);
    expect(changed(diff.diff.body.chunks)).toContainEqual({ op: 'added', text: 'hail' });
    expect(diff.diff.title.chunks).toEqual([{ op: 'same', text: 'Storm' }]);

    const unknown = await t.app.inject({
      url: `/api/v1/admin/posts/${post.id}/revisions/diff?from=${first.id}&to=nope`,
      headers: ana.auth,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.field).toBe('to');

    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/posts/${post.id}/revisions/${first.id}/restore`,
      headers: ana.auth,
      payload: { baseVersion: 1 },
    });
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/posts/${post.id}/revisions/${first.id}/restore`,
      headers: ana.auth,
      payload: { baseVersion: 2 },
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ version: 3, bodyMarkdown: 'Wind and rain tonight.' });
    const list = await revisions(post.id);
    expect(list[0]).toMatchObject({ version: 3, kind: 'restore', author: { id: ana.user.id }, current: true });
    expect((await t.app.inject('/articles/storm')).body).toContain('Wind and rain tonight.');
  });

  it('keeps the old URL of a renamed published article working with a 301; a draft’s rename records nothing', async () => {
    const post = await create({ title: 'Old name', slug: 'old-name', bodyMarkdown: 'Text.', status: 'published' });
    await patch(post.id, { slug: 'new-name', baseVersion: 1 });
    const moved = await t.app.inject('/articles/old-name?sort=newest');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/articles/new-name?sort=newest');
    expect((await t.app.inject('/articles/new-name')).statusCode).toBe(200);
    // Renamed again: the first slug goes straight to the newest URL.
    await patch(post.id, { slug: 'newest-name', baseVersion: 2 });
    expect((await t.app.inject('/articles/old-name')).headers.location).toBe('/articles/newest-name');
    expect((await t.app.inject('/articles/new-name')).headers.location).toBe('/articles/newest-name');
    // Taking the old slug back: it answers itself again, and no longer redirects.
    await patch(post.id, { slug: 'old-name', baseVersion: 3 });
    expect((await t.app.inject('/articles/old-name')).statusCode).toBe(200);
    expect((await t.app.inject('/articles/newest-name')).headers.location).toBe('/articles/old-name');

    const draft = await create({ title: 'Working title', slug: 'working-title', bodyMarkdown: 'Text.' });
    await patch(draft.id, { slug: 'final-title', baseVersion: 1 });
    await patch(draft.id, { status: 'published', baseVersion: 2 });
    expect((await t.app.inject('/articles/final-title')).statusCode).toBe(200);
    expect((await t.app.inject('/articles/working-title')).statusCode).toBe(404);
    // An unpublished article's old slug does not redirect to a page readers cannot see.
    await patch(post.id, { status: 'draft', baseVersion: 4 });
    expect((await t.app.inject('/articles/new-name')).statusCode).toBe(404);
  });

  it('describes the new routes and the conflict answer in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/posts/{id}/autosave',
        '/api/v1/admin/posts/{id}/revisions',
        '/api/v1/admin/posts/{id}/revisions/diff',
        '/api/v1/admin/posts/{id}/revisions/{revisionId}/restore',
      ]),
    );
    expect(JSON.stringify(doc.paths['/api/v1/admin/posts/{id}'].patch)).toContain('currentVersion');
  });
});
