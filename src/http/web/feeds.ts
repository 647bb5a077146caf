// Feeds and crawler files: RSS 2.0 and Atom for the site, each category and each author;
// sitemap.xml; robots.txt. They are cached like pages, so a published change shows on the next
// request, and every link in them is absolute, following the configured or requested host.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Feed, type Item } from 'feed';
import type { DomainContext } from '../../domain/context.ts';
import * as feeds from '../../domain/posts/feeds.ts';
import { xmlSafeText } from '../../domain/control-chars.ts';
import { invalid } from '../../errors.ts';
import { escapeHtml } from '../../render/html.ts';
import { largestJpeg } from '../../render/picture.ts';
import { neutraliseUrls, safeUrl } from '../../render/safe-url.ts';
import { siteUrl } from '../site-url.ts';
import type { PageCache } from './page-cache.ts';
import { sendCachedPage } from './cached-reply.ts';
import { Slug } from '../schemas.ts';

export interface FeedDeps {
  ctx: DomainContext;
  pageCache: PageCache;
  siteTitle: string;
  publicUrl: string | null;
  /**
   * The site's own address (GAZETTE_PUBLIC_URL, or the URL it first listened on), the same source
   * as links in mail: feeds are fetched and kept by readers, aggregators and shared caches, so no
   * link in them may come from whatever Host header a request carried.
   */
  siteAddress: () => Promise<{ baseUrl: string } | null>;
}

type Format = 'rss' | 'atom';

const TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;

const FILES: Record<Format, string> = { rss: 'feed.xml', atom: 'atom.xml' };

const xmlSafe = xmlSafeText;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => xmlSafe(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/**
 * The feed library writes markup into CDATA sections and splits only the first `]]>`. In HTML
 * `]]&gt;` means the same, so neutralising every one keeps the content and the XML intact.
 */
const cdataSafe = (markup: string) => xmlSafe(markup).replaceAll(']]>', ']]&gt;');

/**
 * The library does not escape `<` in attribute values (it does escape `&`); a name with one
 * would break the document, so such a label is left out and the slug-based term stands alone.
 */
const attributeSafe = (text: string) => (text.includes('<') ? undefined : xmlSafe(text));

/** Bodies link to `/media/...` and `/articles/...`; a feed reader has no page to resolve them against. */
function absolutizeHtml(markup: string, base: string): string {
  const origin = escapeHtml(base);
  const absolute = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? origin + url : url);
  return markup
    .replace(/\b(src|href|poster)="(\/[^"]*)"/g, (_, name: string, url: string) => `${name}="${absolute(url)}"`)
    .replace(/\bsrcset="([^"]*)"/g, (_, set: string) => {
      const candidates = set.split(',').map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [absolute(url), ...descriptor].join(' ');
      });
      return `srcset="${candidates.join(', ')}"`;
    });
}

const NOTE_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function entryContent(item: feeds.FeedItem, base: string): string {
  const lead = item.leadImage
    ? `<figure><img src="${escapeHtml(safeUrl(base + largestJpeg(item.leadImage.media), { kind: 'image' }))}" alt="${escapeHtml(item.leadImage.alt)}"></figure>\n`
    : '';
  // The domain already checked every URL of the stored body; checking the absolutized result
  // again keeps the feed safe whatever the base URL turned out to be.
  const body = neutraliseUrls(absolutizeHtml(item.bodyHtml, base));
  // Correction and update notes follow the text, dated, as on the article page.
  const notes = item.corrections
    .map(
      (c) =>
        `<p><strong>${c.kind === 'correction' ? 'Correction' : 'Update'}, ${NOTE_DATE.format(new Date(c.createdAt))}:</strong> ${escapeHtml(c.text)}</p>`,
    )
    .join('\n');
  // An entry needs some content: an empty body would also drop the namespaces the RSS output relies on.
  return cdataSafe([lead + body, notes].join('\n').trim() || `<p>${escapeHtml(item.excerpt || item.title)}</p>`);
}

function entrySummary(item: feeds.FeedItem): string {
  const text = item.excerpt || item.bodyText.replace(/\s+/g, ' ').trim().slice(0, 300);
  return cdataSafe(escapeHtml(text));
}

function feedItem(item: feeds.FeedItem, base: string, format: Format): Item {
  const link = `${base}/articles/${item.slug}`;
  const authorName = xmlSafe(item.author.name);
  const categories = [
    ...(item.category ? [{ ...item.category, kind: 'category' }] : []),
    ...item.tags.map((tag) => ({ ...tag, kind: 'tag' })),
  ];
  const entry: Item = {
    // Atom titles here are HTML (type="html"); RSS titles are plain text.
    title: format === 'atom' ? cdataSafe(escapeHtml(item.title)) : cdataSafe(item.title),
    link,
    // Stable whatever host or slug the post is later reached by, so readers never see it twice.
    id: `urn:gazette:post:${item.id}`,
    guid: `urn:gazette:post:${item.id}`,
    date: new Date(item.updatedAt),
    published: new Date(item.publishedAt),
    description: entrySummary(item),
    content: entryContent(item, base),
  };
  if (format === 'atom') {
    entry.author = [{ name: authorName, link: `${base}/author/${item.author.slug}` }];
    entry.category = categories.map((c) => ({ term: c.slug, name: attributeSafe(c.name), scheme: `${base}/${c.kind}/` }));
  } else {
    // RSS's <author> must be an e-mail address; Dublin Core's creator is the usual home for a name.
    entry.extensions = [{ name: 'dc:creator', objects: { _text: authorName } }];
    entry.category = categories.map((c) => ({ name: xmlSafe(c.name), domain: escapeXml(`${base}/${c.kind}/${c.slug}`) }));
    if (item.leadImage)
      entry.enclosure = { url: safeUrl(base + largestJpeg(item.leadImage.media), { kind: 'image' }), type: 'image/jpeg', length: 0 };
  }
  return entry;
}

