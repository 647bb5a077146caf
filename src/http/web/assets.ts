// Stylesheets and scripts, read once at start and served with a content hash in the URL so
// browsers may keep them for a year. The comments client (comments.js) is not a file: it is
// bundled from src/widget/ in memory on first use (widget-bundle.ts) and served the same way.
// Each is compressed once, at its hardest setting, the first time a browser asks for it.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { widgetBundle } from './widget-bundle.ts';
import { embedFrameBundle } from './embed-bundle.ts';
import { encodeAll, isCompressible, negotiateCoding, varyWithAcceptEncoding, type Encoded } from '../content-coding.ts';

const ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
  /** Made on first request and kept: a promise, so requests arriving together share one compression. */
  encoded?: Promise<Encoded>;
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, hash: createHash('sha1').update(body).digest('hex').slice(0, 10) };
}

const assets = new Map<string, Asset>();
for (const name of fs.readdirSync(ASSET_DIR)) {
  const type = TYPES[path.extname(name)];
  if (!type) continue;
  assets.set(name, asset(fs.readFileSync(path.join(ASSET_DIR, name)), type));
}

/** Assets made on first use rather than read from disk. */
const GENERATED: Record<string, () => Asset> = {
  'comments.js': () => asset(widgetBundle(), TYPES['.js']!),
  'embed-frame.js': () => asset(embedFrameBundle(), TYPES['.js']!),
};

function find(name: string): Asset | undefined {
  let found = assets.get(name);
  if (!found && Object.hasOwn(GENERATED, name)) {
    found = GENERATED[name]!();
    assets.set(name, found);
  }
  return found;
}

/** The URL of an asset, versioned by its content. */
export function assetUrl(name: string): string {
  const found = find(name);
  if (!found) throw new Error(`unknown asset ${name}`);
  return `/assets/${name}?v=${found.hash}`;
}

export function registerAssets(app: FastifyInstance): void {
  // Browsers ask for /favicon.ico on their own (feed readers and bookmarks too): send them to the
  // versioned icon the pages link to, instead of a 404 on every first visit.
  app.get('/favicon.ico', (_request, reply) => reply.redirect(assetUrl('favicon.svg'), 301));
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const found = find(request.params.name);
    if (!found) return reply.callNotFound();
    reply.header('cache-control', 'public, max-age=31536000, immutable').type(found.type);
    if (!isCompressible(found.type)) return reply.send(found.body);
    found.encoded ??= encodeAll(found.body, 'asset');
    const encoded = await found.encoded;
    if (Object.keys(encoded).length > 0) reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
    const coding = negotiateCoding(request.headers['accept-encoding']);
    const body = coding === 'identity' ? undefined : encoded[coding];
    if (!body) return reply.send(found.body);
    return reply.header('content-encoding', coding).send(body);
  });
}
