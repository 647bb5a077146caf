// Brings a WordPress export in: authors (accounts with role author, no password), categories
// with their hierarchy, tags, posts and pages with their comments, and a record of attachments
// (URL and metadata; files are not downloaded). The channel header (authors and terms) is
// small and written in one transaction before the first item; each item is then written with
// its comments in one transaction of its own.
import { inTransaction, type Db } from '../../storage/db.ts';
import { findImported, recordImported } from '../../storage/repos/import-sources.ts';
import * as postsRepo from '../../storage/repos/posts.ts';
import * as taxonomyRepo from '../../storage/repos/taxonomy.ts';
import { findUserByEmail } from '../../storage/repos/users.ts';
import { newId } from '../../ids.ts';
import type { CommentStatus } from '../comments/types.ts';
import type { ImportScreen } from '../comments/import.ts';
import { threadForPost } from '../comments/threads.ts';
import { closeThread } from '../../storage/repos/import-sources.ts';
import type { DomainContext } from '../context.ts';
import { renderPostBody } from '../posts/render.ts';
import { RESERVED_PAGE_SLUGS } from '../posts/reserved.ts';
import { isValidSlug, slugify } from '../slug.ts';
import { createAccount } from '../users/accounts.ts';
import { writeCommentBatch } from './comment-batch.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';
import { REASONS, type ReportBuilder } from './report.ts';
import type { WpAuthor, WpCategory, WpComment, WpItem, WpRecord, WpTag } from './wordpress.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const APPROVAL: Record<string, CommentStatus> = {
  '1': 'published',
  approve: 'published',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'deleted',
  'post-trashed': 'deleted',
};

/** "2016-06-30 09:30:00" (UTC) → ISO; null for WordPress's empty "0000-00-00 00:00:00". */
export function wpDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const time = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

const slugFrom = (raw: string, fallback: string) => {
  const decoded = (() => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  })();
  return isValidSlug(decoded) ? decoded : slugify(decoded || fallback);
};

