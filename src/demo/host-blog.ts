// The demo's "someone else's blog": a static page on its own port that embeds the seed thread
// with the one-line snippet, so a newcomer sees the embed working next to Gazette itself. It
// sends the strict Content-Security-Policy docs/EMBED.md tells host pages to use, which shows
// that those lines are enough. Plain node:http: the point is that the host is not Gazette.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DomainContext } from '../domain/context.ts';
import { findSite, updateSite } from '../domain/sites/sites.ts';
import { DEMO_BLOG_SITE, demoBlogOrigins } from './load.ts';

const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host-blog.html');

const BLOG_CSS = `body { margin: 0 auto; max-width: 44rem; padding: 1rem; font: 1.05rem/1.6 Georgia, serif; color: #222; background: #fdfcf8; }
.blog-name { font: bold 1.4rem system-ui, sans-serif; margin: 0; }
.blog-note { color: #555; font-size: 0.9rem; }
h1 { line-height: 1.2; }
`;

export interface HostBlog {
  url: string;
  close(): Promise<void>;
}

/** The Content-Security-Policy a host page needs for the embed: Gazette's script and frame, nothing inline. */
export function hostPagePolicy(gazetteOrigin: string): string {
  return `default-src 'self'; script-src 'self' ${gazetteOrigin}; frame-src ${gazetteOrigin}`;
}

/** `ctx`: the demo site's origins follow the port the blog got (a database loaded with another port, or port 0). */
export async function startHostBlog(options: { ctx: DomainContext; port: number; host: string; gazetteUrl: string }): Promise<HostBlog> {
  const gazette = new URL(options.gazetteUrl).origin;
  const html = fs.readFileSync(PAGE, 'utf8').replaceAll('{{GAZETTE}}', gazette);
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://blog').pathname;
    if (pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': hostPagePolicy(gazette) }).end(html);
    } else if (pathname === '/blog.css') {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(BLOG_CSS);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const site = await findSite(options.ctx, DEMO_BLOG_SITE);
  const origins = demoBlogOrigins(port);
  if (site && origins.some((origin) => !site.origins.includes(origin))) await updateSite(options.ctx, DEMO_BLOG_SITE, { origins });
  return { url: `http://localhost:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
