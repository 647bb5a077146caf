// Staff and reader accounts as far as publishing needs them: creation (CLI, demo) and API tokens.
import { createHash, randomBytes } from 'node:crypto';
import { AppError, invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import * as tokensRepo from '../../storage/repos/tokens.ts';
import type { Role, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { slugify } from '../slug.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const ROLES: readonly Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewAccount {
  email: string;
  displayName: string;
  role: string;
  password?: string;
  bio?: string;
  slug?: string;
  /** False for self-service sign-ups, which must confirm their address. Default true. */
  emailVerified?: boolean;
}

export async function createAccount(ctx: Pick<DomainContext, 'db' | 'clock'>, input: NewAccount): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw invalid('email', `"${input.email}" is not an email address`);
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 80) throw invalid('name', 'must be 1 to 80 characters');
  if (!ROLES.includes(input.role as Role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await usersRepo.findUserByEmail(ctx.db, email)) {
    throw new AppError('CONFLICT', `a user with the email ${email} already exists`, 'email');
  }
  const base = input.slug ?? slugify(displayName);
  let slug = base;
  for (let n = 2; await usersRepo.findUserBySlug(ctx.db, slug); n++) slug = `${base}-${n}`;
  const now = ctx.clock.now().toISOString();
  const user: User = {
    id: newId(),
    email,
    display_name: displayName,
    slug,
    bio: input.bio ?? '',
    role: input.role as Role,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
    avatar_media_id: null,
    // Accounts made by the site owner (CLI, demo) are trusted; sign-ups verify by mail.
    email_verified_at: input.emailVerified === false ? null : now,
    deleted_at: null,
    email_on_reply: 1,
    email_on_mention: 1,
    email_on_moderation: 1,
    created_at: now,
    updated_at: now,
    sso_site: null,
    sso_subject: null,
    sso_email: null,
    sso_avatar_url: null,
  };
  await usersRepo.insertUser(ctx.db, user);
  return user;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A label to recognise a token by in a list, not a place to keep notes. */
export const MAX_TOKEN_NAME = 100;

/** Issues an API token; only its hash is stored, so the plain value is shown exactly once. */
export async function createApiToken(ctx: Pick<DomainContext, 'db' | 'clock'>, userId: string, name: string): Promise<string> {
  const label = name.trim() || 'token';
  if (label.length > MAX_TOKEN_NAME) throw invalid('name', `the token name is at most ${MAX_TOKEN_NAME} characters, not ${label.length}`);
  const token = `gz_${randomBytes(24).toString('base64url')}`;
  await tokensRepo.insertToken(ctx.db, {
    id: newId(),
    user_id: userId,
    name: label,
    token_hash: hashToken(token),
    created_at: ctx.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  return token;
}

export async function userForToken(ctx: Pick<DomainContext, 'db'>, token: string): Promise<User | undefined> {
  if (!token.startsWith('gz_')) return undefined;
  return tokensRepo.findActiveTokenOwner(ctx.db, hashToken(token));
}