export async function importWordpress(
  ctx: DomainContext,
  records: AsyncIterable<WpRecord>,
  report: ReportBuilder,
  onBatch?: () => Promise<void>,
  screen?: ImportScreen,
  /** Teach the spam filter the file's spam marks and approvals. */
  learn = false,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  let system = 'wordpress';
  let baseUrl: string | undefined;
  const header = { authors: [] as WpAuthor[], categories: [] as WpCategory[], tags: [] as WpTag[] };
  let headerDone = false;
  const authorIds = new Map<string, string>(); // login → local user id
  const authorsByWpId = new Map<string, string>(); // wp:author_id → local user id
  const categoryIds = new Map<string, string>(); // slug → local id
  const tagIds = new Map<string, string>();
  let fallbackAuthor: string | null = null;

  const key = (kind: string) => ({ system, kind });

  const writeHeader = async () => {
    if (headerDone) return;
    headerDone = true;
    await inTransaction(ctx.db, async (db) => {
      for (const author of header.authors) await importAuthor(db, author);
      // Parents first: repeat passes until no category waits for a parent still to come.
      let waiting = header.categories;
      while (waiting.length > 0) {
        const ready = waiting.filter(
          (c) => !c.parentSlug || categoryIds.has(slugFrom(c.parentSlug, c.parentSlug)) || !waiting.some((w) => w.slug === c.parentSlug),
        );
        const next = ready.length > 0 ? ready : waiting.slice(0, 1);
        for (const category of next) await importCategory(db, category);
        waiting = waiting.filter((c) => !next.includes(c));
      }
      for (const tag of header.tags) await importTag(db, tag);
    });
  };

  const importAuthor = async (db: Db, author: WpAuthor) => {
    const login = author.login || author.id;
    let id = (await findImported(db, key('author'), [login])).get(login) ?? null;
    if (id) report.skipped('author', REASONS.alreadyImported, login);
    else {
      const email = EMAIL.test(author.email) ? author.email.toLowerCase() : `${slugify(login)}@wordpress.invalid`;
      const existing = await findUserByEmail(db, email);
      if (existing) report.note('author', REASONS.existingAccount, login);
      id =
        existing?.id ??
        (await createAccount({ db, clock: ctx.clock }, { email, displayName: (author.displayName || login).slice(0, 80), role: 'author' }))
          .id;
      await recordImported(db, key('author'), [{ sourceId: login, localId: id }], now);
      report.imported('author');
    }
    authorIds.set(login, id);
    if (author.id) authorsByWpId.set(author.id, id);
    fallbackAuthor ??= id;
  };

  const importCategory = async (db: Db, category: WpCategory) => {
    const slug = slugFrom(category.slug, category.name);
    const known = (await findImported(db, key('category'), [slug])).get(slug);
    if (known) {
      report.skipped('category', REASONS.alreadyImported, slug);
      categoryIds.set(slug, known);
      return;
    }
    const existing = await taxonomyRepo.findCategoryBySlug(db, slug);
    const parentId = category.parentSlug ? (categoryIds.get(slugFrom(category.parentSlug, category.parentSlug)) ?? null) : null;
    const id = existing?.id ?? newId();
    if (existing) report.note('category', REASONS.existingTerm, slug);
    else
      await taxonomyRepo.insertCategory(db, {
        id,
        parent_id: parentId,
        name: (category.name || slug).slice(0, 80),
        slug,
        description: category.description,
        created_at: now,
      });
    await recordImported(db, key('category'), [{ sourceId: slug, localId: id }], now);
    report.imported('category');
    categoryIds.set(slug, id);
  };

  const importTag = async (db: Db, tag: WpTag) => {
    const slug = slugFrom(tag.slug, tag.name);
    if (tagIds.has(slug)) return;
    const known = (await findImported(db, key('tag'), [slug])).get(slug);
    if (known) {
      report.skipped('tag', REASONS.alreadyImported, slug);
      tagIds.set(slug, known);
      return;
    }
    const existing = await taxonomyRepo.findTagBySlug(db, slug);
    const id = existing?.id ?? newId();
    if (existing) report.note('tag', REASONS.existingTerm, slug);
    else await taxonomyRepo.insertTag(db, { id, name: (tag.name || slug).slice(0, 50), slug, created_at: now });
    await recordImported(db, key('tag'), [{ sourceId: slug, localId: id }], now);
    report.imported('tag');
    tagIds.set(slug, id);
  };

  const authorOf = async (db: Db, login: string): Promise<string> => {
    const id = authorIds.get(login) ?? fallbackAuthor;
    if (id) return id;
    // An export without <wp:author> entries: one stand-in account carries the posts.
    await importAuthor(db, { type: 'author', id: '', login: login || 'wordpress', email: '', displayName: login || 'WordPress' });
    return authorIds.get(login || 'wordpress')!;
  };

  const freeSlug = async (db: Db, type: 'post' | 'page', wanted: string, sourceId: string) => {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? wanted : `${wanted}-${n}`;
      if (type === 'page' && RESERVED_PAGE_SLUGS.has(candidate)) continue;
      if (!(await postsRepo.findPostBySlug(db, type, candidate))) {
        if (n > 1) report.note(type, REASONS.slugTaken, sourceId);
        return candidate;
      }
    }
  };

  const importItem = async (db: Db, item: WpItem) => {
    const kind = item.postType === 'page' ? 'page' : 'post';
    let postId = (await findImported(db, key('post'), [item.id])).get(item.id) ?? null;
    if (postId) report.skipped(kind, REASONS.alreadyImported, item.id);
    else {
      const title = (item.title || 'Untitled').slice(0, 200);
      const status = item.status === 'publish' ? 'published' : item.status === 'future' ? 'scheduled' : 'draft';
      const date = wpDate(item.dateGmt);
      const body = htmlToMarkdown(item.content, { newlinesAreBreaks: true, images: true, baseUrl, hardBreak: '\\\n' });
      // Someone else's archive: an unsafe URL in an old post is left out, not a reason to stop the import.
      const rendered = await renderPostBody(db, body || title, { unsafeUrls: 'drop' });
      postId = newId(Date.parse(date ?? now));
      const categoryId = item.categories.map((slug) => categoryIds.get(slugFrom(slug, slug))).find(Boolean) ?? null;
      await postsRepo.insertPost(db, {
        id: postId,
        type: kind,
        status,
        title,
        slug: await freeSlug(db, kind, slugFrom(item.slug, title), item.id),
        excerpt: htmlToMarkdown(item.excerpt).slice(0, 1000),
        body_markdown: body || title,
        body_html: rendered.html,
        body_text: rendered.text,
        lead_media_id: null,
        author_id: await authorOf(db, item.creator),
        category_id: kind === 'post' ? categoryId : null,
        published_at: status === 'draft' ? null : (date ?? now),
        created_at: date ?? now,
        updated_at: date ?? now,
      });
      for (const slug of item.tags) await importTag(db, { type: 'tag', slug, name: slug });
      const tags = [...new Set(item.tags.map((slug) => tagIds.get(slugFrom(slug, slug))).filter((id): id is string => Boolean(id)))];
      await taxonomyRepo.setPostTags(db, postId, tags);
      await recordImported(db, key('post'), [{ sourceId: item.id, localId: postId }], now);
      report.imported(kind);
    }
    const post = await postsRepo.findPostById(db, postId);
    if (!post) return;
    const thread = await threadForPost(db, ctx.clock, post);
    if (item.commentStatus === 'closed') await closeThread(db, thread.id, now);
    const comments = [];
    for (const comment of item.comments) {
      if (comment.commentType === 'pingback' || comment.commentType === 'trackback')
        report.skipped('comment', REASONS.pingback, comment.id);
      else comments.push(toComment(comment));
    }
    if (comments.length > 0) await writeCommentBatch(db, { system, threadId: thread.id, comments, now, screen, learn }, report);
  };

  const toComment = (comment: WpComment) => {
    const date = wpDate(comment.dateGmt);
    if (!date) report.note('comment', REASONS.badDate, comment.id);
    return {
      sourceId: comment.id,
      sourceParentId: comment.parentId,
      authorName: comment.author || 'Guest',
      authorEmail: comment.email,
      authorId: comment.userId ? (authorsByWpId.get(comment.userId) ?? null) : null,
      createdAt: date ?? now,
      body: htmlToMarkdown(comment.content, { newlinesAreBreaks: true, baseUrl }),
      status: APPROVAL[comment.approved] ?? 'pending',
    };
  };

  const recordAttachment = async (db: Db, item: WpItem) => {
    const known = (await findImported(db, key('attachment'), [item.id])).has(item.id);
    if (known) return report.skipped('attachment', REASONS.alreadyImported, item.id);
    const parent = item.parentId ? ((await findImported(db, key('post'), [item.parentId])).get(item.parentId) ?? null) : null;
    const data = { url: item.attachmentUrl, title: item.title, parentSourceId: item.parentId, date: wpDate(item.dateGmt), meta: item.meta };
    await recordImported(db, key('attachment'), [{ sourceId: item.id, localId: parent, data: JSON.stringify(data) }], now);
    report.imported('attachment');
    report.note('attachment', REASONS.recordedOnly, item.id);
  };

  for await (const record of records) {
    if (record.type === 'site') {
      if (record.url) {
        system = `wordpress:${record.url.replace(/\/+$/, '')}`;
        baseUrl = `${record.url.replace(/\/+$/, '')}/`;
      }
      continue;
    }
    if (record.type === 'author') header.authors.push(record);
    else if (record.type === 'category') header.categories.push(record);
    else if (record.type === 'tag') header.tags.push(record);
    else {
      await writeHeader();
      if (item(record) === 'post') await inTransaction(ctx.db, (db) => importItem(db, record));
      else if (item(record) === 'attachment') await inTransaction(ctx.db, (db) => recordAttachment(db, record));
      else
        report.skipped('post', `${REASONS.unsupportedType}: ${record.postType}${record.status === 'trash' ? ' (trash)' : ''}`, record.id);
      await onBatch?.();
    }
  }
  await writeHeader();
}

function item(record: WpItem): 'post' | 'attachment' | 'other' {
  if (record.status === 'trash' || record.status === 'auto-draft') return 'other';
  if (record.postType === 'post' || record.postType === 'page') return 'post';
  return record.postType === 'attachment' ? 'attachment' : 'other';
}
