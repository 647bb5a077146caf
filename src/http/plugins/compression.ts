// Compresses the responses nobody could compress ahead of time: JSON from the API, pages rendered
// for one reader, error pages. Cached pages and assets arrive already encoded and pass untouched;
// streams (media files) pass as they are; live event streams are hijacked and never get here.
import type { FastifyInstance } from 'fastify';
import { COMPRESS_MIN_BYTES, compress, etagFor, isCompressible, negotiateCoding, varyWithAcceptEncoding } from '../content-coding.ts';

export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const status = reply.statusCode;
    // A partial body is a range of the identity bytes; a 304 or 204 has no body to compress.
    if (status < 200 || status === 204 || status === 206 || status === 304 || reply.hasHeader('content-range')) return payload;
    if (reply.hasHeader('content-encoding') || !isCompressible(reply.getHeader('content-type'))) return payload;
    if (/\bno-transform\b/i.test(String(reply.getHeader('cache-control') ?? ''))) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < COMPRESS_MIN_BYTES) return payload;
    reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
    const coding = negotiateCoding(request.headers['accept-encoding']);
    if (coding === 'identity') return payload;
    const compressed = await compress(body, coding, 'perRequest');
    if (compressed.length >= body.length) return payload;
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string') reply.header('etag', etagFor(etag.startsWith('W/') ? etag : `W/${etag}`, coding));
    // Fastify counts the bytes it is given; a length set for the uncompressed body would be wrong.
    reply.removeHeader('content-length');
    reply.header('content-encoding', coding);
    return compressed;
  });
}
