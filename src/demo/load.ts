// Loads the demo site: authors, categories, pages, generated images, the seed article with
// its eleven-slide gallery, and the demo articles. Runs in one transaction, so a failure
// leaves an empty database that the next start fills again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DomainContext } from '../domain/context.ts';
import { createAccount } from '../domain/users/accounts.ts';
import { createCategory } from '../domain/taxonomy/categories.ts';
import { createPost } from '../domain/posts/write.ts';
import { arrangeHome } from '../domain/posts/home.ts';
import { threadForPost } from '../domain/comments/threads.ts';
import { runImport } from '../domain/import/run.ts';
import { registerSite } from '../domain/sites/sites.ts';
import { attachThreadToPage } from '../domain/sites/embed-thread.ts';
import { prepareImage, storePreparedImage, type PreparedImage } from '../domain/media/upload.ts';
import { inTransaction } from '../storage/db.ts';
import { countUsers } from '../storage/repos/users.ts';
import type { User } from '../storage/schema.ts';
import { parseFrontMatter } from './front-matter.ts';
import { renderSlide, type SlideSpec } from './slides.ts';

const CONTENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'content');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(CONTENT, file), 'utf8')) as T;

interface SiteFile {
  title: string;
  description: string;
  authors: { slug: string; name: string; email: string; role: string; bio?: string }[];
  categories: { slug: string; name: string; parent: string | null; description?: string }[];
  pages: { slug: string; title: string; bodyMarkdown: string }[];
}

interface SeedArticle {
  title: string;
  slug: string;
  author: string;
  publishedAt: string;
  category: string;
  bodyMarkdown: string;
}

export interface DemoSummary {
  authors: number;
  categories: number;
  articles: number;
  pages: number;
  images: number;
  comments: number;
}

const SEED_SLIDE = /^!\[([^\]]*)\]\(slides\/([a-z0-9-]+)\.png\)$/;

