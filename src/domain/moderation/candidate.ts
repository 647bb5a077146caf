// What the moderation pipeline screens: a comment about to be written (or rewritten, or brought
// in by an import) with what is known about who wrote it and from where.
import { createHmac } from 'node:crypto';
import type { Role } from '../../storage/schema.ts';
import type { PersonAuthor } from '../../storage/repos/screening.ts';

export type CandidateAuthor =
  | { kind: 'account'; id: string; role: Role; name: string }
  | {
      kind: 'guest';
      name: string;
      email: string | null;
      keyHash: string | null;
      /** The caller made sure no account uses the email (postComment refuses such a guest first). */
      emailOwnedByNoAccount?: boolean;
    };

export interface Candidate {
  threadId: string;
  /** Set when an existing comment is screened again (an edit): it never counts against itself. */
  commentId?: string | null;
  /** Markdown as written. */
  body: string;
  author: CandidateAuthor;
  /** HMAC of the address (hashIp); null when unknown (imports, scripts). */
  ipHash?: string | null;
  /** The address itself, only handed on to Akismet; never stored. */
  ip?: string | null;
  userAgent?: string | null;
  /** The comment's time: now for new comments and edits, the source's time for imports. */
  at: string;
  /** post: new comment; edit: screened again after an edit; import: history from another system. */
  mode: 'post' | 'edit' | 'import';
  /** The thread's own policy (threads.policy); null follows the site's. */
  threadPolicy?: string | null;
  /** The comment's page, for Akismet. */
  permalink?: string | null;
}

const STAFF: ReadonlySet<Role> = new Set(['editor', 'moderator', 'admin']);

/** Editors, moderators and admins skip content holds (never bans). */
export function isStaff(author: CandidateAuthor): boolean {
  return author.kind === 'account' && STAFF.has(author.role);
}

/** The author as the screening queries know them. */
export function authorOf(author: CandidateAuthor): PersonAuthor {
  return author.kind === 'account' ? { authorId: author.id } : { guestEmail: author.email, guestKeyHash: author.keyHash };
}

/** Keyed with the site secret, so the stored hash says "same address" without being reversible by a lookup table. */
export function hashIp(secret: string | undefined, ip: string | null | undefined): string | null {
  if (!secret || !ip) return null;
  return createHmac('sha256', secret).update(ip).digest('hex');
}
