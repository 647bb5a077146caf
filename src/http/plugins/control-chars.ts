// One guard at the edge for control characters (see domain/control-chars.ts for why): every
// parsed body (JSON or form), query string and route parameter, the one header we store (the
// user agent), and the fields and file names of multipart uploads are checked before any
// schema or handler sees them. A hit is a 400 naming the field, on both engines alike.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { invalid } from '../../errors.ts';
import { controlCharMessage, findControlChar, findControlCharIn, type ControlCharHit } from '../../domain/control-chars.ts';

function refuse(hit: ControlCharHit): never {
  throw invalid(hit.path, controlCharMessage(hit));
}

function checkPart(part: Multipart): void {
  if (part.type === 'file') {
    const char = findControlChar(part.filename ?? '');
    if (char) refuse({ path: `${part.fieldname}.filename`, char });
  } else {
    const hit = findControlCharIn(part.value, `body.${part.fieldname}`);
    if (hit) refuse(hit);
  }
  const nameChar = findControlChar(part.fieldname);
  if (nameChar) refuse({ path: `body.${JSON.stringify(part.fieldname).slice(1, -1)}`, char: nameChar });
}

/**
 * Multipart parts are read by the handler as it streams them, after every hook has run, so
 * the iterator itself is wrapped: each part is checked as it arrives, before the handler uses it.
 */
function guardParts(request: FastifyRequest): void {
  const parts = request.parts.bind(request);
  request.parts = (options) => {
    const inner = parts(options);
    const checked = {
      async next() {
        const step = await inner.next();
        if (!step.done) checkPart(step.value);
        return step;
      },
      return: inner.return?.bind(inner),
      throw: inner.throw?.bind(inner),
      [Symbol.asyncIterator]() {
        return checked;
      },
    };
    return checked as ReturnType<typeof parts>;
  };
}

export function registerControlCharGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const hit =
      findControlCharIn(request.params, 'params') ??
      findControlCharIn(request.query, 'query') ??
      findControlCharIn(request.body, 'body') ??
      findControlCharIn(request.headers['user-agent'], 'headers.user-agent');
    if (hit) refuse(hit);
    if (request.isMultipart?.()) guardParts(request);
  });
}
