// Response compression: which coding a request accepts, how hard to compress, and the ETag and
// Vary that go with a compressed body. Used by the page cache (bodies compressed once, when
// stored), the assets (once per process) and the plugin that compresses everything else.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Coding = 'br' | 'gzip';
/** Compressed copies of one body; a coding is missing when it would not have made the body smaller. */
export type Encoded = Partial<Record<Coding, Buffer>>;

/** Below this a response fits in a packet or two: compressing it saves nothing worth the work. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * How hard to compress, by how often the work is repeated. Measured on the seed article (112 KB
 * of HTML): Brotli 5 takes about as long as gzip 6 (≈ 1 ms) and comes out 10% smaller; Brotli 10
 * takes ≈ 30 ms for another 11%; Brotli 11 ≈ 200 ms for 3% more. So per-request bodies get 5;
 * cached pages, compressed again after every comment empties the cache, get 10 (off the event
 * loop, once per entry); assets, compressed once for the life of the process, get 11.
 */
export const EFFORT = {
  perRequest: { br: 5, gzip: 6 },
  cached: { br: 10, gzip: 9 },
  asset: { br: 11, gzip: 9 },
} as const;
export type Effort = keyof typeof EFFORT;

const brotliCompress = promisify(zlib.brotliCompress);
const gzipCompress = promisify(zlib.gzip);

/** Compresses on libuv's thread pool, so the event loop keeps serving meanwhile. */
export function compress(body: Buffer, coding: Coding, effort: Effort): Promise<Buffer> {
  if (coding === 'gzip') return gzipCompress(body, { level: EFFORT[effort].gzip });
  return brotliCompress(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: EFFORT[effort].br,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/** Both codings of a body, made side by side; nothing for a body too small to be worth it. */
export async function encodeAll(body: Buffer, effort: Effort): Promise<Encoded> {
  if (body.length < COMPRESS_MIN_BYTES) return {};
  const [br, gzip] = await Promise.all([compress(body, 'br', effort), compress(body, 'gzip', effort)]);
  const encoded: Encoded = {};
  if (br.length < body.length) encoded.br = br;
  if (gzip.length < body.length) encoded.gzip = gzip;
  return encoded;
}

// Text compresses; images, fonts and archives are compressed already. Event streams must never be
// held back to be compressed (they are sent hijacked, but the type is excluded here as well).
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:json|javascript|xml|manifest\+json|[\w.+-]*\+(?:json|xml))|image\/svg\+xml)/i;

export const isCompressible = (contentType: unknown): boolean => typeof contentType === 'string' && COMPRESSIBLE.test(contentType);

/** The order we prefer among codings the reader weighs equally. */
const PREFERENCE: readonly (Coding | 'identity')[] = ['br', 'gzip', 'identity'];

/**
 * The coding to send for an Accept-Encoding header, weighing its q-values. No header, or nothing
 * acceptable, means the body as it is ("identity" is acceptable unless refused, and when even it
 * is refused, a plain body still beats an error page).
 */
export function negotiateCoding(header: string | string[] | undefined): Coding | 'identity' {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name || weights.has(name)) continue;
    const q = params.map((param) => /^q\s*=\s*([01](?:\.\d{0,3})?)$/.exec(param)).find(Boolean);
    weights.set(name === 'x-gzip' ? 'gzip' : name, q ? Number(q[1]) : 1);
  }
  const star = weights.get('*');
  // Identity unnamed is acceptable but wanted least: any coding the reader names comes first.
  const weightOf = (coding: Coding | 'identity') => weights.get(coding) ?? (coding === 'identity' ? (star ?? 0.0001) : (star ?? 0));
  let best: Coding | 'identity' = 'identity';
  let bestWeight = 0;
  for (const coding of PREFERENCE) {
    const weight = weightOf(coding);
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/** A weak ETag of its own for each coding: caches must not answer a gzip request with Brotli bytes. */
export function etagFor(identityEtag: string, coding: Coding | 'identity'): string {
  return coding === 'identity' ? identityEtag : `${identityEtag.slice(0, -1)}-${coding}"`;
}

/** If-None-Match (a list, or `*`) against our ETag, compared weakly as RFC 9110 asks for it. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Adds Accept-Encoding to a Vary header that may already name other fields. */
export function varyWithAcceptEncoding(current: unknown): string {
  const fields = String(current ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  if (fields.includes('*') || fields.some((field) => field.toLowerCase() === 'accept-encoding')) return fields.join(', ');
  return [...fields, 'Accept-Encoding'].join(', ');
}
