// POST /api/v1/embed/sso: a site's single sign-on token, handed by the host page to the frame
// (postMessage, never a URL) and posted here by the frame. Verified against the site's secret
// (domain/sites/sso.ts); the answer names the reader and whether a session was started, so the
// frame reloads only when something changed. The session cookie follows the embed's attributes
// (partitioned, see plugins/cookies.ts). Same-origin JSON only (write-guard.ts): another page can
// neither sign a browser in nor read the answer.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { MAX_SSO_TOKEN_LENGTH, signInWithSso } from '../../domain/sites/sso.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { enforceRateLimit } from '../plugins/rate-limit.ts';
import { jsonWriteHook } from '../plugins/write-guard.ts';
import { signedInUser, startBrowserSession } from '../plugins/session.ts';
import { ErrorSchema } from './presenters.ts';
import { EmbedSignInSchema, presentEmbedReader } from './embed-reader.ts';

export interface EmbedSsoApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  limiter: RateLimiter;
}

export function registerEmbedSsoApi(root: FastifyInstance, deps: EmbedSsoApiDeps): void {
  const { ctx, limiter } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/embed/sso',
    {
      preValidation: [jsonWriteHook(deps.publicUrl)],
      schema: {
        tags: ['embed'],
        summary: "Sign in inside the embed with a site's single sign-on token (JWT, HS256, the site's secret)",
        body: Type.Object(
          {
            site: Type.String({ minLength: 1, maxLength: 40, description: 'the name the embed snippet gives as data-site' }),
            token: Type.String({ minLength: 1, maxLength: MAX_SSO_TOKEN_LENGTH }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: EmbedSignInSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          415: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.embedSsoPerIp, request.ip, reply);
      const user = await signInWithSso(ctx, request.body.site, request.body.token);
      const current = await signedInUser(ctx, request);
      const sessionStarted = current?.id !== user.id;
      if (sessionStarted) await startBrowserSession(ctx, request, reply, user.id);
      return { reader: presentEmbedReader(user), sessionStarted };
    },
  );
}
