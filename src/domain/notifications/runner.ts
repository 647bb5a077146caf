// Runs the notification mail round on a timer (mail that waited out its 10 quiet minutes) and
// right after notifications are created. Rounds never overlap within a process; across
// instances the digest's row locks keep them apart.
import type { MailSite } from '../../mail/compose.ts';
import type { DomainContext } from '../context.ts';
import { sendDueNotificationEmails } from './digest.ts';
import { createBackgroundJob, type BackgroundJob } from '../../events/background-job.ts';

/** runNow() resolves with how many mails one round queued. */
export type NotificationMailer = BackgroundJob;

export interface NotificationMailerOptions {
  ctx: Pick<DomainContext, 'db' | 'clock' | 'events' | 'secret'>;
  /** The site for links, or null while it does not know its address (the round then waits). */
  site: () => Promise<MailSite | null>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export function createNotificationMailer(options: NotificationMailerOptions): NotificationMailer {
  const { ctx, site } = options;
  return createBackgroundJob({
    round: async () => {
      const known = await site();
      return known ? sendDueNotificationEmails(ctx, known, ctx.clock.now()) : 0;
    },
    events: ctx.events,
    wakeOn: 'notification.created',
    intervalMs: options.intervalMs ?? 30_000,
    onError: options.onError,
  });
}
