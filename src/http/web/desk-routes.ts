// The writers' desk as pages: /desk, the posts list and the editor, all plain forms that work
// without JavaScript. Authors, editors and admins only; the signed-out are sent to sign in
// first, readers and moderators get the ROLE_NOT_ALLOWED page. Saves go through the same domain
// calls as the admin API (createPost/updatePost), so the rules and messages are the same; a
// refused save shows the form again, values kept, the message at the field, nothing saved.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.ts';
import type { Actor } from '../../domain/policy.ts';
import { can } from '../../domain/policy.ts';
import { deskPosts, editorChoices, postForDesk, type DeskList, type DeskListFilters, type DeskPost } from '../../domain/posts/desk.ts';
import { changeDeskSettings, loadDeskSettings } from '../../domain/posts/desk-settings.ts';
import { DEFAULT_PERIOD, parsePeriod, type Period } from '../../domain/newsroom/period.ts';
import { newsroomStats } from '../../domain/newsroom/stats.ts';
import { createPost, updatePost } from '../../domain/posts/write.ts';
import { altTextWarning } from '../../domain/posts/alt-text.ts';
import { leadImagePreview } from '../../domain/posts/lead-image.ts';
import { effectiveStatus } from '../../domain/posts/visibility.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { csrfTokenOf } from '../plugins/csrf.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { signedInUser } from '../plugins/session.ts';
import { assetUrl } from './assets.ts';
import {
  actionOf,
  formFieldOf,
  patchOf,
  SAVED_MESSAGES,
  updateOf,
  valuesOf,
  valuesOfPost,
  type EditorAction,
  type Form,
} from './desk-form.ts';
import { renderDeskEditor, type EditorPage } from './pages/desk-editor.ts';
import { deskNav, deskSectionOf, renderDeskHome } from './pages/desk-home.ts';
import { renderDeskPosts } from './pages/desk-posts.ts';
import { registerDeskFrontPageRoutes } from './desk-front-page-routes.ts';
import { registerDeskUsersRoutes } from './desk-users-routes.ts';
import { registerDeskSitesRoutes } from './desk-sites-routes.ts';
import { registerDeskEditorRoutes } from './desk-editor-routes.ts';
import {
  conflictPage,
  editorNotice,
  EDITOR_NOTICE_QUERY,
  registerDeskRevisionRoutes,
  type EditorNoticeQuery,
} from './desk-revision-routes.ts';
import { registerDeskReportRoutes } from './desk-report-routes.ts';
import { loadEditorAside } from './desk-aside-data.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';

export interface DeskRouteDeps extends SiteDeps {
  ctx: DomainContext;
}

const FORM_BODY = { type: 'object', additionalProperties: { type: 'string', maxLength: 210_000 } } as const;
const LIST_QUERY = {
  type: 'object',
  properties: Object.fromEntries(['status', 'author', 'category', 'type', 'q', 'page'].map((k) => [k, { type: 'string', maxLength: 200 }])),
  additionalProperties: false,
} as const;
const SAVED_QUERY = {
  type: 'object',
  // preview: a preview link just made (preview-routes.ts), or 'revoked'.
  properties: { saved: { type: 'string', maxLength: 20 }, preview: { type: 'string', maxLength: 200 }, ...EDITOR_NOTICE_QUERY },
  additionalProperties: false,
} as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
// period: 7d | 30d | all, checked by parsePeriod so that a wrong one is named on the page itself.
const HOME_QUERY = {
  type: 'object',
  properties: { saved: { type: 'string', maxLength: 20 }, period: { type: 'string', maxLength: 20 } },
  additionalProperties: false,
} as const;

