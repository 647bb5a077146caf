// Server-side sessions: the browser holds a random token, the database holds its SHA-256, so
// a leaked database cannot be replayed as cookies. Sessions slide: each day of use extends them.
import { createHash } from 'node:crypto';
import { randomBase64Url } from '../../ids.ts';
import * as sessionsRepo from '../../storage/repos/sessions.ts';
import type { Session, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';

export const SESSION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export const hashSessionToken = (token: string) => createHash('sha256').update(`gazette-session:${token}`).digest('hex');

const TOKEN = /^gzs_[A-Za-z0-9_-]{43}$/;

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

export async function createSession(ctx: Pick<DomainContext, 'db' | 'clock'>, userId: string, meta: SessionMeta): Promise<string> {
  const token = `gzs_${randomBase64Url(32)}`;
  const now = ctx.clock.now();
  await sessionsRepo.insertSession(ctx.db, {
    id: hashSessionToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString(),
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip,
  });
  return token;
}

export async function userForSession(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  token: string,
): Promise<{ user: User; session: Pick<Session, 'id' | 'last_seen_at'> } | null> {
  if (!TOKEN.test(token)) return null;
  const now = ctx.clock.now();
  const found = await sessionsRepo.findLiveSession(ctx.db, hashSessionToken(token), now.toISOString());
  if (!found) return null;
  // Extend at most once a day, so reading pages does not write to the database each time.
  if (now.getTime() - Date.parse(found.session.last_seen_at) > DAY_MS) {
    await sessionsRepo.extendSession(
      ctx.db,
      found.session.id,
      now.toISOString(),
      new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString(),
    );
  }
  return found;
}

export async function endSession(ctx: Pick<DomainContext, 'db'>, token: string): Promise<void> {
  if (TOKEN.test(token)) await sessionsRepo.deleteSession(ctx.db, hashSessionToken(token));
}

export function endAllSessions(ctx: Pick<DomainContext, 'db'>, userId: string): Promise<number> {
  return sessionsRepo.deleteUserSessions(ctx.db, userId);
}
