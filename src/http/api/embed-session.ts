// The embed frame's own session, for browsers that block third-party cookies: the frame trades
// the single-use code its sign-in popup posted to it (domain/sites/embed-handoff.ts) for a session
// (POST), and signs out (DELETE). Both set the cookie with the embed's attributes (partitioned,
// plugins/cookies.ts), so they clear or fill the frame's jar, not the first-party one. Same-origin
// JSON only (write-guard.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { MAX_HANDOFF_CODE_LENGTH, redeemEmbedHandoff } from '../../domain/sites/embed-handoff.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { enforceRateLimit } from '../plugins/rate-limit.ts';
import { jsonWriteHook } from '../plugins/write-guard.ts';
import { endBrowserSession, signedInUser, startBrowserSession } from '../plugins/session.ts';
import { ErrorSchema } from './presenters.ts';
import { EmbedSignInSchema, presentEmbedReader } from './embed-reader.ts';

export interface EmbedSessionApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  limiter: RateLimiter;
}

export function registerEmbedSessionApi(root: FastifyInstance, deps: EmbedSessionApiDeps): void {
  const { ctx, limiter } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const guard = [jsonWriteHook(deps.publicUrl)];
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 415: ErrorSchema, 429: ErrorSchema };

  app.post(
    '/embed/session',
    {
      preValidation: guard,
      schema: {
        tags: ['embed'],
        summary: "Start the embed frame's session with the single-use code its sign-in popup handed over (60 seconds)",
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: MAX_HANDOFF_CODE_LENGTH }) }, { additionalProperties: false }),
        response: { 200: EmbedSignInSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.loginPerIp, request.ip, reply);
      const user = await redeemEmbedHandoff(ctx, request.body.code);
      await startBrowserSession(ctx, request, reply, user.id);
      return { reader: presentEmbedReader(user), sessionStarted: true };
    },
  );

  app.delete<{ Querystring: { ssoSite?: string } }>(
    '/embed/session',
    {
      preValidation: guard,
      schema: {
        tags: ['embed'],
        summary:
          "End the embed frame's session; with ssoSite, only when it is that site's single sign-on account (the host's reader signed out)",
        querystring: Type.Object({ ssoSite: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ended: Type.Boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      const { ssoSite } = request.query;
      if (ssoSite !== undefined && (await signedInUser(ctx, request))?.sso_site !== ssoSite) return { ended: false };
      await endBrowserSession(ctx, request, reply);
      return { ended: true };
    },
  );
}
