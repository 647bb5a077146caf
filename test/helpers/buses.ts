// Shared by the networked event bus suites (Redis, PostgreSQL).
import type { EventBus } from '../../src/events/bus.ts';

/**
 * Publishes `mail.queued` from `from` every 100 ms until `to` hears it (at most 10 s): how a test
 * waits for a bus whose connection was cut to listen again. Resolves whether it was heard.
 */
export async function publishUntilHeard(from: EventBus, to: EventBus): Promise<boolean> {
  let heard = false;
  const stop = to.subscribe((e) => {
    if (e.type === 'mail.queued') heard = true;
  });
  for (let i = 0; i < 100 && !heard; i++) {
    from.publish({ type: 'mail.queued' });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  return heard;
}
