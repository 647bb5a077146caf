// How much waits in each moderation queue: the desk's tabs and the masthead's link.
import type { Db } from '../db.ts';
import { reportedCondition } from './moderation.ts';

export interface QueueCountRow {
  pending: number;
  reported: number;
  spam: number;
  /** Held or reported, each comment once (a comment held by reports is both). */
  waiting: number;
}

export async function queueCounts(db: Db): Promise<QueueCountRow> {
  const base = () => db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'));
  const count = (where: Parameters<ReturnType<typeof base>['where']>[0]) =>
    base()
      .where(where)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  const [pending, reported, spam, waiting] = await Promise.all([
    count((eb) => eb('comments.status', '=', 'pending')),
    count((eb) => reportedCondition(eb)),
    count((eb) => eb('comments.status', '=', 'spam')),
    count((eb) => eb.or([eb('comments.status', '=', 'pending'), reportedCondition(eb)])),
  ]);
  return { pending, reported, spam, waiting };
}
