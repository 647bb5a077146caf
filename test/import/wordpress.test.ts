// A WordPress site through the importer: authors, the category tree, tags, posts and pages,
// comments with reply links and approval states, and attachment records.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { importFile, importedComments, LOCAL_FIXTURES, tableCounts } from './helpers.ts';

const SITE = path.join(LOCAL_FIXTURES, 'site-wxr.xml');
const SYSTEM = 'wordpress:https://blog.example';

describe.each(testEngines())('WordPress import (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('a dry run writes nothing', async () => {
    const before = await tableCounts(t.storage.db);
    const report = await importFile(t.ctx, 'wordpress', SITE, { dryRun: true });
    expect(report.imported).toMatchObject({ author: 2, category: 2, tag: 2, post: 2, page: 1, attachment: 1, comment: 5 });
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });

  it('imports authors, categories with their hierarchy, tags, posts, pages, comments and attachments', async () => {
    const report = await importFile(t.ctx, 'wordpress', SITE);
    expect(report.imported).toMatchObject({ author: 2, category: 2, tag: 2, post: 2, page: 1, attachment: 1, comment: 5 });
    expect(report.skipped).toMatchObject({ comment: 1, post: 1 });
    expect(report.commentStatuses).toMatchObject({ published: 2, pending: 1, spam: 1, deleted: 1 });
    const db = t.storage.db;

    const authors = await db.selectFrom('users').selectAll().orderBy('email').execute();
    expect(authors.map((a) => [a.email, a.display_name, a.role, a.password_hash])).toEqual([
      ['ann@blog.example', 'Ann Author', 'author', null],
      ['bob@blog.example', 'Bob Writer', 'author', null],
    ]);

    const categories = await db.selectFrom('categories').selectAll().execute();
    const reviews = categories.find((c) => c.slug === 'reviews')!;
    expect(categories.find((c) => c.slug === 'phones')).toMatchObject({ name: 'Phones', parent_id: reviews.id });
    expect(reviews.parent_id).toBeNull();

    const post = await db.selectFrom('posts').selectAll().where('slug', '=', 'phone-review').executeTakeFirstOrThrow();
    expect(post).toMatchObject({
      type: 'post',
      status: 'published',
      title: 'Phone review & verdict',
      published_at: '2020-01-10T08:00:00.000Z',
      category_id: categories.find((c) => c.slug === 'phones')!.id,
    });
    expect(post.author_id).toBe(authors[1]!.id);
    expect(post.body_html).toContain('<a href="https://maker.example/"');
    expect(post.body_html).toContain('https://blog.example/wp-content/uploads/phone.jpg');
    expect(post.body_html).not.toContain('alert');
    const tags = await db
      .selectFrom('post_tags')
      .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
      .select('tags.slug')
      .where('post_id', '=', post.id)
      .execute();
    expect(tags.map((tag) => tag.slug).sort()).toEqual(['battery', 'camera']);

    expect(await db.selectFrom('posts').select(['type', 'status']).where('slug', '=', 'about-us').executeTakeFirst()).toEqual({
      type: 'page',
      status: 'published',
    });
    expect(await db.selectFrom('posts').select(['status', 'published_at']).where('title', '=', 'Draft idea').executeTakeFirst()).toEqual({
      status: 'draft',
      published_at: null,
    });

    const comments = await importedComments(db, SYSTEM);
    expect(comments.get('501')).toMatchObject({ status: 'published', depth: 0 });
    expect(comments.get('501')!.body_html).toContain('Great review.<br>');
    expect(comments.get('501')!.body_html).not.toContain('javascript');
    expect(comments.get('502')).toMatchObject({ status: 'pending', parent_source_id: '501', depth: 1 });
    expect(comments.get('503')).toMatchObject({ status: 'published', parent_source_id: '502', depth: 2, guest_name: null });
    expect(comments.get('504')).toMatchObject({ status: 'spam', body_html: '' });
    expect(comments.get('505')).toMatchObject({ status: 'deleted' });
    expect(comments.has('506')).toBe(false);
    const byBob = await db.selectFrom('comments').select('author_id').where('body_markdown', '=', 'Thanks!').executeTakeFirstOrThrow();
    expect(byBob.author_id).toBe(authors[1]!.id);
    const thread = await db.selectFrom('threads').selectAll().where('post_id', '=', post.id).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ comment_count: 2 });
    expect(thread.closed_at).not.toBeNull();

    const attachment = await db
      .selectFrom('import_sources')
      .selectAll()
      .where('source_system', '=', SYSTEM)
      .where('kind', '=', 'attachment')
      .executeTakeFirstOrThrow();
    expect(attachment.local_id).toBe(post.id);
    expect(JSON.parse(attachment.data!)).toMatchObject({
      url: 'https://blog.example/wp-content/uploads/phone.jpg',
      meta: { _wp_attached_file: 'phone.jpg', _wp_attachment_image_alt: 'The phone' },
    });
  });

  it('a second import adds nothing', async () => {
    const before = await tableCounts(t.storage.db);
    const report = await importFile(t.ctx, 'wordpress', SITE);
    expect(Object.values(report.imported).every((n) => n === 0)).toBe(true);
    expect(report.skipped).toMatchObject({ author: 2, category: 2, tag: 2, post: 3, page: 1, attachment: 1, comment: 6 });
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });
});
