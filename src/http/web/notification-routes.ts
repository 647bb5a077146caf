// Pages for notifications: the inbox (GET /inbox, POST /inbox/read), the email preferences form
// (GET/POST /settings/notifications) and one-click unsubscribe (GET shows a confirmation,
// POST — from that page or straight from a mail client, RFC 8058 — turns the kind off).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import * as inbox from '../../domain/notifications/inbox.ts';
import { unsubscribe, verifyUnsubscribe, type UnsubscribeKind, type UnsubscribeRequest } from '../../domain/notifications/unsubscribe.ts';
import type { SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, sameOriginForm, signedInPage } from '../plugins/form-guard.ts';
import { requireSignedIn } from '../plugins/session.ts';
import { notice } from './forms.ts';
import { PublicId } from '../schemas.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import { renderInbox, renderPreferencesForm, renderUnsubscribeConfirm } from './pages/inbox.ts';
import { readerLocale } from '../plugins/reader-locale.ts';
import { siteText } from './site-text.ts';

export interface NotificationRouteDeps extends SiteDeps {
  ctx: DomainContext;
}

type Form = Record<string, string | undefined>;
const KIND_KEYS: Record<UnsubscribeKind, string> = {
  reply: 'unsubKindReply',
  mention: 'unsubKindMention',
  moderation: 'unsubKindModeration',
  all: 'unsubKindAll',
};
const FORM_BODY = { type: 'object', additionalProperties: { type: 'string', maxLength: 2000 } } as const;
const INBOX_QUERY = { type: 'object', properties: { cursor: { type: 'string', maxLength: 200 } }, additionalProperties: false } as const;
const LINK_QUERY = {
  type: 'object',
  properties: { u: { type: 'string', maxLength: 100 }, k: { type: 'string', maxLength: 20 }, sig: { type: 'string', maxLength: 100 } },
} as const;

export function registerNotificationRoutes(app: FastifyInstance, deps: NotificationRouteDeps): void {
  const { ctx } = deps;
  const sameOrigin = sameOriginForm(deps.publicUrl);
  // The signed-out come back to the page they were on (the inbox after marking it read).
  const inboxReader = signedInPage(ctx, '/inbox');
  const preferencesReader = signedInPage(ctx, '/settings/notifications');

  async function page(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status = 200) {
    return sendPersonalPage(deps, request, reply, { title, main, status });
  }

  app.get<{ Querystring: { cursor?: string } }>(
    '/inbox',
    { preValidation: [inboxReader], schema: { querystring: INBOX_QUERY } },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      const cursor = request.query.cursor;
      const items = await inbox.inbox(ctx, user.id, { cursor });
      return page(
        request,
        reply,
        siteText(readerLocale(request))('inbox'),
        renderInbox(items, { csrfToken: csrfTokenOf(request), olderThanFirstPage: cursor !== undefined, locale: readerLocale(request) }),
      );
    },
  );

  app.post<{ Body: Form }>(
    '/inbox/read',
    { preValidation: [sameOrigin, formToken(), inboxReader], schema: { body: FORM_BODY } },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      await inbox.markRead(ctx, user.id);
      return reply.redirect('/inbox', 303);
    },
  );

  // The inbox's links pass here so that opening a notification marks it read (a GET: it is a
  // link, and reading is harmless to repeat); then on to the comment, or the inbox if it is gone.
  app.get<{ Params: { id: string } }>(
    '/inbox/open/:id',
    { preValidation: [signedInPage(ctx)], schema: { params: { type: 'object', properties: { id: PublicId } } } },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      const { commentId } = await inbox.openNotification(ctx, user.id, request.params.id);
      return reply.redirect(commentId ? `/comments/${encodeURIComponent(commentId)}` : '/inbox', 303);
    },
  );

  app.get<{ Querystring: { saved?: string } }>(
    '/settings/notifications',
    { preValidation: [preferencesReader] },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      return page(
        request,
        reply,
        siteText(readerLocale(request))('prefsTitle'),
        renderPreferencesForm({
          preferences: inbox.emailPreferences(user),
          moderator: user.role === 'moderator' || user.role === 'admin',
          verified: user.email_verified_at !== null,
          csrfToken: csrfTokenOf(request),
          saved: request.query.saved === '1',
          locale: readerLocale(request),
        }),
      );
    },
  );

  app.post<{ Body: Form }>(
    '/settings/notifications',
    { preValidation: [sameOrigin, formToken(), preferencesReader], schema: { body: FORM_BODY } },
    async (request, reply) => {
      const user = await requireSignedIn(ctx, request);
      const form = request.body;
      // An unticked checkbox sends nothing, so every box shown on the form is read as on or off.
      const moderator = user.role === 'moderator' || user.role === 'admin';
      await inbox.setEmailPreferences(ctx, user, {
        replies: form.replies === '1',
        mentions: form.mentions === '1',
        ...(moderator ? { moderation: form.moderation === '1' } : {}),
      });
      return reply.redirect('/settings/notifications?saved=1', 303);
    },
  );

  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    const problem = toAppError(error as Error);
    if (problem.status >= 500) throw error;
    const text = siteText(readerLocale(request));
    const why = problem.code === 'UNSUBSCRIBE_LINK_INVALID' ? text('unsubLinkInvalid') : problem.message;
    return page(
      request,
      reply,
      text('unsubInvalidTitle'),
      notice(text('unsubInvalidHeading'), [why], { href: '/settings/notifications', label: text('unsubEmailSettings') }),
      problem.status,
    );
  };

  /** What the link stops, in the reader's words (the domain's describeKind words the emails). */
  const kindText = (request: FastifyRequest, kind: UnsubscribeKind) => siteText(readerLocale(request))(KIND_KEYS[kind]);

  // The GET never changes anything: mail scanners and link previews follow links.
  app.get<{ Querystring: UnsubscribeRequest }>('/unsubscribe', { schema: { querystring: LINK_QUERY } }, async (request, reply) => {
    try {
      const { user, kind } = await verifyUnsubscribe(ctx, request.query);
      const action = `/unsubscribe?${new URLSearchParams(request.query as Record<string, string>).toString()}`;
      const locale = readerLocale(request);
      const confirm = renderUnsubscribeConfirm({ what: kindText(request, kind), email: user.email, action, locale });
      return await page(request, reply, siteText(locale)('unsubTitle'), confirm);
    } catch (error) {
      return refused(request, reply, error);
    }
  });

  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the header's URL, without
  // cookies or a CSRF token; the signature in the URL is the authority.
  app.post<{ Querystring: UnsubscribeRequest }>('/unsubscribe', { schema: { querystring: LINK_QUERY } }, async (request, reply) => {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Form;
    const link: UnsubscribeRequest = { u: request.query.u ?? body.u, k: request.query.k ?? body.k, sig: request.query.sig ?? body.sig };
    try {
      const { kind } = await unsubscribe(ctx, link);
      const text = siteText(readerLocale(request));
      return await page(
        request,
        reply,
        text('unsubDoneTitle'),
        notice(text('unsubDoneHeading'), [text('unsubDone', { what: kindText(request, kind) })], {
          href: '/settings/notifications',
          label: text('unsubEmailSettings'),
        }),
      );
    } catch (error) {
      return refused(request, reply, error);
    }
  });
}
