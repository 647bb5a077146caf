// Stylesheets and scripts, read once at start and served with a content hash in the URL so
// browsers may keep them for a year. The comments client (comments.js) is not a file: it is
// bundled from src/widget/ in memory on first use (widget-bundle.ts) and served the same way.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { widgetBundle } from './widget-bundle.ts';

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
  app.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
    const found = find(request.params.name);
    if (!found) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(found.type).send(found.body);
  });
}
