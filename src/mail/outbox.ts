// Every outgoing message is first written to the outbox table, in the same transaction as the
// change that caused it when there is one, so an acknowledged action never loses its mail. The
// delivery worker (delivery.ts) sends from there; without SMTP the outbox is where mail stays,
// readable at /admin/outbox, so a fresh install still works.
import { newId } from '../ids.ts';
import type { DomainContext } from '../domain/context.ts';
import { countOutbox, findOutboxMessage, insertOutboxMessage, listOutbox } from '../storage/repos/outbox.ts';
import type { OutboxMessage } from '../storage/schema.ts';
import { afterCommit } from '../storage/db.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export async function queueMail(ctx: Pick<DomainContext, 'db' | 'clock' | 'events'>, message: MailMessage): Promise<string> {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await insertOutboxMessage(ctx.db, {
    id,
    to_address: message.to,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    headers: JSON.stringify(message.headers ?? {}),
    created_at: now.toISOString(),
    sent_at: null,
    claimed_until: null,
    attempts: 0,
    last_error: null,
  });
  afterCommit(ctx.db, () => ctx.events.publish({ type: 'mail.queued' }));
  return id;
}

/** One page of the outbox, newest first, for the admins' reading room at /admin/outbox. */
export async function outboxPage(
  ctx: Pick<DomainContext, 'db'>,
  page: number,
  pageSize: number,
): Promise<{ messages: OutboxMessage[]; page: number; pageCount: number; total: number }> {
  const total = await countOutbox(ctx.db);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  const messages = await listOutbox(ctx.db, { limit: pageSize, offset: (current - 1) * pageSize });
  return { messages, page: current, pageCount, total };
}

export function outboxMessage(ctx: Pick<DomainContext, 'db'>, id: string): Promise<OutboxMessage | undefined> {
  return findOutboxMessage(ctx.db, id);
}
