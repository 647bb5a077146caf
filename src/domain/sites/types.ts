// A site that embeds Gazette's discussion (issue 15): the shapes the domain hands out.
import type { ThreadPolicy } from '../moderation/settings-schema.ts';

/** guests: anyone may comment, as on Gazette's own pages; accounts: signed-in (or SSO) commenters only. */
export type GuestPolicy = 'guests' | 'accounts';
export const GUEST_POLICIES: readonly GuestPolicy[] = ['guests', 'accounts'];

export interface Site {
  /** The key the embed snippet gives as `data-site`: 1–40 of [a-z0-9-]. */
  name: string;
  title: string;
  /** Normalised origins ("https://blog.example") allowed to frame the embed and create threads. */
  origins: string[];
  guestPolicy: GuestPolicy;
  /** The policy new threads of this site get; null: the site-wide default. */
  defaultPolicy: ThreadPolicy | null;
  lang: string | null;
  theme: { accent: string | null; font: string | null; radius: string | null };
  createdAt: string;
}

export interface SiteInput {
  name: string;
  title?: string;
  origins: string[];
  guestPolicy?: GuestPolicy;
  defaultPolicy?: ThreadPolicy | null;
  lang?: string | null;
  theme?: Partial<Site['theme']>;
}
