// Accounts over JSON: sign up, confirm, log in and out, reset, emailed sign-in links, and who
// am I. Answers that involve an address read the same whether or not it has an account.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import * as selfService from '../../domain/users/self-service.ts';
import { endAllSessions } from '../../domain/users/sessions.ts';
import type { MailSiteSource } from '../../domain/mail-site.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { enforceRateLimit, limitPasswordGuesses } from '../plugins/rate-limit.ts';
import { requireJsonWrite } from '../plugins/write-guard.ts';
import { endBrowserSession, requireSignedIn, startBrowserSession } from '../plugins/session.ts';
import { ErrorSchema } from './presenters.ts';
import { MeSchema, presentMe } from './account-presenter.ts';

export interface AuthApiDeps {
  ctx: DomainContext;
  publicUrl: string | null;
  /** The site for links in mail: never the request's Host (see domain/mail-site.ts). */
  mailSite: MailSiteSource;
  limiter: RateLimiter;
}

const Email = Type.String({ maxLength: 320, description: 'an email address' });
const Password = Type.String({ maxLength: 200 });
const Accepted = Type.Object({ status: Type.Literal('check-your-email'), message: Type.String() });
const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  415: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
  503: ErrorSchema,
};

export function registerAuthApi(root: FastifyInstance, deps: AuthApiDeps): void {
  const { ctx, limiter } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  // JSON only and same-origin: a page on another site can neither log someone in (login CSRF) nor out.
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || !request.url.startsWith('/api/v1/auth/')) return;
    requireJsonWrite(request, deps.publicUrl);
  });

  const checkEmail = (message: string) => ({ status: 'check-your-email' as const, message });

  app.post(
    '/auth/signup',
    {
      schema: {
        tags,
        summary: 'Create an account; a confirmation link is mailed. Answers the same whether or not the address is registered.',
        body: Type.Object(
          { email: Email, password: Password, displayName: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 202: Accepted, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.signupPerIp, request.ip, reply);
      await enforceRateLimit(limiter, RATE_RULES.signupPerAccount, request.body.email.trim().toLowerCase(), reply);
      await selfService.signUp(ctx, deps.mailSite, request.body);
      return reply
        .code(202)
        .send(checkEmail('If the address can be used, a confirmation link is on its way. Follow it to finish signing up.'));
    },
  );

  app.post(
    '/auth/verify',
    {
      schema: {
        tags,
        summary:
          'Confirm an address with the token from the mailed link (the mailed link opens a page on /verify whose button posts it); signs in',
        body: Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { user } = await selfService.verifyEmail(ctx, request.body.token);
      await startBrowserSession(ctx, request, reply, user.id);
      return presentMe(user);
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request, reply) => {
      await limitPasswordGuesses(limiter, request.ip, request.body.email, reply);
      const user = await selfService.logIn(ctx, deps.mailSite, request.body);
      await startBrowserSession(ctx, request, reply, user.id);
      return presentMe(user);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: "End this browser's session", response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await endBrowserSession(ctx, request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout-everywhere',
    {
      schema: {
        tags,
        summary: 'End every session of the signed-in account, on every device',
        response: { 200: Type.Object({ endedSessions: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      const endedSessions = await endAllSessions(ctx, user.id);
      await endBrowserSession(ctx, request, reply);
      return { endedSessions };
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Mail a single-use link to choose a new password. Answers the same whether or not the address is registered.',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Accepted, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.resetPerIp, request.ip, reply);
      await enforceRateLimit(limiter, RATE_RULES.resetPerAccount, request.body.email.trim().toLowerCase(), reply);
      await selfService.requestPasswordReset(ctx, deps.mailSite, request.body.email);
      return reply.code(202).send(checkEmail('If the address has an account, a link to choose a new password is on its way.'));
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Choose a new password with the mailed token; ends every other session and signs this browser in',
        body: Type.Object({ token: Type.String({ maxLength: 200 }), password: Password }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await selfService.resetPassword(ctx, request.body);
      await startBrowserSession(ctx, request, reply, user.id);
      return presentMe(user);
    },
  );

  app.post(
    '/auth/signin-link',
    {
      schema: {
        tags,
        summary: 'Mail a passwordless sign-in link. Answers the same whether or not the address is registered.',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Accepted, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimit(limiter, RATE_RULES.signInLinkPerIp, request.ip, reply);
      await enforceRateLimit(limiter, RATE_RULES.signInLinkPerAccount, request.body.email.trim().toLowerCase(), reply);
      await selfService.requestSignInLink(ctx, deps.mailSite, request.body.email);
      return reply.code(202).send(checkEmail('If the address has an account, a sign-in link is on its way.'));
    },
  );

  app.post(
    '/auth/signin-link/confirm',
    {
      schema: {
        tags,
        summary: 'Sign in with the token from a mailed sign-in link',
        body: Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { user } = await selfService.signInWithLink(ctx, request.body.token);
      await startBrowserSession(ctx, request, reply, user.id);
      return presentMe(user);
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in person, email included', response: { 200: MeSchema, 401: ErrorSchema } } },
    async (request) => presentMe(await requireSignedIn(ctx, request)),
  );
}