export function registerDeskRoutes(app: FastifyInstance, deps: DeskRouteDeps): void {
  const { ctx } = deps;
  const head = html`<link rel="stylesheet" href="${assetUrl('desk.css')}" />
    <script type="module" src="${assetUrl('desk.js')}"></script>
    <script type="module" src="${assetUrl('desk-media.js')}"></script>
    <script type="module" src="${assetUrl('desk-meta.js')}"></script>
    <script type="module" src="${assetUrl('desk-aside.js')}"></script>
    <script type="module" src="${assetUrl('desk-writing.js')}"></script>
    <script type="module" src="${assetUrl('desk-autosave.js')}"></script>
    <script type="module" src="${assetUrl('desk-tags.js')}"></script>`;
  // Every desk page starts with the desk's navigation, showing the viewer's sections only.
  const send = async (request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml, status = 200) => {
    const viewer = await signedInUser(ctx, request);
    const nav = viewer ? deskNav(deskSectionOf(request.url), viewer) : '';
    return sendPersonalPage(deps, request, reply, { title, main: html`${nav}${main}`, status, head });
  };

  // Every desk route: the signed-out go to sign in and come back; readers and moderators get the
  // ROLE_NOT_ALLOWED page. Form posts are also same-origin and carry the CSRF token.
  const staff = requirePagePermission(ctx, 'desk.use', 'the desk is for authors, editors and administrators');
  const page = { preValidation: [staff] };
  const form = { preValidation: [sameOriginForm(deps.publicUrl), formToken(), staff] };
  /** The guards let only signed-in desk users through, so the user is there (memoised per request). */
  async function deskActor(request: FastifyRequest): Promise<Actor & { name: string }> {
    const user = (await signedInUser(ctx, request))!;
    return { id: user.id, role: user.role, name: user.display_name };
  }

  app.get<{ Querystring: { saved?: string; period?: string } }>(
    '/desk',
    { ...page, schema: { querystring: HOME_QUERY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const settings = can('settings.change', actor) ? await loadDeskSettings(ctx) : null;
      const home = {
        name: actor.name,
        role: actor.role,
        settings,
        csrfToken: csrfTokenOf(request),
        saved: request.query.saved === 'settings',
        mayModerate: can('comment.moderate', actor),
      };
      let period: Period;
      try {
        period = parsePeriod(request.query.period);
      } catch (caught) {
        // An unknown period: the page with the form saying why (400), and no figures.
        const error = toAppError(caught as Error);
        if (error.code !== 'VALIDATION_FAILED') throw caught;
        return send(
          request,
          reply,
          'Desk',
          renderDeskHome({ ...home, period: DEFAULT_PERIOD, dashboard: null, periodError: error }),
          error.status,
        );
      }
      const dashboard = await newsroomStats(ctx, actor, period);
      return send(request, reply, 'Desk', renderDeskHome({ ...home, period, dashboard }));
    },
  );

  registerDeskFrontPageRoutes(app, { ctx, publicUrl: deps.publicUrl, send });
  registerDeskUsersRoutes(app, { ctx, publicUrl: deps.publicUrl, send });
  registerDeskSitesRoutes(app, { ctx, publicUrl: deps.publicUrl, send });
  registerDeskEditorRoutes(app, { ctx, publicUrl: deps.publicUrl });
  registerDeskRevisionRoutes(app, { ctx, publicUrl: deps.publicUrl, send });
  registerDeskReportRoutes(app, { ctx, publicUrl: deps.publicUrl, siteTitle: deps.siteTitle, send });

  app.post<{ Body: Form }>('/desk/settings', { ...form, schema: { body: FORM_BODY } }, async (request, reply) => {
    const actor = await deskActor(request);
    await changeDeskSettings(ctx, actor, { authorsMayPublish: request.body.authorsMayPublish === '1' });
    return reply.redirect('/desk?saved=settings', 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/desk/posts',
    { ...page, schema: { querystring: LIST_QUERY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const { page, ...rest } = request.query;
      const filters: DeskListFilters = { ...rest, page: page === undefined ? undefined : /^\d{1,5}$/.test(page) ? Number(page) : NaN };
      const now = ctx.clock.now().toISOString();
      let list: DeskList | null = null;
      try {
        list = await deskPosts(ctx, actor, filters);
      } catch (caught) {
        const error = toAppError(caught as Error);
        if (error.status >= 500 || error.code === 'ROLE_NOT_ALLOWED') throw caught;
        return send(request, reply, 'Posts', renderDeskPosts({ list, filters, now, error }), error.status);
      }
      return send(request, reply, 'Posts', renderDeskPosts({ list, filters, now }));
    },
  );

  async function editor(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    page: Omit<EditorPage, 'choices' | 'csrfToken'>,
    authorId: string | undefined,
    status = 200,
  ) {
    const choices = await editorChoices(ctx, actor, authorId ? { author_id: authorId } : undefined);
    const values = { ...page.values, author: page.values.author || (choices.writers.find((w) => w.id === actor.id)?.slug ?? '') };
    return send(
      request,
      reply,
      page.post ? 'Edit post' : 'New article',
      renderDeskEditor({
        ...page,
        values,
        choices,
        csrfToken: csrfTokenOf(request),
        lead: values.leadMediaId ? await leadImagePreview(ctx, values.leadMediaId) : null,
        social: values.socialMediaId ? await leadImagePreview(ctx, values.socialMediaId) : null,
        site: { title: deps.siteTitle, publicUrl: deps.publicUrl },
        aside: page.post ? await loadEditorAside(ctx, actor, page.post) : null,
      }),
      status,
    );
  }

  const empty = valuesOf({});
  app.get('/desk/posts/new', page, async (request, reply) => {
    const actor = await deskActor(request);
    return editor(request, reply, actor, { values: empty }, undefined);
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string; preview?: string } & EditorNoticeQuery }>(
    '/desk/posts/:id/edit',
    { ...page, schema: { params: ID_PARAMS, querystring: SAVED_QUERY } },
    async (request, reply) => {
      const actor = await deskActor(request);
      const post = await postForDesk(ctx, actor, request.params.id);
      const saved = (await editorNotice(ctx, actor, post.id, request.query)) ?? SAVED_MESSAGES[request.query.saved as EditorAction] ?? null;
      const previewLink = request.query.preview ?? null;
      return editor(
        request,
        reply,
        actor,
        { post: summaryOf(post, ctx.clock.now()), values: valuesOfPost(post), saved, previewLink },
        post.author_id,
      );
    },
  );

  /** Saves, then back to the editor (303); a refusal of the input shows the form again. */
  async function save(request: FastifyRequest<{ Body: Form }>, reply: FastifyReply, actor: Actor, id: string | null) {
    const current = id ? await postForDesk(ctx, actor, id) : null;
    try {
      const action = actionOf(request.body);
      // Images without alt text: the first press of Publish/Schedule/Submit shows them, nothing saved; "anyway" goes on.
      const lacking = altTextWarning(action, request.body.body ?? '', request.body.altConfirmed === '1');
      if (lacking.length > 0) {
        const values = valuesOf(request.body);
        const post = current ? summaryOf(current, ctx.clock.now()) : undefined;
        return editor(request, reply, actor, { post, values, altWarning: { action, images: lacking } }, current?.author_id);
      }
      const saved = current
        ? await updatePost(ctx, actor, current.id, updateOf(request.body, action))
        : await createPost(ctx, actor, patchOf(request.body, action, true));
      return reply.redirect(`/desk/posts/${saved.id}/edit?saved=${action}`, 303);
    } catch (caught) {
      const error = toAppError(caught as Error);
      // Not allowed to edit this post at all, or gone: the error page. Anything about the input: the form.
      if (error.status >= 500 || error.code === 'ROLE_NOT_ALLOWED' || error.code === 'NOT_FOUND') throw caught;
      // Someone saved since this form was opened: their change shown, "Keep mine" or "Take theirs".
      if (error.code === 'EDIT_CONFLICT' && current)
        return conflictPage({ ctx, publicUrl: deps.publicUrl, send }, request, reply, actor, current.id, error);
      const failure = { message: error.message, field: formFieldOf(error.field) };
      return editor(
        request,
        reply,
        actor,
        { post: current ? summaryOf(current, ctx.clock.now()) : undefined, values: valuesOf(request.body), error: failure },
        current?.author_id,
        error.status,
      );
    }
  }

  app.post<{ Body: Form }>('/desk/posts', { ...form, schema: { body: FORM_BODY } }, async (request, reply) =>
    save(request, reply, await deskActor(request), null),
  );

  app.post<{ Params: { id: string }; Body: Form }>(
    '/desk/posts/:id',
    { ...form, schema: { params: ID_PARAMS, body: FORM_BODY } },
    async (request, reply) => save(request, reply, await deskActor(request), request.params.id),
  );
  // Where a signed-out form post to /desk/posts/:id is sent back to after signing in.
  app.get<{ Params: { id: string } }>('/desk/posts/:id', { ...page, schema: { params: ID_PARAMS } }, async (request, reply) =>
    reply.redirect(`/desk/posts/${encodeURIComponent(request.params.id)}/edit`, 303),
  );
}

/** `status`: what readers see, as in the list and the API (a scheduled article whose time has come is published). */
function summaryOf(post: DeskPost, now: Date) {
  return {
    id: post.id,
    status: effectiveStatus(post, now),
    type: post.type,
    slug: post.slug,
    publishedAt: post.published_at,
    version: post.version,
    updatedAt: post.updated_at,
  };
}
