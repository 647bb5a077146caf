// `--screen`: imported comments go through the same moderation pipeline as new ones, judged as
// of their own time (velocity and repeats look at what came before them in the source). History
// is kept: a banned author's old comments are held rather than refused, and no one is asked
// over the network (Akismet) about thousands of old comments.
import { findUserById } from '../../storage/repos/users.ts';
import type { ImportScreen } from '../comments/import.ts';
import type { DomainContext } from '../context.ts';
import type { CandidateAuthor } from '../moderation/candidate.ts';
import { screenComment } from '../moderation/pipeline.ts';
import type { ModerationSettings } from '../moderation/settings.ts';

export function importScreener(ctx: Pick<DomainContext, 'screening'>, settings: ModerationSettings): ImportScreen {
  return async (db, comment) => {
    const user = comment.authorId ? await findUserById(db, comment.authorId) : undefined;
    const author: CandidateAuthor = user
      ? { kind: 'account', id: user.id, role: user.role, name: user.display_name }
      : { kind: 'guest', name: comment.guestName, email: comment.guestEmail?.toLowerCase() ?? null, keyHash: null };
    return screenComment(
      { db, screening: ctx.screening },
      { threadId: comment.threadId, body: comment.body, author, at: comment.at, mode: 'import' },
      settings,
    );
  };
}
