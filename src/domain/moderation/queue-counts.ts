// The number of comments in each queue, for the desk's tabs and the "Moderation (N)" link in
// the masthead of pages rendered for a moderator.
import { queueCounts as countQueues, type QueueCountRow } from '../../storage/repos/moderation-counts.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { requireModerator } from './actions.ts';

export type QueueCounts = QueueCountRow;

export async function queueCounts(ctx: Pick<DomainContext, 'db'>, actor: Actor): Promise<QueueCounts> {
  requireModerator(actor);
  return countQueues(ctx.db);
}

/** What waits for a moderator (held or reported), or undefined for anyone who does not moderate. */
export async function waitingForModerator(ctx: Pick<DomainContext, 'db'>, actor: Actor): Promise<number | undefined> {
  if (!can('comment.moderate', actor)) return undefined;
  return (await countQueues(ctx.db)).waiting;
}
