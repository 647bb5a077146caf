// A small site with something in every backed-up table, and the odd cases a backup must carry
// unchanged: nested categories and replies (some pointing forward in id order), media with
// their files, votes (a real-valued Wilson score), unicode, NULLs and a non-canonical timestamp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fixedClock } from '../../src/clock.ts';
import type { Engine } from '../../src/config.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { createAccount, createApiToken } from '../../src/domain/users/accounts.ts';
import { createCategory } from '../../src/domain/taxonomy/categories.ts';
import { createPost, updatePost } from '../../src/domain/posts/write.ts';
import { autosavePost } from '../../src/domain/posts/autosave.ts';
import { arrangeHome } from '../../src/domain/posts/home.ts';
import { addCorrection } from '../../src/domain/posts/corrections.ts';
import { submitErrorReport } from '../../src/domain/posts/error-reports.ts';
import { uploadImage } from '../../src/domain/media/upload.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { vote } from '../../src/domain/comments/votes.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { resolveEmbedThread } from '../../src/domain/sites/embed-thread.ts';
import type { Commenter } from '../../src/domain/comments/commenter.ts';
import { insertRows } from '../../src/storage/repos/backup.ts';
import { adjustCommentCount } from '../../src/storage/repos/threads.ts';
import { recomputeRanks } from '../../src/domain/comments/rank.ts';
import { putSetting } from '../../src/storage/repos/settings.ts';
import type { User } from '../../src/storage/schema.ts';
import { openTestStorage, type TestStorage } from '../helpers/engines.ts';
import { TEST_NOW } from '../helpers/app.ts';
import { pngOf } from '../helpers/images.ts';

export interface TestSite {
  storage: TestStorage;
  ctx: DomainContext;
  dataDir: string;
  clock: ReturnType<typeof fixedClock>;
  dispose(): Promise<void>;
}

