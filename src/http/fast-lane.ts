// Cached public answers given straight from node:http, before Fastify routes the request and
// runs its hooks. A blog's list pages ask the counts endpoint the same question on every view;
// once that answer is in memory, routing, validation and a dozen hooks cost several times what
// writing it does (bench/counts.ts measures it against a bare server). The lane only ever
// answers a GET whose exact bytes are already made, with the same headers the full path sends
// (security headers, CORS, caching, ETag, the request id) and counted in the same metrics;
// anything else — a miss, a coding not made yet, a HEAD — goes through Fastify as usual.
// What it skips: the access log line and the overload check (a hit is the cheapest answer there is).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CountsCache } from './api/counts-cache.ts';
import { COMPRESS_MIN_BYTES, etagFor, matchesIfNoneMatch, negotiateCoding } from './content-coding.ts';
import { requestIdFor } from './request-id.ts';
import type { FinishedRequest } from '../metrics/app-metrics.ts';

export interface FastLane {
  /** Answers the request and returns true, or returns false and leaves it untouched. */
  answer(request: IncomingMessage, response: ServerResponse): boolean;
  /** Requests answered here so far (tests tell the lane from the full path by it). */
  readonly answered: number;
}

const COUNTS_PATH = /^\/api\/v1\/sites\/[^/?]+\/counts(?:\?|$)/;
const COUNTS_ROUTE = '/api/v1/sites/:site/counts';

export function countsFastLane(options: {
  cache: CountsCache;
  /** The headers every answer carries (security-headers.ts). */
  securityHeaders: Record<string, string>;
  maxAgeSeconds: number;
  finished: (request: FinishedRequest) => void;
}): FastLane {
  let answered = 0;
  return {
    answer(request, response) {
      const url = request.url ?? '';
      if (request.method !== 'GET' || !COUNTS_PATH.test(url)) return false;
      const answer = options.cache.ready(url);
      if (!answer) return false;
      const started = performance.now();
      const compressible = answer.body.length >= COMPRESS_MIN_BYTES;
      const coding = compressible ? negotiateCoding(request.headers['accept-encoding']) : 'identity';
      const body = coding === 'identity' ? answer.body : answer.encodedReady?.[coding];
      // Not made in this coding yet: the full path makes it (once) and answers.
      if (!body) return false;
      const etag = etagFor(answer.etag, coding);
      const headers: Record<string, string | number> = {
        ...options.securityHeaders,
        'x-request-id': requestIdFor(request),
        'access-control-allow-origin': '*',
        'cache-control': `public, max-age=${options.maxAgeSeconds}`,
        etag,
        ...(compressible ? { vary: 'Accept-Encoding' } : {}),
      };
      let status = 200;
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        status = 304;
        response.writeHead(status, headers).end();
      } else {
        headers['content-type'] = 'application/json; charset=utf-8';
        headers['content-length'] = body.length;
        if (coding !== 'identity') headers['content-encoding'] = coding;
        response.writeHead(status, headers).end(body);
      }
      answered++;
      options.finished({ method: 'GET', route: COUNTS_ROUTE, status, seconds: (performance.now() - started) / 1000, stream: false });
      return true;
    },
    get answered() {
      return answered;
    },
  };
}