/** The seed's run of slide images becomes one gallery block of uploaded media. */
export function seedBodyWithGallery(markdown: string, mediaIdOf: (name: string) => string): string {
  const paragraphs = markdown.split(/\n{2,}/);
  const text = paragraphs.filter((p) => !SEED_SLIDE.test(p.trim()));
  const slides = paragraphs
    .map((p) => SEED_SLIDE.exec(p.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `![${m[1]}](media:${mediaIdOf(m[2]!)})`);
  return slides.length ? `${text.join('\n\n')}\n\n:::gallery\n${slides.join('\n')}\n:::\n` : text.join('\n\n');
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** The demo's "someone else's blog" (src/demo/host-blog.ts): the site that embeds the seed thread. */
export const DEMO_BLOG_SITE = 'demo-blog';
export const DEMO_BLOG_PAGE_ID = 'seed-article';

/** The blog's origins for a port: both names a newcomer may type. */
export const demoBlogOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];

export interface DemoOptions {
  /** Origins of the demo blog; its site is registered even without them (the default port's). */
  blogOrigins?: string[];
}

export async function loadDemo(outer: DomainContext, options: DemoOptions = {}): Promise<DemoSummary> {
  const site = readJson<SiteFile>('site.json');
  const seed = readJson<SeedArticle>('seed-article.json');
  const gallery = readJson<{ name: string; caption: string; title: string }[]>('seed-gallery.json');
  const images = readJson<SlideSpec[]>('images.json');
  const articleFiles = fs
    .readdirSync(path.join(CONTENT, 'articles'))
    .filter((f) => f.endsWith('.md'))
    .sort();

  // Images are drawn and resized before the transaction, two at a time: that is nearly all of
  // the demo's cost, and sharp's work should not hold a write lock.
  const lead: SlideSpec = {
    name: 'sony-mobile-ir-day-2016-lead',
    title: 'Sony Mobile IR Day 2016',
    subtitle: 'Regional focus: Japan, Europe, Middle East',
    hue: 210,
  };
  // The seed's slides share one colour, as a real slide deck would.
  const specs = [lead, ...gallery.map((g) => ({ name: g.name, title: g.title, subtitle: g.caption, hue: 215 })), ...images];
  const prepared = new Map<string, { image: PreparedImage; alt: string }>();
  await forEachLimited(specs, Math.max(1, Math.min(4, os.availableParallelism())), async (spec) => {
    prepared.set(spec.name, {
      image: await prepareImage(await renderSlide(spec), { waiting: 'unbounded' }),
      alt: spec.subtitle ?? spec.title,
    });
  });

  return inTransaction(outer.db, async (db) => {
    const ctx: DomainContext = { ...outer, db };
    const authors = new Map<string, User>();
    for (const author of site.authors) {
      authors.set(
        author.slug,
        await createAccount(ctx, { email: author.email, displayName: author.name, role: author.role, bio: author.bio, slug: author.slug }),
      );
    }
    const editor = [...authors.values()].find((a) => a.role === 'editor' || a.role === 'admin');
    if (!editor) throw new Error('site.json needs at least one editor');

    for (const category of site.categories) {
      await createCategory(ctx, editor, {
        name: category.name,
        slug: category.slug,
        parentSlug: category.parent,
        description: category.description,
      });
    }

    const mediaIds = new Map<string, string>();
    for (const spec of specs) {
      const { image, alt } = prepared.get(spec.name)!;
      const { media } = await storePreparedImage(ctx, null, image, { originalName: `${spec.name}.png`, alt });
      mediaIds.set(spec.name, media.id);
    }
    const mediaIdOf = (name: string) => {
      const id = mediaIds.get(name);
      if (!id) throw new Error(`demo content names an image "${name}" that images.json does not define`);
      return id;
    };

    const seedAuthor = [...authors.values()].find((a) => a.display_name === seed.author) ?? editor;
    const seedPost = await createPost(ctx, editor, {
      title: seed.title,
      slug: seed.slug,
      bodyMarkdown: seedBodyWithGallery(seed.bodyMarkdown, mediaIdOf),
      excerpt:
        'Sony’s investor day shows the company shrinking its smartphone business in India, the USA, China and Brazil to focus on Japan, Europe and the Middle East.',
      status: 'published',
      publishedAt: seed.publishedAt,
      categorySlug: site.categories.find((c) => c.name === seed.category)?.slug ?? null,
      tags: ['Sony', 'Xperia', 'Investor day'],
      leadMediaId: mediaIdOf(lead.name),
      authorSlug: seedAuthor.slug,
    });
    const seedThread = await threadForPost(db, ctx.clock, seedPost);
    // The seed thread comes in as a Disqus export, through the same importer sites use; its
    // links point at the original blog, so one rewrite rule lands it on the demo article.
    const discussion = await runImport(ctx, {
      format: 'disqus',
      input: fs.createReadStream(path.join(CONTENT, 'seed-disqus.xml')),
      mapUrl: [{ from: 'https://www.xperiablog.net/2016/06/30/', to: '/articles/' }],
    });
    // The same thread embedded on "someone else's blog" (the embed's demo), as page `seed-article`.
    await registerSite(ctx, { name: DEMO_BLOG_SITE, title: "Someone else's blog", origins: options.blogOrigins ?? demoBlogOrigins(3001) });
    await attachThreadToPage(ctx, seedThread.id, DEMO_BLOG_SITE, DEMO_BLOG_PAGE_ID);

    for (const file of articleFiles) {
      const { fields, body } = parseFrontMatter(fs.readFileSync(path.join(CONTENT, 'articles', file), 'utf8'), file);
      await createPost(ctx, editor, {
        title: fields.title ?? file,
        slug: fields.slug,
        bodyMarkdown: body.replace(/\]\(demo:([a-z0-9-]+)\)/g, (_, name: string) => `](media:${mediaIdOf(name)})`),
        excerpt: fields.excerpt,
        status: 'published',
        publishedAt: fields.publishedAt,
        categorySlug: fields.category,
        tags: (fields.tags ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        leadMediaId: fields.leadImage ? mediaIdOf(fields.leadImage) : null,
        authorSlug: fields.author,
      });
    }

    for (const page of site.pages) {
      await createPost(ctx, editor, {
        type: 'page',
        title: page.title,
        slug: page.slug,
        bodyMarkdown: page.bodyMarkdown,
        status: 'published',
        publishedAt: '2016-01-01T00:00:00Z',
      });
    }

    // The seed article leads the home page, so a newcomer's first look is it and its discussion
    // (by date it would sit behind the demo articles written after it).
    await arrangeHome(ctx, editor, { lead: seedPost.id, featured: [] });

    return {
      authors: authors.size,
      categories: site.categories.length,
      articles: articleFiles.length + 1,
      pages: site.pages.length,
      images: mediaIds.size,
      comments: discussion.imported.comment,
    };
  });
}

/** A database with no users yet: where the demo may load. */
export async function siteIsEmpty(ctx: Pick<DomainContext, 'db'>): Promise<boolean> {
  return (await countUsers(ctx.db)) === 0;
}

/** On a database with no users yet, loads the demo; otherwise leaves it alone. */
export async function loadDemoIfEmpty(ctx: DomainContext, options: DemoOptions = {}): Promise<DemoSummary | null> {
  if (!(await siteIsEmpty(ctx))) return null;
  return loadDemo(ctx, options);
}
