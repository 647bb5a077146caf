// Preview links (domain/posts/preview-links.ts). In the desk, "Create preview link" and "Revoke
// links" are plain form posts from the editor of a saved article, for those who may edit it; the
// made link comes back to the editor to be copied. /preview/TOKEN is the article page itself (the
// same renderer) for anyone holding the link: rendered for each request, never through the page
// cache, never indexed. A bad link gets a page saying so, and what to do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../errors.ts';
import { createPreviewLink, openPreviewLink, revokePreviewLinks } from '../../domain/posts/preview-links.ts';
import { html } from '../../render/html.ts';
import { toAppError } from '../plugins/errors.ts';
import { formToken, requirePagePermission, sameOriginForm } from '../plugins/form-guard.ts';
import { signedInUser } from '../plugins/session.ts';
import { notice } from './forms.ts';
import { layout } from './layout.ts';
import { renderArticle } from './pages/article.ts';
import { personalSite, type SiteDeps } from './personal-site.ts';

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const TOKEN_PARAMS = { type: 'object', properties: { token: { type: 'string', maxLength: 200 } }, required: ['token'] } as const;
const CREATE_FORM = {
  type: 'object',
  properties: { duration: { type: 'string', maxLength: 10 }, csrf: { type: 'string', maxLength: 200 } },
  additionalProperties: false,
} as const;
const REVOKE_FORM = { type: 'object', properties: { csrf: { type: 'string', maxLength: 200 } }, additionalProperties: false } as const;

/**
 * Nobody's copy of a preview is kept: not the browser's, a proxy's, or a search engine's; and the
 * link, which is the key, is not sent on as a Referer, not even to this site's own logs.
 */
function privatePage(reply: FastifyReply, status: number) {
  return reply
    .code(status)
    .header('cache-control', 'private, no-store')
    .header('x-robots-tag', 'noindex')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8');
}

export function registerPreviewRoutes(app: FastifyInstance, deps: SiteDeps): void {
  const { ctx } = deps;
  const staff = requirePagePermission(ctx, 'desk.use', 'the desk is for authors, editors and administrators');
  const form = { preValidation: [sameOriginForm(deps.publicUrl), formToken(), staff] };
  const actorOf = async (request: FastifyRequest) => {
    // The guards let only signed-in desk users through.
    const user = (await signedInUser(ctx, request))!;
    return { id: user.id, role: user.role };
  };
  const editor = (id: string, preview: string) =>
    `/desk/posts/${encodeURIComponent(id)}/edit?preview=${encodeURIComponent(preview)}#desk-preview-links`;

  app.post<{ Params: { id: string }; Body: { duration?: string } }>(
    '/desk/posts/:id/preview-links',
    { ...form, schema: { params: ID_PARAMS, body: CREATE_FORM } },
    async (request, reply) => {
      const link = await createPreviewLink(ctx, await actorOf(request), request.params.id, request.body.duration ?? '1d');
      return reply.redirect(editor(request.params.id, link.token), 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/desk/posts/:id/preview-links/revoke',
    { ...form, schema: { params: ID_PARAMS, body: REVOKE_FORM } },
    async (request, reply) => {
      await revokePreviewLinks(ctx, await actorOf(request), request.params.id);
      return reply.redirect(editor(request.params.id, 'revoked'), 303);
    },
  );

  app.get<{ Params: { token: string } }>('/preview/:token', { schema: { params: TOKEN_PARAMS } }, async (request, reply) => {
    const site = await personalSite(deps, request);
    try {
      const view = await openPreviewLink(ctx, request.params.token);
      // The discussion opens with publication; until then its place says so (no form to post to).
      const discussion = html`<section class="discussion preview-discussion" id="comments" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments</h2>
        <p>This is a preview: comments open when the article is published.</p>
      </section>`;
      return privatePage(reply, 200).send(renderArticle(site, view, discussion, null, { preview: true }));
    } catch (caught) {
      const error = toAppError(caught as Error);
      if (error.code !== 'PREVIEW_LINK_EXPIRED' && error.code !== 'PREVIEW_LINK_INVALID') throw caught;
      return privatePage(reply, error.status).send(errorPage(site, error, request.url));
    }
  });
}

function errorPage(site: Awaited<ReturnType<typeof personalSite>>, error: AppError, path: string): string {
  const title = error.code === 'PREVIEW_LINK_EXPIRED' ? 'This preview link has expired' : 'This preview link is not valid';
  return layout(site, { title, path, noindex: true }, notice(title, [`${error.message}.`]));
}
