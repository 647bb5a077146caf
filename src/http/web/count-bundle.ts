// /count.js: the script list pages include to show comment counts (src/widget/count-loader.ts),
// bundled by esbuild in memory like the comments client (widget-bundle.ts). Its URL
// is fixed (host pages cannot follow a content hash), so it is cached for an hour and revalidated
// with its ETag rather than kept for a year like /assets.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bundleForBrowsers, prepared, ROOT, type WidgetBuild } from './widget-bundle.ts';
import { encodeAll, etagFor, matchesIfNoneMatch, negotiateCoding, varyWithAcceptEncoding, type Encoded } from '../content-coding.ts';

export const COUNT_LOADER_ENTRY = path.join(ROOT, 'src/widget/count-loader.ts');

/** What a list page downloads, gzipped; test/count-size.test.ts holds the script to it. */
export const COUNT_LOADER_BUDGET_GZIP_BYTES = 1024;

/** A classic script (an IIFE): host pages include it with <script async>, and document.currentScript needs one. */
export const buildCountLoader = (): Promise<WidgetBuild> => bundleForBrowsers(COUNT_LOADER_ENTRY, 'iife');

interface CountScript {
  body: Buffer;
  etag: string;
  encoded: Promise<Encoded>;
}

let bundle: Buffer | null = null;
let built: CountScript | null = null;

export async function prepareCountScript(): Promise<void> {
  bundle ??= (await buildCountLoader()).code;
}

/** The script and its encodings, worked out on first use. */
function countScript(): CountScript {
  if (!built) {
    const body = prepared(bundle, 'count.js');
    built = { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, encoded: encodeAll(body, 'asset') };
  }
  return built;
}

export function registerCountScript(app: FastifyInstance): void {
  app.get('/count.js', async (request, reply) => {
    const script = countScript();
    const encoded = await script.encoded;
    if (Object.keys(encoded).length > 0) reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
    let coding = negotiateCoding(request.headers['accept-encoding']);
    if (coding !== 'identity' && !encoded[coding]) coding = 'identity';
    const etag = etagFor(script.etag, coding);
    reply.header('cache-control', 'public, max-age=3600').header('etag', etag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    reply.type('text/javascript; charset=utf-8');
    if (coding === 'identity') return reply.send(script.body);
    return reply.header('content-encoding', coding).send(encoded[coding]);
  });
}
