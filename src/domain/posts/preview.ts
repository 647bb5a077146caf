// The desk's live preview: the editor's text rendered by the same Markdown renderer, media
// look-up and URL check as a save (render.ts) and a read (withSafeBody), so the preview is the
// article page's text. Unlike a save it never refuses half-typed text: what a save would refuse
// (unknown media, a URL that fails the check) is shown as the renderer marks it and listed in
// `problems`, so the writer sees it while typing instead of at the Save button.
import { AppError, invalid } from '../../errors.ts';
import { findMediaByIds } from '../../storage/repos/media.ts';
import { mediaIdsIn, renderBody } from '../../render/markdown.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { withSafeBody } from './read.ts';
import { ALLOWED_URLS, toPictureMedia } from './render.ts';

export interface PreviewInput {
  title: string;
  excerpt: string;
  bodyMarkdown: string;
}

export interface ArticlePreview {
  title: string;
  excerpt: string;
  bodyHtml: string;
  /** What saving this text would refuse, in the writer's words. */
  problems: string[];
}

/** The same limits as a save (write.ts), so a preview never shows what cannot be saved. */
export const PREVIEW_LIMITS = { title: 200, excerpt: 1000, bodyMarkdown: 200_000 } as const;

export async function previewArticle(ctx: Pick<DomainContext, 'db'>, actor: Actor, input: PreviewInput): Promise<ArticlePreview> {
  if (!can('desk.use', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'the preview is for authors, editors and administrators');
  for (const field of ['title', 'excerpt', 'bodyMarkdown'] as const) {
    if (input[field].length > PREVIEW_LIMITS[field]) throw invalid(field, `must be at most ${PREVIEW_LIMITS[field]} characters`);
  }
  // Saves trim (write.ts), so the preview does too: the same text gives the same markup.
  const markdown = input.bodyMarkdown.trim();
  const ids = mediaIdsIn(markdown);
  const found = new Map((await findMediaByIds(ctx.db, ids)).map((m) => [m.id, toPictureMedia(m)]));
  const rendered = renderBody(markdown, (id) => found.get(id));
  const missing = ids.filter((id) => !found.has(id));
  const problems = [
    ...(missing.length ? [`The body refers to unknown media: ${missing.join(', ')}. Pick the image from the media library.`] : []),
    ...rendered.unsafeUrls.map(
      (url) =>
        `The body contains a URL that is not allowed: ${JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url)}; ${ALLOWED_URLS}.`,
    ),
  ];
  return {
    title: input.title.trim(),
    excerpt: input.excerpt.trim(),
    bodyHtml: withSafeBody({ body_html: rendered.html }).body_html,
    problems,
  };
}
