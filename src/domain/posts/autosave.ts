// Autosave (issue 12: "Nothing is lost"): the desk sends the text a few seconds after typing stops.
// - A draft (or a post in review) takes the text: a new version, kept as an 'autosave' revision,
//   coalesced with the same person's previous autosave (revisions.ts), so reloading the editor
//   shows it.
// - A scheduled or published post does NOT change: half-typed text must never reach readers (or go
//   live at the scheduled time). The text is kept as an autosave revision beside the article
//   (live = false, version unchanged) until the writer saves or restores it.
// - Text that could not be saved as the post (an empty title or body mid-edit) is kept the same
//   way, so the writer loses nothing while typing.
// Like a save, an autosave names the version it started from and is refused (EDIT_CONFLICT) over
// a newer one: the writer's browser keeps the text and the desk explains the conflict.
import { inTransaction } from '../../storage/db.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import { AppError, invalid, notFound, type ErrorCode } from '../../errors.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { recordRevision, requireBaseVersion, requireEditRight, textChanged } from './revisions.ts';
import { updatePost } from './write.ts';

export interface AutosaveInput {
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  baseVersion: number;
}

export interface AutosaveResult {
  /** The post's version now: the baseVersion of the writer's next save. */
  version: number;
  savedAt: string;
  /** True: the post itself holds the text; false: kept as a revision beside the published post. */
  applied: boolean;
}

const LIMITS = { title: 200, excerpt: 1000, bodyMarkdown: 200_000 } as const;
/** Refusals of the text itself, which the writer is still typing. */
const HALF_TYPED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['VALIDATION_FAILED', 'UNSAFE_URL']);

export async function autosavePost(ctx: DomainContext, actor: Actor, id: string, input: AutosaveInput): Promise<AutosaveResult> {
  const current = await findPostById(ctx.db, id);
  if (!current) throw notFound('post');
  requireEditRight(actor, current);
  for (const field of ['title', 'excerpt', 'bodyMarkdown'] as const) {
    if (input[field].length > LIMITS[field]) throw invalid(field, `must be at most ${LIMITS[field]} characters`);
  }
  await requireBaseVersion(ctx.db, current, input.baseVersion);
  const text = { title: input.title.trim(), excerpt: input.excerpt.trim(), body_markdown: input.bodyMarkdown.trim() };
  if (!textChanged(current, text)) return { version: current.version, savedAt: current.updated_at, applied: true };

  const now = ctx.clock.now();
  const unpublished = current.status !== 'scheduled' && current.status !== 'published';
  if (unpublished && text.title && text.body_markdown) {
    try {
      const saved = await updatePost(
        ctx,
        actor,
        id,
        { title: text.title, excerpt: text.excerpt, bodyMarkdown: text.body_markdown, baseVersion: input.baseVersion },
        'autosave',
      );
      return { version: saved.version, savedAt: saved.updated_at, applied: true };
    } catch (caught) {
      // Text a save would refuse mid-typing (an image id or a link half written): kept beside the
      // post like an empty title, so the writer loses nothing; the next good autosave applies.
      // A conflict, or a refusal of the writer themselves, is not about the text: passed on.
      if (!(caught instanceof AppError) || !HALF_TYPED.has(caught.code)) throw caught;
    }
  }
  await inTransaction(ctx.db, (trx) =>
    recordRevision(trx, { post: current, text, version: current.version, actor, kind: 'autosave', live: false, now }),
  );
  return { version: current.version, savedAt: now.toISOString(), applied: false };
}
