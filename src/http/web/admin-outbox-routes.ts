// GET /admin/outbox (paginated list) and /admin/outbox/:id (one message). Admins only: mail holds
// addresses and sign-in links. Signed-out visitors are sent to sign in first.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { outboxMessage, outboxPage } from '../../mail/outbox.ts';
import type { SafeHtml } from '../../render/html.ts';
import { requirePagePermission } from '../plugins/form-guard.ts';
import { PublicId } from '../schemas.ts';
import { sendPersonalPage, type SiteDeps } from './personal-site.ts';
import { renderOutboxList, renderOutboxMessage } from './pages/outbox.ts';

export interface AdminOutboxDeps extends SiteDeps {
  ctx: DomainContext;
  smtpConfigured: boolean;
}

const PAGE_SIZE = 50;
const PAGE_QUERY = { type: 'object', properties: { page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 } } } as const;

export function registerAdminOutboxRoutes(app: FastifyInstance, deps: AdminOutboxDeps): void {
  const { ctx } = deps;
  const adminOnly = requirePagePermission(ctx, 'outbox.view', 'only administrators can read the outbox');

  async function page(request: FastifyRequest, reply: FastifyReply, title: string, main: SafeHtml) {
    return sendPersonalPage(deps, request, reply, { title, main });
  }

  app.get<{ Querystring: { page: number } }>(
    '/admin/outbox',
    { preValidation: [adminOnly], schema: { querystring: PAGE_QUERY } },
    async (request, reply) => {
      const { messages, ...counts } = await outboxPage(ctx, request.query.page, PAGE_SIZE);
      return page(request, reply, 'Outbox', renderOutboxList(messages, { ...counts, smtpConfigured: deps.smtpConfigured }));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/admin/outbox/:id',
    {
      preValidation: [adminOnly],
      schema: { params: { type: 'object', properties: { id: PublicId } } },
      config: { securityHeaders: 'mail-preview' },
    },
    async (request, reply) => {
      const message = await outboxMessage(ctx, request.params.id);
      if (!message) throw new AppError('NOT_FOUND', `no message has the id "${request.params.id}"`);
      return page(request, reply, message.subject, renderOutboxMessage(message));
    },
  );
}
