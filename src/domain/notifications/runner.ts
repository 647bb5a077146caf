// Runs the notification mail round on a timer (mail that waited out its 10 quiet minutes) and
// right after notifications are created. Rounds never overlap within a process; across
// instances the digest's row locks keep them apart.
import type { MailSite } from '../../mail/compose.ts';
import type { DomainContext } from '../context.ts';
import { sendDueNotificationEmails } from './digest.ts';
import { createBackgroundJob } from '../../events/background-job.ts';

export interface NotificationMailer {
  /** One round now; resolves with how many mails were queued. */
  runNow(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface NotificationMailerOptions {
  ctx: Pick<DomainContext, 'db' | 'clock' | 'events' | 'secret'>;
  site: MailSite;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export function createNotificationMailer(options: NotificationMailerOptions): NotificationMailer {
  const { ctx, site } = options;
  const job = createBackgroundJob({
    round: () => sendDueNotificationEmails(ctx, site, ctx.clock.now()),
    events: ctx.events,
    wakeOn: 'notification.created',
    intervalMs: options.intervalMs ?? 30_000,
    onError: options.onError,
  });
  return { runNow: job.runNow, start: job.start, stop: job.stop };
}
