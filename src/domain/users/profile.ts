// Profiles: what a person says about themselves (name, bio) and what others see of them (the
// public profile with their published comments, newest first). The slug never changes with the
// name, so links to a profile keep working.
import { Type, type Static } from 'typebox';
import { AppError, invalid } from '../../errors.ts';
import { avatarImageUrl, AVATAR_SIZES, type AvatarSize } from '../../render/avatar.ts';
import * as profilesRepo from '../../storage/repos/profiles.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { Role, User } from '../../storage/schema.ts';
import { profilePath } from '../comments/read.ts';
import type { DomainContext } from '../context.ts';
import { roleBadge } from './badges.ts';
import { checkName } from './display-name.ts';
import { Nullable } from '../json-schema.ts';
import { isKeysetId, isStoredTimestamp } from '../keyset.ts';

export const MAX_DISPLAY_NAME = 80;
export const MAX_BIO = 280;
/** Comments per page of a profile (the page's ?page=N and the API's cursor pages alike). */
export const PROFILE_PAGE_SIZE = 20;

type Ctx = Pick<DomainContext, 'db' | 'clock' | 'events'>;

export interface ProfileChanges {
  displayName?: string;
  bio?: string;
}

/** The same rules as guest names (display-name.ts): normalised; invisible, direction-bending or staff-title names refused. */
export function checkDisplayName(raw: string): string {
  return checkName(raw, { field: 'displayName', max: MAX_DISPLAY_NAME });
}

export function checkBio(raw: string): string {
  // Line breaks are kept (the page shows them); runs of blank lines are not.
  const bio = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if ([...bio].length > MAX_BIO) throw invalid('bio', `must be at most ${MAX_BIO} characters (this one has ${[...bio].length})`);
  return bio;
}

export async function updateProfile(ctx: Ctx, user: User, changes: ProfileChanges): Promise<User> {
  const patch: Partial<User> = {};
  if (changes.displayName !== undefined) patch.display_name = checkDisplayName(changes.displayName);
  if (changes.bio !== undefined) patch.bio = checkBio(changes.bio);
  if (Object.keys(patch).length === 0) return user;
  patch.updated_at = ctx.clock.now().toISOString();
  await usersRepo.updateUser(ctx.db, user.id, patch);
  // Names appear beside every comment on cached pages.
  ctx.events.publish({ type: 'content.changed' });
  return { ...user, ...patch };
}

export interface ProfileView {
  displayName: string;
  slug: string;
  bio: string;
  role: Role;
  /** "Editor", "Moderator", "Admin"; null for readers and authors. */
  badge: string | null;
  memberSince: string;
  profileUrl: string;
  /** JPEG URLs per size (WebP twins beside them); null: the initials are drawn. */
  avatar: Record<`${AvatarSize}`, string> | null;
  /** Published comments that readers can see. */
  commentCount: number;
}

export async function findProfileUser(ctx: Pick<DomainContext, 'db'>, slug: string): Promise<User> {
  const user = await usersRepo.findUserBySlug(ctx.db, slug);
  // A deleted account has no profile, even though its row (and maybe its comments) remain.
  if (!user || user.deleted_at !== null) throw new AppError('NOT_FOUND', `no one has the profile "${slug}"`);
  return user;
}

export function avatarUrls(mediaId: string | null): ProfileView['avatar'] {
  if (!mediaId) return null;
  return Object.fromEntries(AVATAR_SIZES.map((size) => [String(size), avatarImageUrl(mediaId, size)])) as Record<`${AvatarSize}`, string>;
}

export async function publicProfile(ctx: Pick<DomainContext, 'db' | 'clock'>, slug: string): Promise<ProfileView> {
  const user = await findProfileUser(ctx, slug);
  return {
    displayName: user.display_name,
    slug: user.slug,
    bio: user.bio,
    role: user.role,
    badge: roleBadge(user.role),
    memberSince: user.created_at,
    profileUrl: profilePath(user.slug),
    avatar: avatarUrls(user.avatar_media_id),
    commentCount: await profilesRepo.countProfileComments(ctx.db, user.id, ctx.clock.now().toISOString()),
  };
}

/**
 * Written once: GET /api/v1/people/{slug}/comments publishes this schema as it is. `url` is the
 * comment's own page (/comments/ID) or, for an embedded discussion, its place on the embedding
 * site; `on` is what the discussion is about: the article (or the embedding page).
 */
export const ProfileCommentSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: '/comments/ID, which leads to the comment in its article' }),
  bodyHtml: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  score: Type.Integer(),
  isReply: Type.Boolean(),
  on: Type.Object({ title: Type.String(), url: Nullable(Type.String()) }),
});
export type ProfileComment = Static<typeof ProfileCommentSchema>;

function presentProfileComment(row: profilesRepo.ProfileCommentRow): ProfileComment {
  const offSite = row.post_slug === null;
  const externalUrl = row.thread_url && /^https?:\/\//i.test(row.thread_url) ? row.thread_url : null;
  return {
    id: row.id,
    url: offSite && externalUrl ? `${externalUrl}#comment-${row.id}` : `/comments/${row.id}`,
    bodyHtml: row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    score: row.upvotes - row.downvotes,
    isReply: row.parent_id !== null,
    on: offSite
      ? { title: row.thread_title, url: externalUrl }
      : { title: row.post_title ?? row.thread_title, url: `/articles/${row.post_slug}` },
  };
}

const encodeCursor = (row: { created_at: string; id: string }) =>
  Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');

function decodeCursor(cursor: string): profilesRepo.ProfileKeyset {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (isStoredTimestamp(createdAt) && isKeysetId(id)) return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor', 'is not a cursor this API gave out');
}

export interface ProfileCommentPage {
  comments: ProfileComment[];
  /** For the API: opaque, null on the last page. */
  nextCursor: string | null;
  /** For the page: ?page=N of pageCount. */
  page: number;
  pageCount: number;
}

/** A page of the person's published comments, newest first: by `page` number (web) or `cursor` (API). */
export async function profileComments(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  slug: string,
  query: { page?: number; cursor?: string | null; limit?: number },
): Promise<ProfileCommentPage> {
  const user = await findProfileUser(ctx, slug);
  const now = ctx.clock.now().toISOString();
  const limit = query.limit ?? PROFILE_PAGE_SIZE;
  const page = query.page ?? 1;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const [rows, total] = await Promise.all([
    profilesRepo.profileComments(ctx.db, { authorId: user.id, now, limit: limit + 1, after, offset: after ? 0 : (page - 1) * limit }),
    profilesRepo.countProfileComments(ctx.db, user.id, now),
  ]);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    comments: shown.map(presentProfileComment),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    page,
    pageCount: Math.max(1, Math.ceil(total / limit)),
  };
}
