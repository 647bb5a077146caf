// The page context for a reader who is signed in: their name in the masthead, their CSRF token
// in the sign-out form. Pages built with it are rendered for that reader only, never cached.
import type { FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import * as read from '../../domain/posts/read.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { signedInUser } from '../plugins/session.ts';
import { siteUrl } from '../site-url.ts';
import type { SiteContext } from './layout.ts';

export interface SiteDeps {
  ctx: DomainContext;
  siteTitle: string;
  publicUrl: string | null;
  /** Unread inbox items for the masthead (filled in by the notifications work). */
  unreadCount?: (userId: string) => Promise<number>;
}

export async function personalSite(deps: SiteDeps, request: FastifyRequest): Promise<SiteContext> {
  const [chrome, user] = await Promise.all([read.siteChrome(deps.ctx), signedInUser(deps.ctx, request)]);
  const site: SiteContext = { title: deps.siteTitle, baseUrl: siteUrl(deps.publicUrl, request), chrome };
  if (user) {
    site.viewer = {
      name: user.display_name,
      slug: user.slug,
      role: user.role,
      csrfToken: csrfTokenOf(request),
      unread: deps.unreadCount ? await deps.unreadCount(user.id) : undefined,
    };
  }
  return site;
}
