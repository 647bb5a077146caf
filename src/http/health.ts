import type { FastifyInstance } from 'fastify';

/** `pingDatabase` throws when the database is unreachable; the route only turns that into 503. */
export function registerHealth(app: FastifyInstance, pingDatabase: () => Promise<void>): void {
  app.get('/healthz', { schema: { hide: true } } as object, async (request, reply) => {
    try {
      await pingDatabase();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
}
