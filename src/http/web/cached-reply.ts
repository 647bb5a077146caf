// How every cached page, feed and shared JSON answer goes out: the copy in the coding the reader
// asked for (compressed when it was cached, not now), with the ETag of that copy, so a
// revalidation is a 304 only for the bytes the reader holds.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  COMPRESS_MIN_BYTES,
  compress,
  etagFor,
  isCompressible,
  matchesIfNoneMatch,
  negotiateCoding,
  varyWithAcceptEncoding,
} from '../content-coding.ts';
import type { CachedPage } from './page-cache.ts';

export async function sendCachedPage(request: Pick<FastifyRequest, 'headers'>, reply: FastifyReply, page: CachedPage, contentType: string) {
  const worthIt = page.body.length >= COMPRESS_MIN_BYTES && isCompressible(contentType);
  let coding = worthIt ? negotiateCoding(request.headers['accept-encoding']) : 'identity';
  // A stored page has every copy worth having; one it lacks would not have been smaller.
  if (coding !== 'identity' && page.encoded && !page.encoded[coding]) coding = 'identity';
  const etag = etagFor(page.etag, coding);
  reply.header('etag', etag).header('cache-control', 'public, no-cache');
  if (worthIt) reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type(contentType);
  if (coding === 'identity') return reply.send(page.body);
  // A page that was not kept (cache off, or changed while rendering) has no copies: this one is made now.
  const body = page.encoded?.[coding] ?? (await compress(page.body, coding, 'perRequest'));
  return reply.header('content-encoding', coding).send(body);
}
