// Turning rows into the JSON the API promises, in one place.
import { Type, type Static } from 'typebox';
import type { PostWithTags } from '../../domain/posts/write.ts';
import type { PostSummary } from '../../domain/posts/read.ts';
import type { Article } from '../../domain/posts/read.ts';
import type { Category, Media, Tag } from '../../domain/records.ts';
import { largestJpeg, mediaUrl, variantFile } from '../../render/picture.ts';
import { toPictureMedia } from '../../domain/posts/render.ts';
import type { PictureMedia } from '../../render/picture.ts';
import { Nullable } from '../schemas.ts';
import { ERROR_CODES, type ErrorCode } from '../../errors.ts';

export const ImageSchema = Type.Object({
  id: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  url: Type.String({ description: 'the largest JPEG rendition' }),
  srcset: Type.Object({ webp: Type.String(), jpeg: Type.String() }),
});

export function presentImage(media: PictureMedia): Static<typeof ImageSchema> {
  const set = (format: 'webp' | 'jpg') => media.variantWidths.map((w) => `${mediaUrl(media.id, variantFile(w, format))} ${w}w`).join(', ');
  return {
    id: media.id,
    width: media.width,
    height: media.height,
    url: largestJpeg(media),
    srcset: { webp: set('webp'), jpeg: set('jpg') },
  };
}

export const TagSchema = Type.Object({ name: Type.String(), slug: Type.String() });
export const CategorySchema = Type.Object({
  name: Type.String(),
  slug: Type.String(),
  parentSlug: Nullable(Type.String()),
  description: Type.String(),
});

export function presentCategory(category: Category, all: Category[]): Static<typeof CategorySchema> {
  const parent = all.find((c) => c.id === category.parent_id);
  return { name: category.name, slug: category.slug, parentSlug: parent?.slug ?? null, description: category.description };
}

export const presentTag = (tag: Tag): Static<typeof TagSchema> => ({ name: tag.name, slug: tag.slug });

export const PostSummarySchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  excerpt: Type.String(),
  url: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  author: Type.Object({ name: Type.String(), slug: Type.String() }),
  category: Nullable(Type.Object({ name: Type.String(), slug: Type.String() })),
  leadImage: Nullable(ImageSchema),
  commentCount: Type.Integer(),
});

export function presentSummary(post: PostSummary): Static<typeof PostSummarySchema> {
  return {
    id: post.id,
    slug: post.slug,
    title: post.title,
    excerpt: post.excerpt,
    url: `/articles/${post.slug}`,
    publishedAt: post.publishedAt,
    author: post.author,
    category: post.category,
    leadImage: post.leadImage ? presentImage(post.leadImage) : null,
    commentCount: post.commentCount,
  };
}

export const PostSchema = Type.Object({
  ...PostSummarySchema.properties,
  bodyHtml: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  tags: Type.Array(TagSchema),
  categoryTrail: Type.Array(Type.Object({ name: Type.String(), slug: Type.String() })),
  previous: Nullable(Type.Object({ title: Type.String(), slug: Type.String() })),
  next: Nullable(Type.Object({ title: Type.String(), slug: Type.String() })),
  threadId: Type.String({ description: 'the discussion under the post: GET /api/v1/threads/{threadId}/comments' }),
});

export function presentArticle(view: Article): Static<typeof PostSchema> {
  const category = view.categoryTrail[view.categoryTrail.length - 1];
  return {
    id: view.post.id,
    slug: view.post.slug,
    title: view.post.title,
    excerpt: view.post.excerpt,
    url: `/articles/${view.post.slug}`,
    publishedAt: view.post.published_at!,
    updatedAt: view.post.updated_at,
    author: { name: view.author.display_name, slug: view.author.slug },
    category: category ? { name: category.name, slug: category.slug } : null,
    categoryTrail: view.categoryTrail.map((c) => ({ name: c.name, slug: c.slug })),
    leadImage: view.leadImage ? presentImage(view.leadImage) : null,
    bodyHtml: view.post.body_html,
    tags: view.tags.map(presentTag),
    previous: view.previous ?? null,
    next: view.next ?? null,
    commentCount: view.commentCount,
    threadId: view.thread.id,
  };
}

/** Where crops of the lead image centre: percent across (x) and down (y); 50/50 is the middle. */
export const LeadFocus = Type.Object(
  {
    x: Type.Integer({ minimum: 0, maximum: 100, description: 'percent of the width from the left' }),
    y: Type.Integer({ minimum: 0, maximum: 100, description: 'percent of the height from the top' }),
  },
  { additionalProperties: false },
);

export const AdminPostSchema = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('post'), Type.Literal('page')]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('review'), Type.Literal('scheduled'), Type.Literal('published')]),
  title: Type.String(),
  slug: Type.String(),
  excerpt: Type.String(),
  bodyMarkdown: Type.String(),
  bodyHtml: Type.String(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  authorId: Type.String(),
  categoryId: Nullable(Type.String()),
  leadMediaId: Nullable(Type.String()),
  leadFocus: LeadFocus,
  seoTitle: Nullable(Type.String()),
  seoDescription: Nullable(Type.String()),
  socialMediaId: Nullable(Type.String()),
  canonicalUrl: Nullable(Type.String()),
  tags: Type.Array(TagSchema),
  /** Send it back as `baseVersion` with the next change (PATCH, autosave, restore). */
  version: Type.Integer({ minimum: 1 }),
});

export function presentAdminPost(
  post: PostWithTags,
  status: 'draft' | 'review' | 'scheduled' | 'published',
): Static<typeof AdminPostSchema> {
  return {
    id: post.id,
    type: post.type,
    status,
    title: post.title,
    slug: post.slug,
    excerpt: post.excerpt,
    bodyMarkdown: post.body_markdown,
    bodyHtml: post.body_html,
    publishedAt: post.published_at,
    createdAt: post.created_at,
    updatedAt: post.updated_at,
    authorId: post.author_id,
    categoryId: post.category_id,
    leadMediaId: post.lead_media_id,
    leadFocus: { x: post.lead_focal_x, y: post.lead_focal_y },
    seoTitle: post.seo_title,
    seoDescription: post.seo_description,
    socialMediaId: post.social_media_id,
    canonicalUrl: post.canonical_url,
    tags: post.tags.map(presentTag),
    version: post.version,
  };
}

export const MediaSchema = Type.Object({
  id: Type.String(),
  originalName: Type.String(),
  mime: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  alt: Type.String(),
  markdown: Type.String({ description: 'paste into a post body to show the image' }),
  image: ImageSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

export function presentMedia(media: Media): Static<typeof MediaSchema> {
  return {
    id: media.id,
    originalName: media.original_name,
    mime: media.mime,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    alt: media.alt,
    markdown: `![${media.alt}](media:${media.id})`,
    image: presentImage(toPictureMedia(media)),
    createdAt: media.created_at,
  };
}

/** The codes of src/errors.ts as an enum, so the document lists every code a client may meet (their meanings are in its description). */
export const ErrorCodeSchema = Type.Unsafe<ErrorCode>({
  type: 'string',
  enum: Object.keys(ERROR_CODES),
  description: 'A stable code from the list in the API description',
});

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: ErrorCodeSchema, message: Type.String(), field: Type.Optional(Type.String()) }),
});
