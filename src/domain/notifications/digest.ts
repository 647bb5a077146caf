// Notification email, at most one per person per thread per 10 minutes. The first event in a
// quiet thread is mailed at once; what follows within 10 minutes waits and then goes as one
// grouped mail. Each (person, thread) is decided under the person's row lock in one
// transaction, and rows move from 'pending' only once, so several instances never double-send.
import type { MailSite } from '../../mail/compose.ts';
import { notificationMail, type NotificationMailItem } from '../../mail/notification-mail.ts';
import { queueMail } from '../../mail/outbox.ts';
import { inTransaction } from '../../storage/db.ts';
import * as repo from '../../storage/repos/notifications.ts';
import type { DomainContext } from '../context.ts';
import { wantsEmail } from './notify.ts';
import { describeKind, unsubscribeUrl, type UnsubscribeKind } from './unsubscribe.ts';

export const EMAIL_QUIET_MINUTES = 10;
const PAIRS_PER_ROUND = 200;

type DigestContext = Pick<DomainContext, 'db' | 'clock' | 'events' | 'secret'>;

/** Queues the mail that is due at `now`; returns how many mails were queued. */
export async function sendDueNotificationEmails(ctx: DigestContext, site: MailSite, now: Date): Promise<number> {
  const quietSince = new Date(now.getTime() - EMAIL_QUIET_MINUTES * 60_000).toISOString();
  let queued = 0;
  for (;;) {
    const pairs = await repo.duePairs(ctx.db, quietSince, PAIRS_PER_ROUND);
    let progressed = false;
    for (const pair of pairs) {
      const outcome = await mailOnePair(ctx, site, { ...pair, now, quietSince });
      if (outcome === 'sent') queued++;
      if (outcome !== 'skipped') progressed = true;
    }
    // A full batch where something moved may hide more pairs behind it; otherwise we are done.
    if (pairs.length < PAIRS_PER_ROUND || !progressed) return queued;
  }
}

interface Pair {
  user_id: string;
  thread_id: string;
  now: Date;
  quietSince: string;
}

async function mailOnePair(ctx: DigestContext, site: MailSite, pair: Pair): Promise<'sent' | 'dropped' | 'skipped'> {
  return inTransaction(ctx.db, async (db) => {
    const user = await repo.lockUserForMail(db, pair.user_id);
    if (!user) return 'skipped';
    // Checked again under the lock: another instance may have mailed this thread a moment ago.
    const last = await repo.lastEmailedAt(db, pair.user_id, pair.thread_id);
    if (last !== null && last > pair.quietSince) return 'skipped';
    const pending = await repo.pendingForMail(db, pair.user_id, pair.thread_id);
    // Preferences are read at send time: switching a kind off also stops mail already waiting.
    const wanted = pending.filter((n) => wantsEmail(user, n.kind));
    const unwanted = pending.filter((n) => !wantsEmail(user, n.kind));
    await repo.settleEmail(
      db,
      unwanted.map((n) => n.id),
      'none',
      null,
    );
    if (wanted.length === 0) return pending.length > 0 ? 'dropped' : 'skipped';

    const at = pair.now.toISOString();
    if (
      (await repo.settleEmail(
        db,
        wanted.map((n) => n.id),
        'sent',
        at,
      )) !== wanted.length
    )
      return 'skipped';
    const items: NotificationMailItem[] = wanted.map((n) => ({
      kind: n.kind,
      commentId: n.comment_id,
      authorName: n.author_name ?? n.guest_name ?? 'Someone',
      text: n.comment_status === 'deleted' ? '' : (n.comment_body ?? ''),
    }));
    const kinds = new Set(items.map((i) => i.kind));
    const kind: UnsubscribeKind = kinds.size === 1 ? items[0]!.kind : 'all';
    const message = notificationMail(site, {
      to: user.email,
      name: user.display_name,
      threadTitle: wanted[0]!.thread_title,
      items,
      unsubscribe: { url: unsubscribeUrl(ctx, site.baseUrl, user.id, kind), what: describeKind(kind) },
      settingsUrl: `${site.baseUrl}/settings/notifications`,
    });
    await queueMail({ ...ctx, db }, message);
    return 'sent';
  });
}
