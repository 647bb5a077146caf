// What the embed costs a host page for the seed thread, against the article page's own thread:
// bytes over the wire (Brotli, as a browser asks) and requests. The embed is the loader, the
// frame document and everything the frame links (stylesheets, scripts); the article's thread is
// its <section id="comments"> (compressed as the page cache compresses it) plus the comments
// client. The stylesheet the article page needs anyway (site.css) is not charged to its thread,
// while the frame must load its own copy: that difference is the embed's honest overhead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ARTICLE_PATH } from './article-page.ts';
import { startGazette } from './lib/gazette.ts';

const ACCEPT = { 'accept-encoding': 'br, gzip' };

interface Weight {
  requests: number;
  bytes: number;
  /** Each request: what it was, and its bytes on the wire. */
  parts: [string, number][];
}

async function fetched(url: string, headers: Record<string, string> = {}): Promise<{ text: string; wire: number }> {
  const response = await fetch(url, { headers: { ...ACCEPT, ...headers } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  // fetch decodes the body; the wire size is the encoded length Gazette sent.
  const length = Number(response.headers.get('content-length'));
  const coding = response.headers.get('content-encoding');
  const wire = Number.isFinite(length) && length > 0 ? length : coding === 'br' ? brotli(text) : Buffer.byteLength(text);
  return { text, wire };
}

const brotli = (text: string) =>
  zlib.brotliCompressSync(Buffer.from(text), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10 } }).length;

/** The stylesheets and scripts a document links, as absolute URLs. */
function linkedAssets(html: string, base: string): string[] {
  const found = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"|<script[^>]* src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  return found.map((href) => new URL(href.replaceAll('&amp;', '&'), base).href);
}

async function embedWeight(gazette: string, blogOrigin: string): Promise<Weight> {
  const parts: [string, number][] = [];
  parts.push(['/embed.js', (await fetched(`${gazette}/embed.js`)).wire]);
  const query = new URLSearchParams({ site: 'demo-blog', page: 'seed-article', url: `${blogOrigin}/`, origin: blogOrigin, theme: 'light' });
  const frame = await fetched(`${gazette}/embed/thread?${query}`, { referer: `${blogOrigin}/` });
  parts.push(['/embed/thread (frame document)', frame.wire]);
  for (const asset of linkedAssets(frame.text, gazette)) parts.push([new URL(asset).pathname, (await fetched(asset)).wire]);
  return { requests: parts.length, bytes: parts.reduce((sum, [, bytes]) => sum + bytes, 0), parts };
}

async function articleThreadWeight(gazette: string): Promise<Weight> {
  const page = await fetched(`${gazette}${ARTICLE_PATH}`);
  const thread = /<section id="comments"[\s\S]*?<\/section>\s*(?=<\/article>)/.exec(page.text)?.[0];
  if (!thread) throw new Error('the article page has no thread section');
  const parts: [string, number][] = [['thread section of the article page (Brotli 10)', brotli(thread)]];
  const client = linkedAssets(page.text, gazette).find((url) => new URL(url).pathname === '/assets/comments.js');
  if (!client) throw new Error('the article page does not load the comments client');
  parts.push(['/assets/comments.js', (await fetched(client)).wire]);
  // The thread itself costs the article page one request: the comments client.
  return { requests: 1, bytes: parts.reduce((sum, [, bytes]) => sum + bytes, 0), parts };
}

export interface EmbedWeightResult {
  embed: Weight;
  article: Weight;
}

export async function benchEmbedWeight(): Promise<EmbedWeightResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const gazette = await startGazette({ dataDir, demo: true, readyPath: ARTICLE_PATH });
    try {
      // The demo registers its blog at PORT+1 (GAZETTE_DEMO_BLOG_PORT's default).
      const blogOrigin = `http://localhost:${Number(new URL(gazette.url).port) + 1}`;
      return { embed: await embedWeight(gazette.url, blogOrigin), article: await articleThreadWeight(gazette.url) };
    } finally {
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function reportEmbedWeight(result: EmbedWeightResult): string[] {
  const { embed, article } = result;
  return [
    'embed weight, seed thread (bytes on the wire with Brotli; requests)',
    `  ${'embed (loader + frame + its assets)'.padEnd(48)} ${kb(embed.bytes).padStart(10)} ${String(embed.requests).padStart(4)} requests`,
    ...embed.parts.map(([name, bytes]) => `    ${name.padEnd(46)} ${kb(bytes).padStart(10)}`),
    `  ${'article page thread (section + comments.js)'.padEnd(48)} ${kb(article.bytes).padStart(10)} ${String(article.requests).padStart(4)} requests`,
    ...article.parts.map(([name, bytes]) => `    ${name.padEnd(46)} ${kb(bytes).padStart(10)}`),
    `  ratio embed/article: ${(embed.bytes / article.bytes).toFixed(2)} in bytes, +${embed.requests - article.requests} requests`,
  ];
}
