// The editor form's fields → the domain's PostInput/PostPatch, and back. The form's field names
// are the writer's (body, category, publishAt); the domain names its fields after the API
// (bodyMarkdown, categorySlug, publishedAt), so errors are mapped back to the field on screen.
import { AppError, invalid } from '../../errors.ts';
import type { PostPatch, PostUpdate } from '../../domain/posts/write.ts';
import type { DeskPost } from '../../domain/posts/desk.ts';
import type { EditorValues } from './pages/desk-editor.ts';

export const EDITOR_ACTIONS = ['draft', 'review', 'publish', 'schedule', 'save'] as const;
export type EditorAction = (typeof EDITOR_ACTIONS)[number];
export type Form = Record<string, string | undefined>;

export const SAVED_MESSAGES: Record<EditorAction, string> = {
  draft: 'Draft saved.',
  review: 'Submitted for review: an editor will publish it.',
  publish: 'Published.',
  schedule: 'Scheduled.',
  save: 'Saved.',
};

const FIELD_OF: Record<string, keyof EditorValues | 'status'> = {
  bodyMarkdown: 'body',
  categorySlug: 'category',
  publishedAt: 'publishAt',
  authorSlug: 'author',
  'leadFocus.x': 'leadFocusX',
  'leadFocus.y': 'leadFocusY',
};

/** The form field an error belongs to (tags[2] → tags). */
export function formFieldOf(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const base = field.replace(/^body\./, '').replace(/\[\d+\]$/, '');
  return FIELD_OF[base] ?? base;
}

export function valuesOf(form: Form): EditorValues {
  // Browsers send a textarea's line breaks as CRLF; autosave (JSON) sends the LF the textarea holds.
  // One form of the text, so a form save and an autosave of the same words are the same text.
  const text = (name: string) => (form[name] ?? '').replace(/\r\n?/g, '\n');
  return {
    title: text('title'),
    excerpt: text('excerpt'),
    body: text('body'),
    slug: text('slug'),
    category: text('category'),
    tags: text('tags'),
    author: text('author'),
    publishAt: text('publishAt'),
    seoTitle: text('seoTitle'),
    seoDescription: text('seoDescription'),
    socialMediaId: text('socialMediaId'),
    canonicalUrl: text('canonicalUrl'),
    leadMediaId: text('leadMediaId'),
    leadFocusX: form.leadFocusX ?? '50',
    leadFocusY: form.leadFocusY ?? '50',
  };
}

const utcMinute = (iso: string | null) => (iso ? iso.slice(0, 16) : '');

export function valuesOfPost(post: DeskPost): EditorValues {
  return {
    title: post.title,
    excerpt: post.excerpt,
    body: post.body_markdown,
    slug: post.slug,
    category: post.categorySlug ?? '',
    tags: post.tags.map((t) => t.name).join(', '),
    author: post.authorSlug,
    publishAt: post.status === 'scheduled' || post.status === 'published' ? utcMinute(post.published_at) : '',
    seoTitle: post.seo_title ?? '',
    seoDescription: post.seo_description ?? '',
    socialMediaId: post.social_media_id ?? '',
    canonicalUrl: post.canonical_url ?? '',
    leadMediaId: post.lead_media_id ?? '',
    leadFocusX: String(post.lead_focal_x),
    leadFocusY: String(post.lead_focal_y),
  };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A datetime-local value in the writer's zone → UTC. `offset` is minutes east of UTC as the
 * browser reported it for that date (desk.js); without a script it is 0, so the time is UTC.
 */
export function localToUtc(local: string, offset: string | undefined): string {
  const m = LOCAL.exec(local.trim());
  if (!m) throw invalid('publishAt', 'choose a date and time to schedule');
  const minutes = Number(offset ?? '0');
  if (!Number.isInteger(minutes) || Math.abs(minutes) > 14 * 60)
    throw invalid('publishAt', 'the time zone offset sent with the time is not valid; reload the page');
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? '0')) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) throw invalid('publishAt', 'is not a date and time');
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000;
  return new Date(ms).toISOString();
}

/** A number field's text → a whole number, or NaN for the domain to refuse naming the field. */
const percentOf = (text: string) => (/^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN);

export function actionOf(form: Form): EditorAction {
  const action = form.action ?? 'draft';
  if (!(EDITOR_ACTIONS as readonly string[]).includes(action))
    throw new AppError('VALIDATION_FAILED', `must be one of ${EDITOR_ACTIONS.join(', ')}`, 'status');
  return action as EditorAction;
}

/** The version the form was opened at (a hidden field): a save over a newer one is EDIT_CONFLICT. */
export function baseVersionOf(form: Form): number {
  const raw = form.baseVersion ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw invalid('baseVersion', 'the form lacks the version it was opened at; reload the page');
  return Number(raw);
}

export function updateOf(form: Form, action: EditorAction): PostUpdate {
  return { ...patchOf(form, action, false), baseVersion: baseVersionOf(form) };
}

/** The change the form asks for. `isNew`: a new article (no "save" without a status). */
export function patchOf(form: Form, action: EditorAction, isNew: boolean): PostPatch & { title: string; bodyMarkdown: string } {
  const v = valuesOf(form);
  const patch: PostPatch & { title: string; bodyMarkdown: string } = {
    title: v.title,
    bodyMarkdown: v.body,
    excerpt: v.excerpt,
    categorySlug: v.category || null,
    tags: v.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
  if (v.slug.trim()) patch.slug = v.slug.trim();
  // Sent only by the editor's metadata fields: a form without them leaves the post's metadata alone.
  for (const name of ['seoTitle', 'seoDescription', 'socialMediaId', 'canonicalUrl'] as const)
    if (form[name] !== undefined) patch[name] = v[name];
  if (form.author) patch.authorSlug = form.author;
  // The lead image's fields, like the metadata ones, change the post only when the form has them.
  if (form.leadMediaId !== undefined) patch.leadMediaId = v.leadMediaId.trim() || null;
  if (form.leadFocusX !== undefined || form.leadFocusY !== undefined)
    patch.leadFocus = { x: percentOf(v.leadFocusX), y: percentOf(v.leadFocusY) };
  if (action === 'draft' || action === 'review') patch.status = action;
  if (action === 'save' && isNew) patch.status = 'draft';
  // "Publish now" means now, even for a post that was scheduled for later.
  if (action === 'publish') Object.assign(patch, { status: 'published', publishedAt: null });
  if (action === 'schedule') Object.assign(patch, { status: 'scheduled', publishedAt: localToUtc(v.publishAt, form.tzOffset) });
  return patch;
}
