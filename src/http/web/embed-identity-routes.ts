// The embed's first-party sign-in popup. The frame opens /embed/sign-in?site=NAME in a window of
// its own: a top-level page of this site, where the usual sign-in (and its first-party cookie)
// works whatever the browser does with third-party cookies. It ends at /embed/signed-in, which
// mints a single-use code for the frame (domain/sites/embed-handoff.ts); the frame trades it at
// POST /api/v1/embed/session for a session of its own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { issueEmbedHandoff } from '../../domain/sites/embed-handoff.ts';
import { requireSite } from '../../domain/sites/sites.ts';
import { invalid } from '../../errors.ts';
import { signInHref } from '../../render/return-path.ts';
import { html } from '../../render/html.ts';
import { signedInUser } from '../plugins/session.ts';
import { assetUrl } from './assets.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import { embedSignedInPage, embedSignedInTitle } from './pages/embed-signed-in.ts';
import { readerLocale } from '../plugins/reader-locale.ts';

const SITE_QUERY = {
  type: 'object',
  required: ['site'],
  properties: { site: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

const SITE_NAME = /^[a-z0-9-]{1,40}$/;

function siteParam(query: { site: string }): string {
  if (!SITE_NAME.test(query.site)) throw invalid('site', 'must be the name the embed snippet gives as data-site');
  return query.site;
}

/** Whether this page is one the sign-in popup passes through: /embed/…, or a sign-in page whose `next` leads back there. */
function inSignInPopup(request: FastifyRequest): boolean {
  const [path, query = ''] = request.url.split('?', 2) as [string, string?];
  if (path.startsWith('/embed/')) return true;
  const body = request.body as { next?: unknown } | undefined;
  const next = new URLSearchParams(query).get('next') ?? (typeof body === 'object' && body !== null ? body.next : undefined);
  return typeof next === 'string' && next.startsWith('/embed/');
}

export function registerEmbedIdentityRoutes(app: FastifyInstance, deps: SiteDeps): void {
  const { ctx } = deps;

  // The popup hands its code to window.opener, the frame. Cross-Origin-Opener-Policy: same-origin
  // (helmet's default, on every other page) would cut that link: the frame sits in another site's
  // page, so a same-origin-COOP document opened from it starts a browsing context group of its own
  // and window.opener becomes null. The pages on the popup's way answer unsafe-none instead; the
  // code still goes only to this origin (targetOrigin), whoever opened the window.
  app.addHook('onSend', async (request, reply, payload) => {
    if (inSignInPopup(request)) reply.header('cross-origin-opener-policy', 'unsafe-none');
    return payload;
  });
  const signedInPath = (site: string) => `/embed/signed-in?site=${encodeURIComponent(site)}`;

  app.get<{ Querystring: { site: string } }>('/embed/sign-in', { schema: { querystring: SITE_QUERY } }, async (request, reply) => {
    const site = (await requireSite(ctx, siteParam(request.query))).name;
    reply.header('cache-control', 'private, no-store');
    // Already signed in on this site (first-party): straight to the hand-off.
    if (await signedInUser(ctx, request)) return reply.redirect(signedInPath(site), 303);
    return reply.redirect(signInHref(signedInPath(site)), 303);
  });

  app.get<{ Querystring: { site: string } }>('/embed/signed-in', { schema: { querystring: SITE_QUERY } }, async (request, reply) => {
    const site = await requireSite(ctx, siteParam(request.query));
    const user = await signedInUser(ctx, request);
    if (!user) return reply.header('cache-control', 'private, no-store').redirect(signInHref(signedInPath(site.name)), 303);
    const code = await issueEmbedHandoff(ctx, user.id, site.name);
    const locale = readerLocale(request);
    return sendPersonalPage(deps, request, reply, {
      title: embedSignedInTitle(locale),
      main: embedSignedInPage({ name: user.display_name, code, locale }),
      head: html`<script type="module" src="${assetUrl('embed-signed-in.js')}"></script>`,
    });
  });
}
