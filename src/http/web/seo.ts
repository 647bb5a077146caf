// Discovery metadata: OpenGraph and Twitter card tags for link previews, JSON-LD
// (schema.org NewsArticle and BreadcrumbList) for search engines, and an archive's feeds.
import { html, trusted, type SafeHtml } from '../../render/html.ts';
import { largestJpeg, socialCropUrl, type PictureMedia } from '../../render/picture.ts';
import { SOCIAL_CROP } from '../../domain/media/social-crop.ts';
import { safeUrl } from '../../render/safe-url.ts';
import type { Article } from '../../domain/posts/read.ts';
import type { SiteContext } from './layout.ts';

/** A lead image; `alt` is used when the caller knows it. */
type LeadImage = PictureMedia & { alt?: string };

interface ImageInfo {
  url: string;
  width: number;
  height: number;
  alt: string | undefined;
}

function imageInfo(site: SiteContext, media: LeadImage): ImageInfo {
  // A lead image is shared as the 1200×630 crop around its focal point that link previews expect.
  if (media.focus) {
    const url = safeUrl(site.baseUrl + socialCropUrl(media.id, media.focus), { kind: 'image' });
    return { url, ...SOCIAL_CROP, alt: media.alt || undefined };
  }
  const width = Math.max(...media.variantWidths);
  // Variants keep the original's aspect ratio, so the height follows from the width.
  const height = media.width > 0 ? Math.round((width * media.height) / media.width) : 0;
  return { url: safeUrl(site.baseUrl + largestJpeg(media), { kind: 'image' }), width, height, alt: media.alt || undefined };
}

/** Search engines and previews show about this much; cut at a word boundary. */
function summary(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

const LD_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON inside <script> ends at the first `</script`, whatever JSON thinks of it. Writing `<`,
 * `>` and `&` as \u escapes keeps the same JSON value while making a breakout impossible.
 */
export function jsonLd(value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => LD_ESCAPES[c]!);
  return trusted(`<script type="application/ld+json">${json}</script>`);
}

const meta = (property: string, content: string | number | undefined) =>
  content === undefined || content === '' ? '' : html`<meta property="${property}" content="${content}">`;
const named = (name: string, content: string | undefined) =>
  content === undefined || content === '' ? '' : html`<meta name="${name}" content="${content}">`;

export function articleHead(site: SiteContext, view: Article): SafeHtml {
  const { post, author } = view;
  // The base comes from settings or the request's host: every absolute URL here passes the URL check.
  const url = safeUrl(`${site.baseUrl}/articles/${post.slug}`);
  // The writer's search and social metadata, when set (domain/posts/seo-meta.ts), wins over the defaults.
  const title = post.seo_title || post.title;
  const description = post.seo_description || summary(post.excerpt || post.body_text);
  const shareUrl = (post.canonical_url && safeUrl(post.canonical_url, { relative: false })) || url;
  const published = post.published_at ?? post.created_at;
  const modified = post.updated_at > published ? post.updated_at : published;
  const authorUrl = safeUrl(`${site.baseUrl}/author/${author.slug}`);
  const section = view.categoryTrail[view.categoryTrail.length - 1];
  const lead: LeadImage | null = view.socialImage?.variantWidths.length ? view.socialImage : view.leadImage;
  // An image whose renditions are not made yet has nothing to point a preview at.
  const image = lead && lead.variantWidths.length > 0 ? imageInfo(site, lead) : null;

  const article = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: post.title,
    description,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: published,
    dateModified: modified,
    author: [{ '@type': 'Person', name: author.display_name, url: authorUrl }],
    publisher: { '@type': 'Organization', name: site.title, url: `${site.baseUrl}/` },
    ...(image ? { image: [image.url] } : {}),
    ...(section ? { articleSection: section.name } : {}),
    ...(view.tags.length ? { keywords: view.tags.map((t) => t.name) } : {}),
    // schema.org's way to say what was corrected and when (the notes also moved dateModified).
    ...(view.corrections.length
      ? { correction: view.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: c.created_at })) }
      : {}),
  };
  const crumbs = [
    { name: 'Home', url: `${site.baseUrl}/` },
    ...view.categoryTrail.map((c) => ({ name: c.name, url: `${site.baseUrl}/category/${c.slug}` })),
    { name: post.title, url },
  ];
  const breadcrumbs = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, i) => ({ '@type': 'ListItem', position: i + 1, name: crumb.name, item: crumb.url })),
  };

  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.title}">
<meta property="og:title" content="${title}">
${meta('og:description', description)}
<meta property="og:url" content="${shareUrl}">
${image ? html`${meta('og:image', image.url)}${meta('og:image:type', 'image/jpeg')}${meta('og:image:width', image.width || undefined)}${meta('og:image:height', image.height || undefined)}${meta('og:image:alt', image.alt)}` : ''}
<meta property="article:published_time" content="${published}">
<meta property="article:modified_time" content="${modified}">
<meta property="article:author" content="${authorUrl}">
${section ? meta('article:section', section.name) : ''}
${view.tags.map((t) => meta('article:tag', t.name))}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${title}">
${named('twitter:description', description)}
${image ? html`${named('twitter:image', image.url)}${named('twitter:image:alt', image.alt)}` : ''}
${jsonLd(article)}
${jsonLd(breadcrumbs)}`;
}

export interface ArchiveHeadOptions {
  title: string;
  /** The page's own path (with `?page=N` when paginated), for og:url. */
  path: string;
  /** Where this archive's `feed.xml` and `atom.xml` live, e.g. `/category/news`. */
  feedPath?: string;
  description?: string;
}

/** Link-preview tags for an archive page, and the alternate links to its own feeds. */
export function archiveHead(site: SiteContext, options: ArchiveHeadOptions): SafeHtml {
  const description = options.description ? summary(options.description) : undefined;
  const feeds =
    options.feedPath === undefined
      ? ''
      : html`<link rel="alternate" type="application/rss+xml" title="${options.title} (RSS)" href="${site.baseUrl}${options.feedPath}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${options.title} (Atom)" href="${site.baseUrl}${options.feedPath}/atom.xml">`;
  return html`<meta property="og:type" content="website">
<meta property="og:site_name" content="${site.title}">
<meta property="og:title" content="${options.title}">
${meta('og:description', description)}
<meta property="og:url" content="${safeUrl(site.baseUrl + options.path)}">
<meta name="twitter:card" content="summary">
${feeds}`;
}
