// The seed thread through both importers: exactly the comments, reply links and spam of the
// original page, nothing twice, and nothing at all from a dry run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { plannerRowEstimate } from '../helpers/planner.ts';
import { FIXTURES, importFile, importedComments, tableCounts } from './helpers.ts';

interface SeedComment {
  id: string;
  author: string;
  body: string;
  parentId: string | null;
}
const seed = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'seed-article.json'), 'utf8')) as { slug: string; comments: SeedComment[] };
const DISQUS = path.join(FIXTURES, 'seed-disqus.xml');
const WXR = path.join(FIXTURES, 'seed-wxr.xml');

/** Every comment of the seed is there once, under the right parent, with the six empty ones as spam. */
function expectSeedThread(comments: Awaited<ReturnType<typeof importedComments>>) {
  expect(comments.size).toBe(135);
  expect([...comments.values()].filter((c) => c.depth > 0)).toHaveLength(57);
  expect([...comments.values()].filter((c) => c.status === 'spam')).toHaveLength(6);
  for (const original of seed.comments) {
    const imported = comments.get(original.id);
    expect(imported, original.id).toBeDefined();
    expect(imported!.parent_source_id ?? null).toBe(original.parentId);
    expect(imported!.guest_name).toBe(original.author);
    expect(imported!.status).toBe(original.body.trim() === '' ? 'spam' : 'published');
  }
  expect(new Set([...comments.values()].map((c) => c.thread_id)).size).toBe(1);
}

describe.each(testEngines())('seed imports (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('a dry run reports the seed Disqus thread and writes nothing', async () => {
    const before = await tableCounts(t.storage.db);
    const report = await importFile(t.ctx, 'disqus', DISQUS, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, imported: { thread: 1, comment: 135 }, commentStatuses: { published: 129, spam: 6 } });
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });

  it('imports the seed Disqus thread onto its article through a URL rule: 135 comments, 57 replies, 6 spam', async () => {
    const editor = await makeUser(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor, { title: 'Sony Mobile to defocus', slug: seed.slug });
    const progress: number[] = [];
    const report = await importFile(t.ctx, 'disqus', DISQUS, {
      mapUrl: [{ from: 'https://www.xperiablog.net/2016/06/30/', to: 'https://news.example/articles/' }],
      onProgress: (p) => progress.push(p.comments),
    });
    expect(report.imported).toMatchObject({ thread: 1, comment: 135 });
    expect(report.commentStatuses).toMatchObject({ published: 129, spam: 6, pending: 0, deleted: 0 });
    expect(report.notes.find((n) => n.kind === 'thread')?.reason).toMatch(/attached to a post/);
    expect(progress.at(-1)).toBe(135);
    const comments = await importedComments(t.storage.db, 'disqus');
    expectSeedThread(comments);
    const thread = await t.storage.db.selectFrom('threads').selectAll().where('post_id', '=', post.id).executeTakeFirstOrThrow();
    expect(comments.get(seed.comments[0]!.id)!.thread_id).toBe(thread.id);
    expect(thread.comment_count).toBe(129);
  });

  it('leaves the planner knowing how many comments there are now (PostgreSQL analyses; SQLite keeps no statistics)', async () => {
    const stored = (await tableCounts(t.storage.db)).comments!;
    expect(stored).toBeGreaterThanOrEqual(135);
    expect(await plannerRowEstimate(t.storage.db, 'comments')).toBe(engine === 'postgres' ? stored : null);
  });

  it('a second import of the same file changes nothing', async () => {
    const before = await tableCounts(t.storage.db);
    const report = await importFile(t.ctx, 'disqus', DISQUS, {
      mapUrl: [{ from: 'https://www.xperiablog.net/2016/06/30/', to: '/articles/' }],
    });
    expect(report.imported.comment).toBe(0);
    expect(report.skipped).toMatchObject({ thread: 1, comment: 135 });
    expect(report.notes.map((n) => n.reason)).toContain('already imported');
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });

  it('imports the seed WordPress export: the post, its author and category, 135 comments, 57 replies, 6 spam', async () => {
    const report = await importFile(t.ctx, 'wordpress', WXR);
    expect(report.imported).toMatchObject({ post: 1, author: 1, category: 1, comment: 135 });
    expect(report.commentStatuses).toMatchObject({ published: 129, spam: 6 });
    expectSeedThread(await importedComments(t.storage.db, 'wordpress:https://www.xperiablog.net'));
    const again = await importFile(t.ctx, 'wordpress', WXR);
    expect(again.imported).toMatchObject({ post: 0, author: 0, category: 0, comment: 0 });
    expect(again.skipped).toMatchObject({ post: 1, author: 1, category: 1, comment: 135 });
  });
});
