// Sends what waits in the outbox through SMTP (nodemailer). Runs on a timer and whenever a
// message is queued; claims rows before sending so several instances never send one twice.
// Without SMTP_URL it does nothing: mail stays in the outbox.
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import type { EventBus } from '../events/bus.ts';
import { claimUnsent, markFailed, markSent } from '../storage/repos/outbox.ts';
import { createBackgroundJob } from '../events/background-job.ts';

export interface MailDelivery {
  /** Sends everything due now; resolves with how many were sent. */
  deliverNow(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface MailDeliveryOptions {
  db: Db;
  clock: Clock;
  events: EventBus;
  smtpUrl: string | null;
  from: string;
  /** How often to look for mail that was queued while no worker was listening (ms). */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

const CLAIM_SECONDS = 120;
const MAX_ATTEMPTS = 8;
const BATCH = 50;

export function createMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const { db, clock, smtpUrl } = options;
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  async function sendBatch(): Promise<number> {
    if (!transport) return 0;
    let sent = 0;
    for (;;) {
      const now = clock.now();
      const batch = await claimUnsent(db, {
        now: now.toISOString(),
        until: new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString(),
        limit: BATCH,
        maxAttempts: MAX_ATTEMPTS,
      });
      if (batch.length === 0) return sent;
      for (const message of batch) {
        try {
          await transport.sendMail({
            from: options.from,
            to: message.to_address,
            subject: message.subject,
            text: message.text_body,
            html: message.html_body,
            headers: JSON.parse(message.headers) as Record<string, string>,
          });
          await markSent(db, message.id, clock.now().toISOString());
          sent++;
        } catch (error) {
          // 1, 2, 4 … minutes between attempts: a mail server that is down gets time to come back.
          const retryAt = new Date(clock.now().getTime() + 60_000 * 2 ** message.attempts).toISOString();
          await markFailed(db, message.id, (error as Error).message, retryAt);
          options.onError?.(error);
        }
      }
    }
  }

  const job = createBackgroundJob({
    round: sendBatch,
    events: options.events,
    wakeOn: 'mail.queued',
    intervalMs: options.intervalMs ?? 30_000,
    onError: options.onError,
  });

  return {
    deliverNow: job.runNow,
    start() {
      // Without SMTP there is nothing to do: mail stays in the outbox.
      if (transport) job.start();
    },
    async stop() {
      await job.stop();
      transport?.close();
    },
  };
}
