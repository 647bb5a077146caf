// What the domain tells the outside world about its decisions, for /metrics (src/metrics/). The
// domain does not know who listens: buildApp passes one in, the CLI and most tests pass none.
import type { ScreenedStatus } from './moderation/pipeline.ts';
import type { Comment } from '../storage/schema.ts';

export interface DomainObserver {
  /** The moderation pipeline decided about a new or edited comment (what it decided, before any stricter rule). */
  commentScreened(mode: 'post' | 'edit', verdict: ScreenedStatus): void;
  /** A posted comment was committed with this status. */
  commentPosted(status: Comment['status']): void;
}
