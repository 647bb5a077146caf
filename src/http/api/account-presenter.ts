// How an account is shown to its owner (GET /me) and how a person is shown to others.
import { Type, type Static } from 'typebox';
import type { User } from '../../domain/records.ts';
import { Nullable } from '../schemas.ts';

export const MeSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  displayName: Type.String(),
  slug: Type.String(),
  role: Type.String(),
  bio: Type.String(),
  avatarMediaId: Nullable(Type.String()),
  profileUrl: Type.String(),
  emailPreferences: Type.Object({ replies: Type.Boolean(), mentions: Type.Boolean(), moderation: Type.Boolean() }),
  createdAt: Type.String({ format: 'date-time' }),
});

export function presentMe(user: User): Static<typeof MeSchema> {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    displayName: user.display_name,
    slug: user.slug,
    role: user.role,
    bio: user.bio,
    avatarMediaId: user.avatar_media_id,
    profileUrl: `/people/${user.slug}`,
    emailPreferences: {
      replies: user.email_on_reply === 1,
      mentions: user.email_on_mention === 1,
      moderation: user.email_on_moderation === 1,
    },
    createdAt: user.created_at,
  };
}
