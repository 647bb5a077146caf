// "Take theirs" after an edit conflict: the writer opens the other person's version, and their
// own text is kept as a revision beside it (live = false) so nothing they typed is lost. Kept as
// kind 'save', not 'autosave': a later autosave by the same writer would otherwise replace it
// (autosaves coalesce), and this text is the writer's deliberate last save.
import { invalid, notFound } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import type { DomainContext } from '../context.ts';
import type { Actor } from '../policy.ts';
import { recordRevision, requireEditRight, textChanged, type PostText } from './revisions.ts';

const LIMITS = { title: 200, excerpt: 1000, body_markdown: 200_000 } as const;
const FIELD = { title: 'title', excerpt: 'excerpt', body_markdown: 'bodyMarkdown' } as const;

/** Keeps the text beside the post's current version; false when it is the post's text already. */
export async function keepTextBeside(ctx: DomainContext, actor: Actor, postId: string, input: PostText): Promise<boolean> {
  const post = await findPostById(ctx.db, postId);
  if (!post) throw notFound('post');
  requireEditRight(actor, post);
  for (const name of ['title', 'excerpt', 'body_markdown'] as const) {
    if (input[name].length > LIMITS[name]) throw invalid(FIELD[name], `must be at most ${LIMITS[name]} characters`);
  }
  const text = { title: input.title.trim(), excerpt: input.excerpt.trim(), body_markdown: input.body_markdown.trim() };
  if (!textChanged(post, text)) return false;
  const now = ctx.clock.now();
  await inTransaction(ctx.db, (trx) => recordRevision(trx, { post, text, version: post.version, actor, kind: 'save', live: false, now }));
  return true;
}
