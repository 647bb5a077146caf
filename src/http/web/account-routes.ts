// Account pages that work without JavaScript: sign up, sign in (password or emailed link), sign
// out, confirm an address, reset a password. Same domain calls as the JSON API; every form post
// is same-origin and carries the CSRF token when the browser has an identity.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import * as selfService from '../../domain/users/self-service.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import type { MailSiteSource } from '../../domain/mail-site.ts';
import { enforceRateLimit, limitPasswordGuesses } from '../plugins/rate-limit.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { formToken, sameOriginForm } from '../plugins/form-guard.ts';
import { toAppError } from '../plugins/errors.ts';
import { endBrowserSession, startBrowserSession } from '../plugins/session.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import {
  accountPage,
  linkConfirmForm,
  resetConfirmForm,
  resetRequestForm,
  signInForms,
  signUpForm,
  type AccountPageOptions,
} from './pages/account.ts';
import { notice } from './forms.ts';
import type { SafeHtml } from '../../render/html.ts';
import { safeReturnPath } from '../../render/return-path.ts';
import { readerLocale } from '../plugins/reader-locale.ts';
import { siteText } from './site-text.ts';

export interface AccountRouteDeps extends SiteDeps {
  ctx: DomainContext;
  limiter: RateLimiter;
  /** The site for links in mail: never the request's Host (see domain/mail-site.ts). */
  mailSite: MailSiteSource;
  /** Sign-in buttons for the configured OpenID Connect providers (filled in by the OIDC work). */
  oidcProviders?: { id: string; name: string }[];
}

type Form = Record<string, string | undefined>;
const FORM_BODY = { type: 'object', additionalProperties: { type: 'string', maxLength: 20000 } } as const;
const TOKEN_QUERY = { type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 200 } } } as const;

/** A `next` path after signing in: only paths on this site, never another host (render/return-path.ts). */
export function safeNext(value: string | undefined): string {
  return safeReturnPath(value) ?? '/';
}