function renderFeed(view: feeds.FeedView, base: string, siteTitle: string, format: Format): string {
  const feedBase = view.path === '/' ? '' : view.path;
  const home = `${base}${view.path}`;
  const title = view.name === null ? siteTitle : `${view.name} – ${siteTitle}`;
  const description =
    view.description || (view.name === null ? `The latest articles from ${siteTitle}` : `The latest articles from ${title}`);
  const feed = new Feed({
    title: xmlSafe(title),
    description: xmlSafe(description),
    id: home,
    link: home,
    language: 'en',
    generator: 'Gazette',
    updated: new Date(view.updatedAt),
    feedLinks: { rss: `${base}${feedBase}/${FILES.rss}`, atom: `${base}${feedBase}/${FILES.atom}` },
  });
  for (const item of view.items) feed.addItem(feedItem(item, base, format));
  return format === 'atom' ? feed.atom1() : feed.rss2();
}

function renderSitemap(entries: feeds.SitemapEntry[], base: string): string {
  const urls = entries.map(
    (e) => `<url><loc>${escapeXml(base + e.path)}</loc>${e.lastmod ? `<lastmod>${escapeXml(e.lastmod)}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

function renderRobots(base: string): string {
  // The API is for programs, not for search results, and search result pages are an endless
  // crawl of what the sitemap already lists; everything else a reader sees may be indexed.
  return `User-agent: *\nDisallow: /api/\nDisallow: /search\nAllow: /\n\nSitemap: ${base}/sitemap.xml\n`;
}

const SLUG_PARAMS = {
  type: 'object',
  properties: { slug: Slug },
} as const;

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

export function registerFeedRoutes(app: FastifyInstance, deps: FeedDeps): void {
  const { ctx, pageCache } = deps;

  async function baseUrl(request: FastifyRequest): Promise<string> {
    const known = await deps.siteAddress();
    if (known) return known.baseUrl;
    // Only before the server has ever listened (an in-process test app): nothing else to go by.
    const base = siteUrl(deps.publicUrl, request);
    // Every link is built on this; a Host header that is no host would make nonsense of them.
    if (!URL.canParse(base)) throw invalid('headers.host', 'is not a valid host name');
    return base;
  }

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    type: string,
    render: (base: string) => Promise<string>,
  ) {
    const base = await baseUrl(request);
    const page = await pageCache.get(`${base}${path}`, () => render(base));
    return sendCachedPage(request, reply, page, type);
  }

  for (const format of ['rss', 'atom'] as const) {
    const file = FILES[format];
    app.get(`/${file}`, (request, reply) =>
      serve(request, reply, `/${file}`, TYPES[format], async (base) => renderFeed(await feeds.siteFeed(ctx), base, deps.siteTitle, format)),
    );
    app.get(`/category/:slug/${file}`, { schema: { params: SLUG_PARAMS } }, (request: SlugRequest, reply) =>
      serve(request, reply, `/category/${request.params.slug}/${file}`, TYPES[format], async (base) =>
        renderFeed(await feeds.categoryFeed(ctx, request.params.slug), base, deps.siteTitle, format),
      ),
    );
    app.get(`/tag/:slug/${file}`, { schema: { params: SLUG_PARAMS } }, (request: SlugRequest, reply) =>
      serve(request, reply, `/tag/${request.params.slug}/${file}`, TYPES[format], async (base) =>
        renderFeed(await feeds.tagFeed(ctx, request.params.slug), base, deps.siteTitle, format),
      ),
    );
    app.get(`/author/:slug/${file}`, { schema: { params: SLUG_PARAMS } }, (request: SlugRequest, reply) =>
      serve(request, reply, `/author/${request.params.slug}/${file}`, TYPES[format], async (base) =>
        renderFeed(await feeds.authorFeed(ctx, request.params.slug), base, deps.siteTitle, format),
      ),
    );
  }

  app.get('/sitemap.xml', (request, reply) =>
    serve(request, reply, '/sitemap.xml', TYPES.xml, async (base) => renderSitemap(await feeds.sitemapEntries(ctx), base)),
  );
  app.get('/robots.txt', (request, reply) => serve(request, reply, '/robots.txt', TYPES.text, async (base) => renderRobots(base)));
}
