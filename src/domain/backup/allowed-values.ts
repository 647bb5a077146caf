// Text columns that hold one of a fixed set of values (a role, a status). The database takes
// any text there, so a restore checks them (row-check.ts): a comment with the status "bogus"
// would be in no list and no queue, and a user with the role "superuser" would pass checks
// nobody wrote for it. Each set is written as a record over its schema type, so tsc fails here
// when a value is added to or removed from the type.
import type { Database } from '../../storage/schema.ts';

type Values<Table extends keyof Database, Column extends keyof Database[Table]> = Record<
  Exclude<Database[Table][Column], null> & string,
  true
>;

const role: Values<'users', 'role'> = { reader: true, author: true, editor: true, moderator: true, admin: true };
const postType: Values<'posts', 'type'> = { post: true, page: true };
const postStatus: Values<'posts', 'status'> = { draft: true, review: true, scheduled: true, published: true };
const guestPolicy: Values<'sites', 'guest_policy'> = { guests: true, accounts: true };
const commentStatus: Values<'comments', 'status'> = {
  published: true,
  pending: true,
  spam: true,
  rejected: true,
  deleted: true,
  shadow: true,
};
const trainedAs: Values<'comments', 'trained_as'> = { spam: true, ham: true };
const notificationKind: Values<'notifications', 'kind'> = { reply: true, mention: true, moderation: true };
const emailState: Values<'notifications', 'email_state'> = { pending: true, sent: true, none: true };
const reportReason: Values<'comment_reports', 'reason'> = { spam: true, harassment: true, 'off-topic': true, other: true };
const sanctionKind: Values<'user_sanctions', 'kind'> = { ban: true, shadow: true };
const revisionKind: Values<'post_revisions', 'kind'> = { save: true, autosave: true, restore: true };
const correctionKind: Values<'post_corrections', 'kind'> = { correction: true, update: true };
const errorReportStatus: Values<'article_error_reports', 'status'> = { open: true, answered: true, dismissed: true, corrected: true };

/** table → column → the values it may hold (null aside, which the column's own rule decides). */
export const ALLOWED_VALUES: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map(
  Object.entries({
    users: { role },
    posts: { type: postType, status: postStatus },
    sites: { guest_policy: guestPolicy },
    comments: { status: commentStatus, trained_as: trainedAs },
    notifications: { kind: notificationKind, email_state: emailState },
    comment_reports: { reason: reportReason },
    user_sanctions: { kind: sanctionKind },
    post_revisions: { kind: revisionKind },
    post_corrections: { kind: correctionKind },
    article_error_reports: { status: errorReportStatus },
  } satisfies { [Table in keyof Database]?: { [Column in keyof Database[Table]]?: Record<string, true> } }).map(([table, columns]) => [
    table,
    new Map(Object.entries(columns).map(([column, values]) => [column, Object.keys(values)])),
  ]),
);
