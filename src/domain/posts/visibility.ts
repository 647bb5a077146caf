import type { PostStatus } from '../../storage/schema.ts';
import { invalid } from '../../errors.ts';

// A post's stored status says what its author asked for; what readers see follows from the
// clock: a scheduled post is public once its time has come, with no job needed to flip it.
export function effectiveStatus(post: { status: PostStatus; published_at: string | null }, now: Date): PostStatus {
  if (post.status === 'scheduled' && post.published_at && post.published_at <= now.toISOString()) return 'published';
  return post.status;
}

/** Decides the stored status and publication time from what was asked for. */
export function resolvePublication(
  requested: { status: PostStatus; publishedAt: string | null | undefined },
  current: { published_at: string | null } | undefined,
  now: Date,
): { status: PostStatus; published_at: string | null } {
  const at = requested.publishedAt === undefined ? (current?.published_at ?? null) : requested.publishedAt;
  if (at !== null && Number.isNaN(Date.parse(at))) throw invalid('publishedAt', 'must be an ISO-8601 date-time');
  const iso = at === null ? null : new Date(at).toISOString();
  switch (requested.status) {
    case 'draft':
      return { status: 'draft', published_at: iso };
    case 'review':
      // Submitted to the editors: hidden from readers exactly like a draft.
      return { status: 'review', published_at: iso };
    case 'scheduled':
      if (!iso) throw invalid('publishedAt', 'is required to schedule a post');
      if (iso <= now.toISOString()) throw invalid('publishedAt', 'must be in the future to schedule a post');
      return { status: 'scheduled', published_at: iso };
    case 'published':
      // Publishing with a future date is scheduling; publishing without one means now.
      if (iso && iso > now.toISOString()) return { status: 'scheduled', published_at: iso };
      return { status: 'published', published_at: iso ?? now.toISOString() };
  }
}
