// The page context for a reader who is signed in: their name in the masthead, their CSRF token
// in the sign-out form. Pages built with it are rendered for that reader only, never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import * as read from '../../domain/posts/read.ts';
import { waitingForModerator } from '../../domain/moderation/queue-counts.ts';
import type { Role } from '../../domain/records.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { signedInUser } from '../plugins/session.ts';
import { siteUrl } from '../site-url.ts';
import { layout, type SiteContext } from './layout.ts';
import type { SafeHtml } from '../../render/html.ts';
import { readerLocale } from '../plugins/reader-locale.ts';

export interface SiteDeps {
  ctx: DomainContext;
  siteTitle: string;
  publicUrl: string | null;
  /** Unread inbox items for the masthead (filled in by the notifications work). */
  unreadCount?: (userId: string) => Promise<number>;
}

export async function personalSite(deps: SiteDeps, request: FastifyRequest): Promise<SiteContext> {
  const [chrome, user] = await Promise.all([read.siteChrome(deps.ctx), signedInUser(deps.ctx, request)]);
  const site: SiteContext = { title: deps.siteTitle, baseUrl: siteUrl(deps.publicUrl, request), chrome, locale: readerLocale(request) };
  if (user) {
    site.viewer = {
      name: user.display_name,
      slug: user.slug,
      role: user.role,
      csrfToken: csrfTokenOf(request),
      unread: deps.unreadCount ? await deps.unreadCount(user.id) : undefined,
      moderation: await waitingForModerator(deps.ctx, { id: user.id, role: user.role as Role }),
    };
  }
  return site;
}

export interface PersonalPage {
  title: string;
  main: SafeHtml;
  status?: number;
  /** The canonical path; default: the request's path without its query. */
  path?: string;
  head?: SafeHtml;
  /** Render as signed out (the page that answers "your account is deleted"). */
  signedOut?: boolean;
}

/** Sends a page rendered for this reader alone: never cached, never indexed. */
export async function sendPersonalPage(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, page: PersonalPage) {
  const site = await personalSite(deps, request);
  if (page.signedOut) site.viewer = null;
  const meta = { title: page.title, path: page.path ?? request.url.split('?')[0]!, noindex: true, head: page.head };
  return reply
    .code(page.status ?? 200)
    .header('cache-control', 'private, no-store')
    .type('text/html; charset=utf-8')
    .send(layout(site, meta, page.main));
}
