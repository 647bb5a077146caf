// Sign in with an OpenID Connect provider configured by the site owner (GAZETTE_OIDC_PROVIDERS):
// GET /auth/oidc/:provider sends the browser to the provider; the provider sends it back to
// /auth/oidc/:provider/callback, where the answer is checked, the account found or made
// (domain/users/oidc.ts) and the browser signed in. Failures are pages a person can act on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizationResponseError } from 'openid-client';
import type { OidcProviderConfig } from '../../config.ts';
import type { DomainContext } from '../../domain/context.ts';
import { signInWithOidc } from '../../domain/users/oidc.ts';
import { notFound } from '../../errors.ts';
import { readCookie, setBrowserCookie } from '../plugins/cookies.ts';
import { toAppError } from '../plugins/errors.ts';
import { startBrowserSession } from '../plugins/session.ts';
import { siteUrl } from '../site-url.ts';
import { safeNext } from './account-routes.ts';
import { notice } from './forms.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import {
  beginSignIn,
  createOidcClients,
  finishSignIn,
  OIDC_COOKIE,
  OIDC_COOKIE_PATH,
  openPending,
  PENDING_SECONDS,
  sealPending,
} from './oidc-flow.ts';

export interface OidcRouteDeps extends SiteDeps {
  ctx: DomainContext;
  providers: readonly OidcProviderConfig[];
}

const PROVIDER_PARAMS = { type: 'object', required: ['provider'], properties: { provider: { type: 'string', maxLength: 40 } } } as const;
const START_QUERY = { type: 'object', properties: { next: { type: 'string', maxLength: 2000 } } } as const;
const CALLBACK_QUERY = { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 } } as const;

/** What a person reads when the provider says no: by the OAuth error code it sent back. */
function providerRefusal(providerName: string, error: string): string {
  switch (error) {
    case 'access_denied':
      return `You did not allow ${providerName} to sign you in here, so you are not signed in.`;
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
      return `${providerName} needs you to sign in there first.`;
    case 'temporarily_unavailable':
      return `${providerName} is busy at the moment.`;
    default:
      return `${providerName} could not sign you in (${error}).`;
  }
}

export function registerOidcRoutes(app: FastifyInstance, deps: OidcRouteDeps): void {
  const { ctx } = deps;
  const clients = createOidcClients(deps.providers);

  const secret = (): string => {
    if (!ctx.secret) throw new Error('the site secret is not set; buildApp sets ctx.secret');
    return ctx.secret;
  };

  const setPendingCookie = (request: FastifyRequest, reply: FastifyReply, value: string, maxAge: number) =>
    setBrowserCookie(request, reply, { name: OIDC_COOKIE, value, maxAge, path: OIDC_COOKIE_PATH });

  const callbackUri = (request: FastifyRequest, providerId: string) =>
    `${siteUrl(deps.publicUrl, request)}/auth/oidc/${providerId}/callback`;

  async function problem(request: FastifyRequest, reply: FastifyReply, status: number, title: string, paragraphs: string[]) {
    return sendPersonalPage(deps, request, reply, {
      title,
      status,
      main: notice(title, paragraphs, { href: '/signin', label: 'Back to sign in' }),
    });
  }

  const unreachable = (request: FastifyRequest, reply: FastifyReply, provider: OidcProviderConfig, error: unknown) => {
    request.log.warn({ err: error, provider: provider.id }, 'OpenID Connect discovery failed');
    return problem(request, reply, 503, `${provider.name} cannot be reached`, [
      `We could not reach ${provider.name} just now. Please try again in a moment, or sign in another way.`,
    ]);
  };

  app.get<{ Params: { provider: string }; Querystring: { next?: string } }>(
    '/auth/oidc/:provider',
    { schema: { params: PROVIDER_PARAMS, querystring: START_QUERY } },
    async (request, reply) => {
      const provider = clients.find(request.params.provider);
      if (!provider) throw notFound('sign-in provider');
      let configuration;
      try {
        configuration = await clients.configuration(provider);
      } catch (error) {
        return unreachable(request, reply, provider, error);
      }
      const { url, pending } = await beginSignIn(configuration, {
        provider,
        redirectUri: callbackUri(request, provider.id),
        next: safeNext(request.query.next),
        expires: ctx.clock.now().getTime() + PENDING_SECONDS * 1000,
      });
      setPendingCookie(request, reply, sealPending(secret(), pending), PENDING_SECONDS);
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    },
  );

  app.get<{ Params: { provider: string }; Querystring: Record<string, string> }>(
    '/auth/oidc/:provider/callback',
    { schema: { params: PROVIDER_PARAMS, querystring: CALLBACK_QUERY } },
    async (request, reply) => {
      const provider = clients.find(request.params.provider);
      if (!provider) throw notFound('sign-in provider');
      const pending = openPending(secret(), readCookie(request, OIDC_COOKIE), ctx.clock.now().getTime());
      // One attempt per cookie, whatever happens next.
      setPendingCookie(request, reply, '', 0);
      if (!pending || pending.provider !== provider.id) {
        return problem(request, reply, 400, 'This sign-in has expired', [
          `We could not match this answer from ${provider.name} to a sign-in started in this browser: it took longer than ${PENDING_SECONDS / 60} minutes, or it began elsewhere.`,
          'Please start again.',
        ]);
      }
      let configuration;
      try {
        configuration = await clients.configuration(provider);
      } catch (error) {
        return unreachable(request, reply, provider, error);
      }
      const callbackUrl = new URL(callbackUri(request, provider.id));
      // The raw query, as sent: the client library refuses repeated parameters, which parsing would hide.
      const queryStart = request.url.indexOf('?');
      callbackUrl.search = queryStart >= 0 ? request.url.slice(queryStart) : '';

      let identity;
      try {
        identity = await finishSignIn(configuration, callbackUrl, pending);
      } catch (error) {
        if (error instanceof AuthorizationResponseError) {
          return problem(request, reply, 400, 'You are not signed in', [
            providerRefusal(provider.name, error.error),
            'You can try again, or sign in another way.',
          ]);
        }
        // A wrong state, a bad ID token, a refused code: never show the internals, but keep them in the log.
        request.log.warn({ err: error, provider: provider.id }, 'OpenID Connect callback refused');
        return problem(request, reply, 400, 'Signing in did not work', [
          `We could not confirm who you are with ${provider.name}. Please start again.`,
        ]);
      }

      try {
        const user = await signInWithOidc(ctx, identity);
        await startBrowserSession(ctx, request, reply, user.id);
      } catch (error) {
        const refusal = toAppError(error as Error);
        if (refusal.status >= 500) throw error;
        return problem(request, reply, refusal.status, 'We could not sign you in', [refusal.message]);
      }
      return reply.header('cache-control', 'no-store').redirect(safeNext(pending.next), 303);
    },
  );
}
