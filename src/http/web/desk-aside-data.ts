// What the editor's aside shows (pages/desk-editor-aside.ts), read for a post the actor may edit:
// its revisions, its correction notes (articles only) and, for editors, its open error reports.
import type { DomainContext } from '../../domain/context.ts';
import { can, type Actor } from '../../domain/policy.ts';
import { correctionsOf } from '../../domain/posts/corrections.ts';
import { listErrorReports } from '../../domain/posts/error-reports.ts';
import { listPostRevisions } from '../../domain/posts/revisions.ts';
import { effectiveStatus } from '../../domain/posts/visibility.ts';
import type { EditorAsideData } from './pages/desk-editor-aside.ts';

export async function loadEditorAside(
  ctx: DomainContext,
  actor: Actor,
  post: { id: string; type: string; status: string; publishedAt: string | null },
): Promise<EditorAsideData> {
  const article = post.type === 'post';
  const handlesReports = can('errorReports.handle', actor);
  const [revisions, corrections, reports] = await Promise.all([
    listPostRevisions(ctx, actor, post.id),
    article ? correctionsOf(ctx, post.id) : Promise.resolve(null),
    article && handlesReports ? listErrorReports(ctx, actor, { status: 'open', postId: post.id }) : Promise.resolve(null),
  ]);
  const published =
    effectiveStatus(
      { status: post.status as Parameters<typeof effectiveStatus>[0]['status'], published_at: post.publishedAt },
      ctx.clock.now(),
    ) === 'published';
  const editor = can('post.correct', actor);
  return {
    revisions,
    corrections,
    mayAddCorrection: article && editor && published,
    mayRemoveCorrection: article && editor,
    published,
    reports,
  };
}
