// /healthz: is this process alive and able to reach its database (a load balancer's liveness
// check; its answer is a published contract). /readyz: can it serve everything right now,
// database AND Redis when REDIS_URL is set; a 503 names what failed, never how (no error text).
// Both answer under any load (back-pressure exempts them) and are never cached.
import type { FastifyInstance } from 'fastify';
import { EXEMPT_FROM_BACK_PRESSURE } from './back-pressure.ts';

export interface HealthChecks {
  /** Throws when the database is unreachable. */
  pingDatabase: () => Promise<void>;
  /** Throws when Redis is unreachable; null when there is no REDIS_URL. */
  pingRedis: (() => Promise<void>) | null;
}

type CheckResult = 'ok' | 'unreachable' | 'not configured';

const routeOptions = { schema: { hide: true }, config: EXEMPT_FROM_BACK_PRESSURE } as object;

export function registerHealth(app: FastifyInstance, checks: HealthChecks): void {
  app.get('/healthz', routeOptions, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await checks.pingDatabase();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.get('/readyz', routeOptions, async (request, reply) => {
    const check = async (name: string, ping: (() => Promise<void>) | null): Promise<CheckResult> => {
      if (!ping) return 'not configured';
      try {
        await ping();
        return 'ok';
      } catch (error) {
        request.log.warn({ err: error }, `readiness check: ${name} unreachable`);
        return 'unreachable';
      }
    };
    const [database, redis] = await Promise.all([check('database', checks.pingDatabase), check('redis', checks.pingRedis)]);
    const failed = Object.entries({ database, redis })
      .filter(([, result]) => result === 'unreachable')
      .map(([name]) => name);
    reply.header('cache-control', 'no-store');
    if (failed.length > 0) reply.code(503);
    return { status: failed.length > 0 ? 'unavailable' : 'ok', failed, checks: { database, redis } };
  });
}
