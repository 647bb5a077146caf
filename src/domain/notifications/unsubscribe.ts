// One-click unsubscribe (RFC 8058). A link carries the person and the kind of mail, signed with
// the site secret (HMAC-SHA256), so it works without signing in and cannot be forged for someone
// else. 'all' turns every notification email off (used when one mail groups several kinds).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { findUserById, updateUser, type UserPatch } from '../../storage/repos/users.ts';
import type { NotificationKind, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';

export type UnsubscribeKind = NotificationKind | 'all';
export const UNSUBSCRIBE_KINDS: readonly UnsubscribeKind[] = ['reply', 'mention', 'moderation', 'all'];

const PREFERENCE_COLUMN = { reply: 'email_on_reply', mention: 'email_on_mention', moderation: 'email_on_moderation' } as const;

function signature(secret: string, userId: string, kind: UnsubscribeKind): string {
  return createHmac('sha256', secret).update(`gazette-unsubscribe\n${userId}\n${kind}`).digest('base64url');
}

function requireSecret(ctx: Pick<DomainContext, 'secret'>): string {
  if (!ctx.secret) throw new AppError('INTERNAL', 'the site has no signing secret');
  return ctx.secret;
}

/** The absolute unsubscribe URL for one person and kind, as used in the footer and List-Unsubscribe. */
export function unsubscribeUrl(ctx: Pick<DomainContext, 'secret'>, baseUrl: string, userId: string, kind: UnsubscribeKind): string {
  const query = new URLSearchParams({ u: userId, k: kind, sig: signature(requireSecret(ctx), userId, kind) });
  return `${baseUrl}/unsubscribe?${query.toString()}`;
}

export interface UnsubscribeRequest {
  u?: string;
  k?: string;
  sig?: string;
}

/** Checks a link's signature; the answer names no account unless the signature is right. */
export async function verifyUnsubscribe(
  ctx: Pick<DomainContext, 'db' | 'secret'>,
  link: UnsubscribeRequest,
): Promise<{ user: User; kind: UnsubscribeKind }> {
  const refused = new AppError(
    'UNSUBSCRIBE_LINK_INVALID',
    'this unsubscribe link is not valid; change your email settings after signing in instead',
  );
  const { u, k, sig } = link;
  if (!u || !k || !sig || !UNSUBSCRIBE_KINDS.includes(k as UnsubscribeKind)) throw refused;
  const expected = Buffer.from(signature(requireSecret(ctx), u, k as UnsubscribeKind));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
  const user = await findUserById(ctx.db, u);
  if (!user || user.deleted_at !== null) throw refused;
  return { user, kind: k as UnsubscribeKind };
}

/** Turns the link's kind of mail off. Repeating it changes nothing. */
export async function unsubscribe(
  ctx: Pick<DomainContext, 'db' | 'secret' | 'clock'>,
  link: UnsubscribeRequest,
): Promise<{ user: User; kind: UnsubscribeKind }> {
  const { user, kind } = await verifyUnsubscribe(ctx, link);
  const kinds: NotificationKind[] = kind === 'all' ? ['reply', 'mention', 'moderation'] : [kind];
  const patch: UserPatch = { updated_at: ctx.clock.now().toISOString() };
  for (const k of kinds) patch[PREFERENCE_COLUMN[k]] = 0;
  await updateUser(ctx.db, user.id, patch);
  return { user, kind };
}

/** What the link stops, in words for the confirmation page. */
export function describeKind(kind: UnsubscribeKind): string {
  switch (kind) {
    case 'reply':
      return 'emails when someone replies to your comments';
    case 'mention':
      return 'emails when someone mentions you';
    case 'moderation':
      return 'emails about comments waiting for review';
    case 'all':
      return 'all notification emails';
  }
}