/** An empty, migrated database with its own media folder. */
export async function openTestSite(engine: Engine): Promise<TestSite> {
  const storage = await openTestStorage(engine);
  const dataDir = path.join(os.tmpdir(), `gazette-backup-${randomBytes(6).toString('hex')}`);
  const clock = fixedClock(TEST_NOW);
  const ctx: DomainContext = {
    db: storage.db,
    clock,
    events: createInProcessBus(),
    mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
  };
  return {
    storage,
    ctx,
    dataDir,
    clock,
    async dispose() {
      await storage.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const account = (user: User): Commenter => ({ kind: 'account', id: user.id, role: user.role, name: user.display_name, slug: user.slug });

export async function fillRichSite({ ctx, clock }: TestSite): Promise<void> {
  const editor = await createAccount(ctx, {
    email: 'edna@example.test',
    displayName: 'Edna Editor',
    role: 'editor',
    password: 'a long enough secret',
  });
  const reader = await createAccount(ctx, { email: 'rene@example.test', displayName: 'René « Reader » 読者', role: 'reader' });
  const admin = await createAccount(ctx, { email: 'ada@example.test', displayName: 'Ada Admin', role: 'admin' });
  await createApiToken(ctx, editor.id, 'backup test');
  await putSetting(ctx.db, 'site.title', 'Gazette "Test" — ünïcode ✓', clock.now().toISOString());
  await putSetting(ctx.db, 'site_secret', 'secret-from-the-backup', clock.now().toISOString());

  const news = await createCategory(ctx, editor, { name: 'News' });
  await createCategory(ctx, editor, { name: 'Phones', parentSlug: news.slug });
  // A child whose id sorts before its parent's: restore must patch the reference afterwards.
  await insertRows(ctx.db, 'categories', [
    { id: 'zz-parent', parent_id: null, name: 'Later parent', slug: 'later-parent', description: '', created_at: '2016-06-30T10:00:00Z' },
    {
      id: 'aa-child',
      parent_id: 'zz-parent',
      name: 'Earlier child',
      slug: 'earlier-child',
      description: 'line one\nline two',
      created_at: '2016-06-30T10:00:01.5+02:00',
    },
  ]);

  const photo = await uploadImage(ctx, editor, { bytes: await pngOf(400, 300, 30), originalName: 'photo.png', alt: 'A photo' });
  clock.advance(60_000);
  const post = await createPost(ctx, editor, {
    title: 'Phones & "tablets" <2016>',
    bodyMarkdown: `Body with **bold**.\n\n![A photo](media:${photo.media.id})`,
    status: 'published',
    categorySlug: 'phones',
    tags: ['Sony', 'Xperia Z5', 'ünï'],
    leadMediaId: photo.media.id,
  });
  clock.advance(60_000);
  await createPost(ctx, editor, { title: 'Draft', bodyMarkdown: 'Not yet.', status: 'draft', tags: ['Sony'] });
  await createPost(ctx, editor, { type: 'page', title: 'About', bodyMarkdown: 'About us.', status: 'published' });
  // The desk's history (migration 0008): a renamed published article (an old slug, revisions of
  // two people's saves) and an autosave kept beside it (a revision with live = 0).
  const renamed = await createPost(ctx, editor, {
    title: 'Renamed',
    slug: 'first-name',
    bodyMarkdown: 'First words.',
    status: 'published',
  });
  clock.advance(60_000);
  await updatePost(ctx, editor, renamed.id, { slug: 'second-name', bodyMarkdown: 'Second words.', baseVersion: renamed.version });
  await autosavePost(ctx, editor, renamed.id, {
    title: 'Renamed',
    excerpt: '',
    bodyMarkdown: 'Half-typed',
    baseVersion: renamed.version + 1,
  });

  // The home page and corrections (migration 0009): a lead story, a correction note and a reader's error report.
  await arrangeHome(ctx, editor, { lead: post.id, featured: [renamed.id] });
  await addCorrection(ctx, editor, post.id, { kind: 'correction', text: 'An earlier version misnamed the phone.' });
  await submitErrorReport(ctx, post.slug, { text: 'The price is in the wrong currency.', email: 'reader@example.test', ip: '192.0.2.9' });

  const thread = await threadForPost(ctx.db, clock, post);
  const guest: Commenter = { kind: 'guest', keyHash: 'f'.repeat(64) };
  clock.advance(60_000);
  const top = await postComment(ctx, account(reader), { threadId: thread.id, body: 'First! With an emoji 🎉 and <b>tags</b>.' });
  clock.advance(1_000);
  const reply = await postComment(ctx, guest, {
    threadId: thread.id,
    body: 'A guest replies.',
    parentId: top.comment.id,
    guest: { name: 'Gus Guest', email: 'gus@example.test' },
  });
  clock.advance(1_000);
  const deep = await postComment(ctx, account(editor), {
    threadId: thread.id,
    body: 'Staff reply, @Gus Guest.',
    parentId: reply.comment.id,
  });
  clock.advance(1_000);
  await postComment(ctx, account(admin), { threadId: thread.id, body: 'Second top-level comment.' });
  await vote(ctx, account(editor), top.comment.id, 1);
  await vote(ctx, guest, top.comment.id, 1);
  await vote(ctx, account(admin), top.comment.id, -1);
  await vote(ctx, account(reader), deep.comment.id, 1);

  // A reply whose id sorts before its parent's, as imported history can have.
  const at = '2016-07-01T00:00:00.000Z';
  const comment = {
    thread_id: thread.id,
    author_id: null,
    guest_email: null,
    guest_key_hash: null,
    body_html: '<p>x</p>',
    status: 'published',
    upvotes: 0,
    downvotes: 0,
    wilson: 0,
    created_at: at,
    edited_at: null,
    deleted_at: null,
  };
  await insertRows(ctx.db, 'comments', [
    {
      ...comment,
      id: 'zz-imported-parent',
      parent_id: null,
      root_id: 'zz-imported-parent',
      depth: 0,
      guest_name: 'Old',
      body_markdown: 'x',
    },
    {
      ...comment,
      id: 'aa-imported-reply',
      parent_id: 'zz-imported-parent',
      root_id: 'zz-imported-parent',
      depth: 1,
      guest_name: null,
      body_markdown: '',
      body_html: '',
      status: 'spam',
    },
  ]);
  // Rows written by hand move no count and no rank: made consistent as an import would leave
  // them, since a restore derives both from the rows.
  await adjustCommentCount(ctx.db, thread.id, 1);
  await recomputeRanks(ctx.db, ['zz-imported-parent']);

  await insertRows(ctx.db, 'notifications', [
    {
      id: 'n1',
      user_id: reader.id,
      kind: 'reply',
      thread_id: thread.id,
      comment_id: reply.comment.id,
      created_at: at,
      read_at: null,
      email_state: 'pending',
      emailed_at: null,
    },
  ]);
  await insertRows(ctx.db, 'oidc_identities', [{ provider: 'example', subject: 'sub-1', user_id: reader.id, email: null, created_at: at }]);
  await insertRows(ctx.db, 'import_sources', [
    {
      source_system: 'disqus',
      kind: 'comment',
      source_id: 'fixture-1',
      local_id: 'zz-imported-parent',
      data: '{"a":[1,2]}',
      imported_at: at,
    },
  ]);
  await insertRows(ctx.db, 'comment_reports', [
    {
      id: 'r1',
      comment_id: reply.comment.id,
      reporter: `user:${editor.id}`,
      reason: 'off-topic',
      note: 'Ünïcode note',
      created_at: at,
      resolved_at: null,
    },
  ]);
  await insertRows(ctx.db, 'user_sanctions', [
    {
      id: 'b1',
      subject: 'email:bot@example.com',
      kind: 'ban',
      reason: 'empty posts',
      created_by: admin.id,
      created_at: at,
      expires_at: null,
      lifted_at: null,
      lifted_by: null,
    },
  ]);
  await insertRows(ctx.db, 'moderation_log', [
    {
      id: 'l1',
      actor_id: admin.id,
      action: 'ban',
      comment_id: null,
      thread_id: thread.id,
      subject: 'email:bot@example.com',
      reason: 'empty posts',
      details: '{"days":null}',
      created_at: at,
    },
  ]);
  await insertRows(ctx.db, 'spam_tokens', [
    { token: '', spam_count: 6, ham_count: 129 },
    { token: 'w:phone', spam_count: 0, ham_count: 12 },
  ]);
  // A registered site with an embedded page's thread (site name, page id, URL) and a comment on it.
  const blog = await registerSite(ctx, { name: 'blog', title: 'A blog', origins: ['https://blog.example'], lang: 'de' });
  const embedded = await resolveEmbedThread(ctx, blog, 'https://blog.example', {
    pageId: 'post-1',
    url: 'https://blog.example/2026/post-1',
    title: 'Ein Beitrag',
  });
  await postComment(ctx, account(reader), { threadId: embedded!.threadId, body: 'Ein Kommentar unter einem eingebetteten Beitrag.' });
  // Short-lived rows that a backup leaves out.
  await insertRows(ctx.db, 'sessions', [
    { id: 's1', user_id: reader.id, created_at: at, last_seen_at: at, expires_at: at, user_agent: null, ip: null },
  ]);
}
