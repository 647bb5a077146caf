// Reads a WordPress export (WXR 1.1 and 1.2: RSS 2.0 with the wp: namespace) as a stream of
// records: the site's address, authors, categories and tags from the channel header, then one
// record per <item> (post, page or attachment) carrying its comments.
import { childrenNamed, createXmlReader, textOf, type XmlNode } from './safe-xml.ts';

export interface WpAuthor {
  type: 'author';
  id: string;
  login: string;
  email: string;
  displayName: string;
}

export interface WpCategory {
  type: 'category';
  slug: string;
  parentSlug: string | null;
  name: string;
  description: string;
}

export interface WpTag {
  type: 'tag';
  slug: string;
  name: string;
}

export interface WpComment {
  id: string;
  parentId: string | null;
  author: string;
  email: string | null;
  userId: string | null;
  /** "YYYY-MM-DD HH:MM:SS" in UTC, or '' when WordPress left it empty. */
  dateGmt: string;
  /** HTML with bare newlines, as WordPress stores it. */
  content: string;
  /** comment_approved: 1, 0, spam, trash, post-trashed. */
  approved: string;
  /** '' or 'comment' for comments; 'pingback' / 'trackback' otherwise. */
  commentType: string;
}

export interface WpItem {
  type: 'item';
  id: string;
  postType: string;
  title: string;
  slug: string;
  link: string;
  status: string;
  creator: string;
  dateGmt: string;
  content: string;
  excerpt: string;
  commentStatus: string;
  categories: string[];
  tags: string[];
  comments: WpComment[];
  attachmentUrl: string;
  parentId: string | null;
  meta: Record<string, string>;
}

export type WpRecord = { type: 'site'; url: string } | WpAuthor | WpCategory | WpTag | WpItem;

const nonZero = (value: string) => (value && value !== '0' ? value : null);

function comment(node: XmlNode): WpComment {
  return {
    id: textOf(node, 'wp:comment_id'),
    parentId: nonZero(textOf(node, 'wp:comment_parent')),
    author: textOf(node, 'wp:comment_author'),
    email: textOf(node, 'wp:comment_author_email') || null,
    userId: nonZero(textOf(node, 'wp:comment_user_id')),
    dateGmt: textOf(node, 'wp:comment_date_gmt'),
    content: childrenNamed(node, 'wp:comment_content')[0]?.text ?? '',
    approved: textOf(node, 'wp:comment_approved'),
    commentType: textOf(node, 'wp:comment_type'),
  };
}

function terms(node: XmlNode, domain: string): string[] {
  return childrenNamed(node, 'category')
    .filter((c) => c.attrs.domain === domain)
    .map((c) => (c.attrs.nicename ?? '').trim())
    .filter(Boolean);
}

function item(node: XmlNode): WpItem {
  const meta: Record<string, string> = {};
  for (const entry of childrenNamed(node, 'wp:postmeta')) meta[textOf(entry, 'wp:meta_key')] = textOf(entry, 'wp:meta_value');
  return {
    type: 'item',
    id: textOf(node, 'wp:post_id'),
    postType: textOf(node, 'wp:post_type') || 'post',
    title: textOf(node, 'title'),
    slug: textOf(node, 'wp:post_name'),
    link: textOf(node, 'link'),
    status: textOf(node, 'wp:status'),
    creator: textOf(node, 'dc:creator'),
    dateGmt: textOf(node, 'wp:post_date_gmt'),
    content: childrenNamed(node, 'content:encoded')[0]?.text ?? '',
    excerpt: childrenNamed(node, 'excerpt:encoded')[0]?.text ?? '',
    commentStatus: textOf(node, 'wp:comment_status'),
    categories: terms(node, 'category'),
    tags: terms(node, 'post_tag'),
    comments: childrenNamed(node, 'wp:comment').map(comment),
    attachmentUrl: textOf(node, 'wp:attachment_url'),
    parentId: nonZero(textOf(node, 'wp:post_parent')),
    meta,
  };
}

export function toWpRecord(node: XmlNode): WpRecord | null {
  switch (node.name) {
    case 'wp:base_site_url':
      return { type: 'site', url: node.text.trim() };
    case 'wp:author':
      return {
        type: 'author',
        id: textOf(node, 'wp:author_id'),
        login: textOf(node, 'wp:author_login'),
        email: textOf(node, 'wp:author_email'),
        displayName: textOf(node, 'wp:author_display_name') || textOf(node, 'wp:author_login'),
      };
    case 'wp:category':
      return {
        type: 'category',
        slug: textOf(node, 'wp:category_nicename'),
        parentSlug: textOf(node, 'wp:category_parent') || null,
        name: textOf(node, 'wp:cat_name'),
        description: textOf(node, 'wp:category_description'),
      };
    case 'wp:tag':
      return { type: 'tag', slug: textOf(node, 'wp:tag_slug'), name: textOf(node, 'wp:tag_name') };
    case 'item':
      return item(node);
    default:
      return null;
  }
}

export function createWordpressReader() {
  const xml = createXmlReader({ root: 'rss', describe: 'a WordPress export (WXR)', recordDepth: 2 });
  return {
    get bytesRead() {
      return xml.bytesRead;
    },
    get controlCharsRemoved() {
      return xml.controlCharsRemoved;
    },
    async *records(input: NodeJS.ReadableStream): AsyncGenerator<WpRecord> {
      for await (const node of xml.records(input)) {
        const record = toWpRecord(node);
        if (record) yield record;
      }
    },
  };
}
