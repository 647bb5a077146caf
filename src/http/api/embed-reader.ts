// How the embed frame is told who it is now signed in as: a name to show, never the made-up
// address of a single sign-on account.
import { Type, type Static } from 'typebox';
import type { User } from '../../domain/records.ts';
import { Nullable } from '../schemas.ts';

export const EmbedReaderSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  profileUrl: Type.String(),
  /** The embedding site whose single sign-on made this account; null for a Gazette account. */
  ssoSite: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
});

export const EmbedSignInSchema = Type.Object({
  reader: EmbedReaderSchema,
  sessionStarted: Type.Boolean({ description: 'false when this browser was already signed in as this reader (nothing to reload)' }),
});

export function presentEmbedReader(user: User): Static<typeof EmbedReaderSchema> {
  return {
    id: user.id,
    displayName: user.display_name,
    profileUrl: `/people/${user.slug}`,
    ssoSite: user.sso_site,
    avatarUrl: user.sso_avatar_url ?? (user.avatar_media_id ? `/media/${user.avatar_media_id}/w128.jpg` : null),
  };
}
