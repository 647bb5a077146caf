// GET /metrics (Prometheus text) and the hook that counts every answered request. Who may read
// it: with GAZETTE_METRICS_TOKEN, whoever sends it as a Bearer token; without one, only a
// client on this machine talking to us directly. A request that came through a proxy (it carries
// X-Forwarded-For or Forwarded) is refused even from loopback: the proxy may be serving the world.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import { EXEMPT_FROM_BACK_PRESSURE } from './back-pressure.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (text: string) => createHash('sha256').update(text).digest();

function authorize(request: FastifyRequest, token: string | null): void {
  if (token !== null) {
    const sent = request.headers.authorization ?? '';
    // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first wrong byte.
    if (!timingSafeEqual(digest(sent), digest(`Bearer ${token}`))) {
      throw new AppError('METRICS_TOKEN_REQUIRED', 'send the metrics token as "Authorization: Bearer TOKEN"', 'authorization');
    }
    return;
  }
  const direct = LOOPBACK.has(request.socket.remoteAddress ?? '') && !request.headers['x-forwarded-for'] && !request.headers.forwarded;
  if (!direct) {
    throw new AppError(
      'METRICS_LOCAL_ONLY',
      'metrics are served only to this machine; set GAZETTE_METRICS_TOKEN to read them from elsewhere',
    );
  }
}

export function registerMetrics(app: FastifyInstance, options: { metrics: AppMetrics; token: string | null }): void {
  const { metrics, token } = options;
  app.addHook('onResponse', (request, reply, done) => {
    metrics.requestFinished({
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      // The stream hub writes its head on the raw response (merged with the x-request-id set there).
      stream: String(reply.raw.getHeader('content-type') ?? '').startsWith('text/event-stream'),
    });
    done();
  });

  app.get('/metrics', { schema: { hide: true }, config: EXEMPT_FROM_BACK_PRESSURE } as object, async (request, reply) => {
    authorize(request, token);
    const text = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}
