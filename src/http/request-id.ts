// Every request has an id: the one a proxy in front sent as X-Request-ID when it is short and
// plainly safe, else a new one. It goes back to the client as X-Request-ID on every answer
// (errors, 503s under load and live streams included) and onto every log line of the request,
// so a reader's "it failed" can be matched with the server's side.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Anything else (long, spaces, quotes, newlines) could forge or break a log line: it is replaced. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's genReqId. */
export function requestIdFor(request: IncomingMessage): string {
  const offered = request.headers['x-request-id'];
  return typeof offered === 'string' && SAFE_ID.test(offered) ? offered : randomUUID();
}

/**
 * First onRequest hook of the app, so even a request refused by a later hook carries the id. Set on
 * the raw response: Node merges it into whatever writes the head, a hijacked live stream included.
 */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('x-request-id', request.id);
    done();
  });
}

/** A route parameter with one of these names is a secret link (a preview token): its path is not logged. */
const SECRET_PARAM = /token|secret|key/i;

function loggedPath(request: FastifyRequest): string {
  const params = (request.params ?? {}) as Record<string, unknown>;
  if (request.routeOptions.url && Object.keys(params).some((name) => SECRET_PARAM.test(name))) return request.routeOptions.url;
  // The query string is dropped: reset, sign-in and unsubscribe links carry their tokens there.
  return request.url.split('?', 1)[0]!;
}

/**
 * One JSON access line per request, when it has been answered (instead of Fastify's two lines,
 * "incoming" and "completed"). At info level: GAZETTE_LOG_LEVEL=warn silences it.
 */
export class AccessLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      path: loggedPath(request),
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ip: request.ip,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }
}
