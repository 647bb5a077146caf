// Profile pages and /settings, without JavaScript: the public profile (/people/:slug, shared
// through the page cache for readers without a session), and the signed-in person's settings
// forms. Same domain calls as the JSON API; every form post is same-origin with its CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { siteChrome } from '../../domain/posts/read.ts';
import { removeAvatar, setAvatar } from '../../domain/users/avatar.ts';
import { deleteAccount, exportPersonalData } from '../../domain/users/personal-data.ts';
import { profileComments, publicProfile, updateProfile } from '../../domain/users/profile.ts';
import { changePassword } from '../../domain/users/self-service.ts';
import { endAllSessions } from '../../domain/users/sessions.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import type { SafeHtml } from '../../render/html.ts';
import type { User } from '../../domain/records.ts';
import { exportFileName } from '../api/profile.ts';
import { csrfTokenOf, requireCsrfToken } from '../plugins/csrf.ts';
import { formToken, sameOriginForm, signedInPage } from '../plugins/form-guard.ts';
import { toAppError } from '../plugins/errors.ts';
import { limitImageUploads, limitPasswordGuesses } from '../plugins/rate-limit.ts';
import { endBrowserSession, requireSignedIn, signedInUser, startBrowserSession } from '../plugins/session.ts';
import { Slug } from '../schemas.ts';
import { siteUrl } from '../site-url.ts';
import { notice } from './forms.ts';
import type { PageCache } from './page-cache.ts';
import { sendCachedPage } from './cached-reply.ts';
import { renderProfile } from './pages/profile.ts';
import { SETTINGS_DONE, settingsPage, type SettingsForm } from './pages/settings.ts';
import { personalSite, sendPersonalPage, type SiteDeps } from './personal-site.ts';
import { localeKey, readerLocale, varyWithLanguage } from '../plugins/reader-locale.ts';
import { siteText } from './site-text.ts';

export interface ProfileRouteDeps extends SiteDeps {
  ctx: DomainContext;
  pageCache: PageCache;
  limiter: RateLimiter;
}

type Form = Record<string, string | undefined>;
const FORM_BODY = { type: 'object', additionalProperties: { type: 'string', maxLength: 20000 } } as const;
const PROFILE_SCHEMA = {
  params: { type: 'object', properties: { slug: Slug } },
  querystring: { type: 'object', properties: { page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 } } },
} as const;
const SETTINGS_QUERY = { type: 'object', properties: { done: { type: 'string', maxLength: 40 } } } as const;

