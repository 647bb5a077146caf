// Cached public answers given straight from node:http, before Fastify routes the request and
// runs its hooks. A blog's list pages ask the counts endpoint the same question on every view;
// once that answer is in memory, routing, validation and a dozen hooks cost several times what
// writing it does (bench/counts.ts measures it against a bare server). The lane only ever
// answers a GET whose exact bytes are already made, with the same headers the full path sends
// (security headers, CORS, caching, ETag, the request id) and counted in the same metrics;
// anything else — a miss, a coding not made yet, a HEAD — goes through Fastify as usual.
// What it skips: the access log line and the overload check (a hit is the cheapest answer there is).
// The headers of each answer (per coding) are made once, as the flat [name, value, …] list
// writeHead takes: a fresh object per answer cost as much again as the rest of the lane (Node
// walks an object's keys with for…in; bench/counts.ts measured it), and all but the request id
// are the same every time.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CountsAnswer, CountsCache } from './api/counts-cache.ts';
import { COMPRESS_MIN_BYTES, etagFor, matchesIfNoneMatch, negotiateCoding, type Coding } from './content-coding.ts';
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
  /** Per answer and coding: the 200's and the 304's headers, without the request id. */
  const prepared = new WeakMap<CountsAnswer, Map<string, { etag: string; ok: (string | number)[]; notModified: (string | number)[] }>>();
  const headersOf = (answer: CountsAnswer, coding: Coding | 'identity', body: Buffer, compressible: boolean) => {
    let byCoding = prepared.get(answer);
    if (!byCoding) prepared.set(answer, (byCoding = new Map()));
    let headers = byCoding.get(coding);
    if (!headers) {
      const etag = etagFor(answer.etag, coding);
      const common = [
        ...Object.entries(options.securityHeaders).flat(),
        'access-control-allow-origin',
        '*',
        'cache-control',
        `public, max-age=${options.maxAgeSeconds}`,
        'etag',
        etag,
        ...(compressible ? ['vary', 'Accept-Encoding'] : []),
      ];
      const ok = [...common, 'content-type', 'application/json; charset=utf-8', 'content-length', body.length];
      if (coding !== 'identity') ok.push('content-encoding', coding);
      headers = { etag, ok, notModified: common };
      byCoding.set(coding, headers);
    }
    return headers;
  };
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
      const headers = headersOf(answer, coding, body, compressible);
      const requestId = requestIdFor(request);
      let status = 200;
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && matchesIfNoneMatch(ifNoneMatch, headers.etag)) {
        status = 304;
        response.writeHead(status, [...headers.notModified, 'x-request-id', requestId]).end();
      } else {
        response.writeHead(status, [...headers.ok, 'x-request-id', requestId]).end(body);
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
