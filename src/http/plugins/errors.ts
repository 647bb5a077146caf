// One error handler for the whole app: stable codes to statuses, the field at fault named,
// and no internals in a 5xx. Pages get an HTML error page; the API gets JSON.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../../errors.ts';
import { renderErrorPage } from '../web/pages/error.ts';
import { lostRaceForUniqueValue } from '../../domain/lost-race.ts';
import { securityHeadersOf } from './security-headers.ts';

interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> };
}

interface AjvIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fromValidation(error: FastifyError): AppError {
  const issue = error.validation?.[0] as AjvIssue | undefined;
  const context = error.validationContext ?? 'body';
  if (!issue) return new AppError('VALIDATION_FAILED', error.message);
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (issue.params.missingProperty ?? issue.params.additionalProperty) as string | undefined;
  const field = [context, path, extra].filter(Boolean).join('.');
  const reason =
    issue.params.additionalProperty !== undefined
      ? 'is not a known field'
      : issue.params.missingProperty !== undefined
        ? 'is required'
        : (issue.message ?? 'is invalid');
  return new AppError('VALIDATION_FAILED', `${field} ${reason}`, field);
}

/** "1 MiB", "512 KiB", "300 bytes": a body limit as people read it. */
function sizeName(bytes: number): string {
  if (bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const RACE_LOST = 'this was changed by another request at the same moment; nothing was saved: try again';

/** `bodyLimit`: the route's limit on a JSON or form body, named in the 413 when it is passed. */
export function toAppError(error: FastifyError | AppError | Error, context: { bodyLimit?: number } = {}): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return fromValidation(fastifyError);
  switch (fastifyError.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'the upload is larger than this site accepts', 'file');
    // A JSON or form body over the limit: nothing was uploaded, so the body is what is named.
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        `the request body is larger than ${context.bodyLimit ? `the ${sizeName(context.bodyLimit)} limit` : 'this site accepts'}`,
        'body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'this content type is not accepted here');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION_FAILED', 'the request body is not valid JSON', 'body');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('VALIDATION_FAILED', 'expected a multipart/form-data upload', 'file');
    // Uploads take one file and a few fields (app.ts): more is a malformed request, not a large one.
    case 'FST_FILES_LIMIT':
      return new AppError('VALIDATION_FAILED', 'send one file per request', 'file');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('VALIDATION_FAILED', 'the upload has more form fields than this request takes', 'body');
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    // A framework or plugin refusal: the first code with its status, which is the generic one (they come first in the list).
    const code = (Object.entries(ERROR_CODES).find(([, known]) => known.status === status)?.[0] ?? 'VALIDATION_FAILED') as ErrorCode;
    return new AppError(code, fastifyError.message);
  }
  // Two requests took the same unique value at once, in a write whose domain code does not
  // answer that race itself: the loser changed nothing and can simply send it again.
  if (lostRaceForUniqueValue(error)) return new AppError('CONFLICT', RACE_LOST);
  return new AppError('INTERNAL', 'something went wrong on our side; it has been logged');
}

/** Machine endpoints answer errors in JSON as the API does (query strings ignored). */
const MACHINE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/') || MACHINE_PATHS.has(request.url.split('?', 1)[0]!);

/** Renders an error inside the site's page (masthead, search, footer); may fail when the site cannot be read. */
export type SiteErrorPage = (request: FastifyRequest, error: AppError) => Promise<string>;

async function send(request: FastifyRequest, reply: FastifyReply, error: AppError, sitePage?: SiteErrorPage) {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  if (wantsJson(request)) {
    const body: ErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        ...(error.details ? { details: error.details } : {}),
      },
    };
    return reply.status(error.status).type('application/json').send(body);
  }
  let page: string;
  try {
    // Only a page-sized failure gets the site around it: a 5xx may be the database itself.
    page = sitePage && error.status < 500 ? await sitePage(request, error) : renderErrorPage(error);
  } catch (caught) {
    request.log.error({ err: caught }, 'the error page could not be rendered inside the site; sent the standalone one');
    page = renderErrorPage(error);
  }
  return reply.status(error.status).header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(page);
}

export function registerErrorHandling(app: FastifyInstance, options: { sitePage?: SiteErrorPage } = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, { bodyLimit: request.routeOptions.bodyLimit });
    // An overload refusal is counted in /metrics, not logged: one line per refused request would flood the log just then.
    if (appError.status >= 500 && appError.code !== 'OVERLOADED') request.log.error({ err: error }, 'request failed');
    // Logged so the write that raced can be found and given an answer of its own (naming its field).
    else if (appError.message === RACE_LOST) request.log.warn({ err: error }, 'a unique value was taken by a concurrent request');
    return send(request, reply, appError, options.sitePage);
  });
  app.setNotFoundHandler((request, reply) =>
    send(request, reply, new AppError('NOT_FOUND', 'nothing lives at this address'), options.sitePage),
  );
}

/**
 * The router refuses a few addresses before any route or hook runs: a broken %-escape, a path
 * parameter over MAX_PARAM_LENGTH. They are answered as every other refusal is, with the request
 * id and the security headers that the hooks (which never ran) would have set.
 */
export function answerRouterRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id).headers(securityHeadersOf('default'));
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('NOT_FOUND', 'nothing lives at this address')
      : new AppError('VALIDATION_FAILED', 'the address is not valid: it has a broken %-escape', 'url');
  return send(request, reply, refusal);
}

/**
 * Longer than any parameter a route takes (a slug is at most 120 characters): each route's schema
 * refuses its own parameter past its own limit, naming it. The router's default (100) made an
 * article whose slug had 101 to 120 characters unreachable.
 */
export const MAX_PARAM_LENGTH = 1000;
