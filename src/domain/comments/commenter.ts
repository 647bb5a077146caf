// Who is writing: an account, or a guest known only by a random key their browser keeps in a
// cookie (the key itself is never stored, only its hash). Guests are weaker identities: the same
// browser can edit, delete and vote, another browser cannot.
import { createHash } from 'node:crypto';
import type { Role } from '../../storage/schema.ts';

export type Commenter =
  | {
      kind: 'account';
      id: string;
      role: Role;
      name: string;
      slug: string;
      /** When the account was made, when known: new accounts post under stricter limits. */ createdAt?: string;
    }
  | { kind: 'guest'; keyHash: string };

export const hashGuestKey = (key: string) => createHash('sha256').update(`gazette-guest:${key}`).digest('hex');

export function voterId(commenter: Commenter): string {
  return commenter.kind === 'account' ? `user:${commenter.id}` : `guest:${commenter.keyHash}`;
}

/**
 * Whether the commenter is the comment's current owner. Once an account has claimed a guest
 * comment (author_id set), the guest key that wrote it no longer owns it: the account does.
 */
export function owns(commenter: Commenter, comment: { author_id: string | null; guest_key_hash: string | null }): boolean {
  return commenter.kind === 'account'
    ? comment.author_id !== null && comment.author_id === commenter.id
    : comment.author_id === null && comment.guest_key_hash !== null && comment.guest_key_hash === commenter.keyHash;
}
