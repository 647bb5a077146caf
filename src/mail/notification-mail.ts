// The one mail that covers everything new for a person in one thread: "3 new replies in
// “Title”", each comment quoted. It says why it came and carries one-click unsubscribe
// (List-Unsubscribe + List-Unsubscribe-Post, RFC 8058) as well as the link in the footer.
import { composeMail, type MailSite } from './compose.ts';
import type { MailMessage } from './outbox.ts';
import type { NotificationKind } from '../storage/schema.ts';

/** Where moderators review held comments (the moderation work's queue page). */
export const MODERATION_QUEUE_PATH = '/admin/moderation';
const MAX_QUOTE = 1500;

export interface NotificationMailItem {
  kind: NotificationKind;
  commentId: string | null;
  authorName: string;
  text: string;
}

export interface NotificationMailInput {
  to: string;
  name: string;
  threadTitle: string;
  items: NotificationMailItem[];
  unsubscribe: { url: string; what: string };
  settingsUrl: string;
}

const PHRASES: Record<NotificationKind, [string, string]> = {
  reply: ['new reply', 'new replies'],
  mention: ['new mention', 'new mentions'],
  moderation: ['comment waiting for review', 'comments waiting for review'],
};

function counted(kind: NotificationKind, n: number): string {
  return `${n} ${PHRASES[kind][n === 1 ? 0 : 1]}`;
}

function joinWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The subject: one event in words, several as counts per kind. */
export function notificationSubject(threadTitle: string, items: NotificationMailItem[]): string {
  const where = `“${threadTitle}”`;
  if (items.length === 1) {
    const [item] = items as [NotificationMailItem];
    if (item.kind === 'reply') return `${item.authorName} replied to your comment in ${where}`;
    if (item.kind === 'mention') return `${item.authorName} mentioned you in ${where}`;
    return `A comment is waiting for review in ${where}`;
  }
  const kinds = (['reply', 'mention', 'moderation'] as const).filter((k) => items.some((i) => i.kind === k));
  return `${joinWords(kinds.map((k) => counted(k, items.filter((i) => i.kind === k).length)))} in ${where}`;
}

function clip(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '(this comment has been removed)';
  return trimmed.length > MAX_QUOTE ? `${trimmed.slice(0, MAX_QUOTE)}…` : trimmed;
}

export function notificationMail(site: MailSite, input: NotificationMailInput): MailMessage {
  const { items } = input;
  const onlyModeration = items.every((i) => i.kind === 'moderation');
  const first = items.find((i) => i.commentId !== null);
  const action = onlyModeration
    ? { label: 'Open the moderation queue', url: `${site.baseUrl}${MODERATION_QUEUE_PATH}` }
    : {
        label: items.length === 1 ? 'Read it in the discussion' : 'Read them in the discussion',
        url: first ? `${site.baseUrl}/comments/${first.commentId}` : `${site.baseUrl}/inbox`,
      };
  const intro =
    items.length === 1
      ? `There is something new for you in the discussion of “${input.threadTitle}”.`
      : `There are ${items.length} new things for you in the discussion of “${input.threadTitle}”.`;
  return composeMail(site, {
    to: input.to,
    subject: notificationSubject(input.threadTitle, items),
    greeting: `Hello ${input.name},`,
    paragraphs: [intro],
    quote: items.map((i) => ({ by: i.kind === 'moderation' ? `${i.authorName} (waiting for review)` : i.authorName, text: clip(i.text) })),
    action,
    footer: [
      `You get this because you have an account at ${site.title}. Your inbox: ${site.baseUrl}/inbox`,
      `To stop ${input.unsubscribe.what}, unsubscribe with one click: ${input.unsubscribe.url}`,
      `Choose which emails you get: ${input.settingsUrl}`,
    ],
    headers: {
      'List-Unsubscribe': `<${input.unsubscribe.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}