export function registerAccountRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const { ctx, limiter } = deps;
  /** Every form post here: from this site, with this browser's token (checked before any form is read). */
  const formGuards = [sameOriginForm(deps.publicUrl), formToken()];

  async function page(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status = 200) {
    return sendPersonalPage(deps, request, reply, { title, main, status });
  }

  /** Runs a form action; a 4xx comes back as the same page with the error at the field. */
  async function handleForm(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<unknown>,
    again: (error: { message: string; field?: string }, status: number) => Promise<unknown>,
  ) {
    try {
      return await action();
    } catch (error) {
      const problem = toAppError(error as Error);
      if (problem.status >= 500 || problem.code === 'RATE_LIMITED' || problem.code === 'CSRF_TOKEN_INVALID') throw error;
      return again({ message: problem.message, field: problem.field?.replace(/^body\./, '') }, problem.status);
    }
  }

  const options = (request: FastifyRequest, extra: Partial<AccountPageOptions> = {}): AccountPageOptions => ({
    csrfToken: csrfTokenOf(request),
    oidcProviders: deps.oidcProviders ?? [],
    next: safeNext((request.query as { next?: string }).next),
    locale: readerLocale(request),
    ...extra,
  });
  /** The words of this request's pages (GAZETTE_LANG / Accept-Language). Error messages stay the domain's English. */
  const say = (request: FastifyRequest) => siteText(readerLocale(request));

  app.get('/signup', async (request, reply) =>
    page(request, reply, say(request)('signUp'), accountPage(say(request)('createAccount'), signUpForm(options(request)))),
  );
  app.post<{ Body: Form }>('/signup', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    const form = request.body;
    return handleForm(
      request,
      reply,
      async () => {
        await enforceRateLimit(limiter, RATE_RULES.signupPerIp, request.ip);
        await enforceRateLimit(limiter, RATE_RULES.signupPerAccount, (form.email ?? '').trim().toLowerCase());
        await selfService.signUp(ctx, deps.mailSite, {
          email: form.email ?? '',
          password: form.password ?? '',
          displayName: form.displayName ?? '',
        });
        const text = say(request);
        return page(
          request,
          reply,
          text('checkEmail'),
          notice(text('checkEmail'), [text('signUpSent', { email: form.email ?? text('theAddress') }), text('signUpFollowLink')]),
        );
      },
      (error, status) =>
        page(
          request,
          reply,
          say(request)('signUp'),
          accountPage(say(request)('createAccount'), signUpForm(options(request, { error, values: form }))),
          status,
        ),
    );
  });

  app.get('/signin', async (request, reply) =>
    page(request, reply, say(request)('signIn'), accountPage(say(request)('signIn'), signInForms(options(request)))),
  );
  app.post<{ Body: Form }>('/signin', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    const form = request.body;
    return handleForm(
      request,
      reply,
      async () => {
        await limitPasswordGuesses(limiter, request.ip, form.email ?? '');
        const user = await selfService.logIn(ctx, deps.mailSite, { email: form.email ?? '', password: form.password ?? '' });
        await startBrowserSession(ctx, request, reply, user.id);
        return reply.redirect(safeNext(form.next), 303);
      },
      (error, status) =>
        page(
          request,
          reply,
          say(request)('signIn'),
          accountPage(
            say(request)('signIn'),
            signInForms(
              options(request, { error: error.field ? error : { ...error, field: 'password' }, values: form, next: safeNext(form.next) }),
            ),
          ),
          status,
        ),
    );
  });

  app.post<{ Body: Form }>('/signin/link', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    const form = request.body;
    return handleForm(
      request,
      reply,
      async () => {
        await enforceRateLimit(limiter, RATE_RULES.signInLinkPerIp, request.ip);
        await enforceRateLimit(limiter, RATE_RULES.signInLinkPerAccount, (form.linkEmail ?? '').trim().toLowerCase());
        await selfService.requestSignInLink(ctx, deps.mailSite, form.linkEmail ?? '', form.next ?? null);
        const text = say(request);
        return page(
          request,
          reply,
          text('checkEmail'),
          notice(text('checkEmail'), [text('signInLinkSent', { email: form.linkEmail ?? text('theAddress') })]),
        );
      },
      (error, status) =>
        page(
          request,
          reply,
          say(request)('signIn'),
          accountPage(
            say(request)('signIn'),
            signInForms(options(request, { error: { ...error, field: 'linkEmail' }, values: form, next: safeNext(form.next) })),
          ),
          status,
        ),
    );
  });

  // A link from mail opens a page whose button posts the token: following the link is the proof
  // of the address, but only the same-origin, CSRF-checked POST signs this browser in.
  const linkFailed = (request: FastifyRequest, reply: FastifyReply, error: unknown, again: { href: string; label: string }) => {
    const problem = toAppError(error as Error);
    if (problem.status >= 500) throw error;
    const text = say(request);
    const next = { href: again.href, label: text(again.label) };
    return page(request, reply, text('linkNotValid'), notice(text('linkNoLongerWorks'), [problem.message], next), problem.status);
  };

  async function confirmLink(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<unknown>,
    again: { href: string; label: string },
  ) {
    try {
      return await action();
    } catch (error) {
      return linkFailed(request, reply, error, again);
    }
  }

  // `label`: a key of the site's words, said in the reader's language when the link fails.
  const signInAgain = { href: '/signin', label: 'askNewSignInLink' };
  app.get<{ Querystring: { token: string } }>('/signin/link', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) =>
    page(
      request,
      reply,
      say(request)('signIn'),
      accountPage(
        say(request)('signIn'),
        linkConfirmForm({
          ...options(request, { values: { token: request.query.token } }),
          action: '/signin/link/confirm',
          intro: say(request)('signInLinkConfirmIntro'),
          submit: say(request)('signMeIn'),
        }),
      ),
    ),
  );
  app.post<{ Body: Form }>('/signin/link/confirm', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) =>
    confirmLink(
      request,
      reply,
      async () => {
        const { user } = await selfService.signInWithLink(ctx, request.body.token ?? '');
        await startBrowserSession(ctx, request, reply, user.id);
        return reply.redirect(safeNext(request.body.next), 303);
      },
      signInAgain,
    ),
  );

  const verifyAgain = { href: '/signin', label: 'signInForNewConfirmation' };
  app.get<{ Querystring: { token: string } }>('/verify', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) =>
    page(
      request,
      reply,
      say(request)('confirmYourEmail'),
      accountPage(
        say(request)('confirmYourEmail'),
        linkConfirmForm({
          ...options(request, { values: { token: request.query.token } }),
          action: '/verify',
          intro: say(request)('confirmIntro'),
          submit: say(request)('confirmMyEmail'),
        }),
      ),
    ),
  );
  app.post<{ Body: Form }>('/verify', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) =>
    confirmLink(
      request,
      reply,
      async () => {
        const { user } = await selfService.verifyEmail(ctx, request.body.token ?? '');
        // Only what this browser left as a guest is claimed (startBrowserSession).
        const claimedComments = await startBrowserSession(ctx, request, reply, user.id);
        const text = say(request);
        const claimed = claimedComments > 0 ? [text('guestCommentsClaimed', { count: claimedComments, n: String(claimedComments) })] : [];
        return page(
          request,
          reply,
          text('emailConfirmedTitle'),
          notice(text('emailConfirmedHeading'), [text('welcomeSignedIn', { name: user.display_name }), ...claimed], {
            href: '/',
            label: text('goToFrontPage'),
          }),
        );
      },
      verifyAgain,
    ),
  );

  app.post<{ Body: Form }>('/signout', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    await endBrowserSession(ctx, request, reply);
    return reply.redirect('/', 303);
  });

  app.get('/reset', async (request, reply) =>
    page(
      request,
      reply,
      say(request)('resetYourPassword'),
      accountPage(say(request)('resetYourPassword'), resetRequestForm(options(request))),
    ),
  );
  app.post<{ Body: Form }>('/reset', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    const form = request.body;
    return handleForm(
      request,
      reply,
      async () => {
        await enforceRateLimit(limiter, RATE_RULES.resetPerIp, request.ip);
        await enforceRateLimit(limiter, RATE_RULES.resetPerAccount, (form.email ?? '').trim().toLowerCase());
        await selfService.requestPasswordReset(ctx, deps.mailSite, form.email ?? '');
        const text = say(request);
        return page(
          request,
          reply,
          text('checkEmail'),
          notice(text('checkEmail'), [text('resetSent', { email: form.email ?? text('theAddress') })]),
        );
      },
      (error, status) =>
        page(
          request,
          reply,
          say(request)('resetYourPassword'),
          accountPage(say(request)('resetYourPassword'), resetRequestForm(options(request, { error, values: form }))),
          status,
        ),
    );
  });

  app.get<{ Querystring: { token: string } }>('/reset/confirm', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) =>
    page(
      request,
      reply,
      say(request)('chooseNewPassword'),
      accountPage(say(request)('chooseNewPassword'), resetConfirmForm(options(request, { values: { token: request.query.token } }))),
    ),
  );
  app.post<{ Body: Form }>('/reset/confirm', { preValidation: formGuards, schema: { body: FORM_BODY } }, async (request, reply) => {
    const form = request.body;
    return handleForm(
      request,
      reply,
      async () => {
        const user = await selfService.resetPassword(ctx, { token: form.token ?? '', password: form.password ?? '' });
        await startBrowserSession(ctx, request, reply, user.id);
        const text = say(request);
        return page(
          request,
          reply,
          text('passwordChangedTitle'),
          notice(text('passwordChangedHeading'), [text('passwordChangedBody')], { href: '/', label: text('goToFrontPage') }),
        );
      },
      (error, status) =>
        page(
          request,
          reply,
          say(request)('chooseNewPassword'),
          accountPage(say(request)('chooseNewPassword'), resetConfirmForm(options(request, { error, values: { token: form.token } }))),
          status,
        ),
    );
  });
}