export function registerProfileRoutes(app: FastifyInstance, deps: ProfileRouteDeps): void {
  const { ctx, pageCache, limiter } = deps;

  async function page(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status = 200, signedOut = false) {
    return sendPersonalPage(deps, request, reply, { title, main, status, signedOut });
  }

  // The profile is public: one cached render for everyone without a session (comment and
  // content events clear it); a signed-in reader gets their own render with their masthead.
  app.get<{ Params: { slug: string }; Querystring: { page: number } }>(
    '/people/:slug',
    { schema: PROFILE_SCHEMA },
    async (request, reply) => {
      const { slug } = request.params;
      const number = request.query.page;
      const render = async (personal: boolean) => {
        const site = personal
          ? await personalSite(deps, request)
          : {
              title: deps.siteTitle,
              baseUrl: siteUrl(deps.publicUrl, request),
              chrome: await siteChrome(ctx),
              locale: readerLocale(request),
            };
        const [profile, list] = await Promise.all([publicProfile(ctx, slug), profileComments(ctx, slug, { page: number })]);
        return renderProfile(site, profile, list);
      };
      // signedInUser answers null without a query when there is no session cookie.
      if ((await signedInUser(ctx, request)) !== null) {
        return reply
          .header('cache-control', 'private, no-store')
          .type('text/html; charset=utf-8')
          .send(await render(true));
      }
      const key = `${siteUrl(deps.publicUrl, request)}/people/${slug}${number > 1 ? `?page=${number}` : ''}`;
      const cached = await pageCache.get(localeKey(key, readerLocale(request)), () => render(false));
      varyWithLanguage(request, reply);
      return sendCachedPage(request, reply, cached, 'text/html; charset=utf-8');
    },
  );

  const settings = (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    extra: { failed?: Parameters<typeof settingsPage>[0]['failed']; done?: string | null } = {},
    status = 200,
  ) => {
    const locale = readerLocale(request);
    return page(
      request,
      reply,
      siteText(locale)('settings'),
      settingsPage({ user, csrfToken: csrfTokenOf(request), locale, ...extra }),
      status,
    );
  };

  // The signed-out go to sign in and come back to /settings (whichever settings form they sent).
  const signedIn = signedInPage(ctx, '/settings');
  /** Every settings form: from this site, signed in, with this browser's token. */
  const formGuards = [sameOriginForm(deps.publicUrl), signedIn, formToken()];

  app.get<{ Querystring: { done?: string } }>(
    '/settings',
    { preValidation: [signedIn], schema: { querystring: SETTINGS_QUERY } },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      return settings(request, reply, user, { done: request.query.done ? (SETTINGS_DONE[request.query.done] ?? null) : null });
    },
  );

  /**
   * Runs one settings form (its route's guards have passed); a 4xx comes back as the settings page
   * with the error at that form's field.
   */
  async function settingsForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: SettingsForm | null,
    body: Form,
    action: (user: User) => Promise<unknown>,
  ) {
    const user = await requireSignedIn(ctx, request);
    try {
      return await action(user);
    } catch (error) {
      const problem = toAppError(error as Error);
      if (!form || problem.status >= 500 || problem.code === 'RATE_LIMITED') throw error;
      const field = problem.field?.replace(/^body\./, '');
      return settings(
        request,
        reply,
        user,
        {
          failed: {
            form,
            error: { message: problem.message, field },
            values: { ...body, password: undefined, currentPassword: undefined, confirm: undefined },
          },
        },
        problem.status,
      );
    }
  }
  const done = (reply: FastifyReply, what: keyof typeof SETTINGS_DONE) => reply.redirect(`/settings?done=${what}`, 303);

  app.post<{ Body: Form }>('/settings/profile', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, 'profile', request.body, async (user) => {
      await updateProfile(ctx, user, { displayName: request.body.displayName ?? '', bio: request.body.bio ?? '' });
      return done(reply, 'profile');
    }),
  );

  // Multipart (the file input): the token travels as a field beside the file, read by the handler
  // from the stream of parts, so this one route checks it in its handler (before any action).
  app.post('/settings/avatar', { preValidation: [sameOriginForm(deps.publicUrl), signedIn] }, async (request, reply) => {
    const fields: Form = {};
    let bytes: Buffer | undefined;
    // A file over the size limit fails the stream; the form (token first) shows it at the field.
    let unreadable: unknown = null;
    try {
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname === 'file') bytes = await part.toBuffer();
            else await part.toBuffer();
          } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      unreadable = error;
    }
    requireCsrfToken(request, fields.csrf);
    return settingsForm(request, reply, 'avatar', fields, async (user) => {
      await limitImageUploads(limiter, 'avatar', request, user.id, reply);
      if (unreadable) throw unreadable;
      if (!bytes || bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'choose an image to upload', 'file');
      await setAvatar(ctx, user, bytes);
      return done(reply, 'avatar');
    });
  });

  app.post<{ Body: Form }>('/settings/avatar/remove', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, 'avatar', request.body, async (user) => {
      await removeAvatar(ctx, user);
      return done(reply, 'avatar-removed');
    }),
  );

  app.post<{ Body: Form }>('/settings/password', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, 'password', request.body, async (user) => {
      await limitPasswordGuesses(limiter, request.ip, user.email);
      await changePassword(ctx, user, { current: request.body.currentPassword ?? '', password: request.body.password ?? '' });
      await startBrowserSession(ctx, request, reply, user.id);
      return done(reply, 'password');
    }),
  );

  app.post<{ Body: Form }>('/settings/signout-everywhere', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, null, request.body, async (user) => {
      await endAllSessions(ctx, user.id);
      await endBrowserSession(ctx, request, reply);
      return reply.redirect('/', 303);
    }),
  );

  app.post<{ Body: Form }>('/settings/export', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, null, request.body, async (user) => {
      const data = await exportPersonalData(ctx, user);
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${exportFileName(user.slug, data.exportedAt)}"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    }),
  );

  app.post<{ Body: Form }>('/settings/delete', { preValidation: formGuards, schema: { body: FORM_BODY } }, (request, reply) =>
    settingsForm(request, reply, 'delete', request.body, async (user) => {
      await limitPasswordGuesses(limiter, request.ip, user.email);
      const result = await deleteAccount(ctx, user, { comments: request.body.comments ?? '', confirm: request.body.confirm ?? '' });
      await endBrowserSession(ctx, request, reply);
      const what =
        result.deletedComments > 0
          ? `${result.deletedComments} comment${result.deletedComments === 1 ? ' was' : 's were'} deleted.`
          : result.anonymisedComments > 0
            ? `${result.anonymisedComments} comment${result.anonymisedComments === 1 ? ' stays' : 's stay'}, shown as by “Deleted user”.`
            : '';
      return page(
        request,
        reply,
        'Account deleted',
        notice(
          'Your account is deleted',
          ['Your personal details are erased and you are signed out everywhere.', ...(what ? [what] : [])],
          { href: '/', label: 'Go to the front page' },
        ),
        200,
        true,
      );
    }),
  );
}
