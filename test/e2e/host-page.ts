// "Someone else's site" for the embed suites: a static page on its own port, served as
// http://localhost:PORT while Gazette listens on 127.0.0.1. The two differ in host name, so the
// browser treats them as different sites (not just different origins) and third-party cookie
// rules apply to Gazette's frame exactly as they would on a real blog.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  /** The page's origin, e.g. http://localhost:41234 — register this on the Gazette site. */
  origin: string;
  /** Changes what `path` answers with (HTML body and extra headers, e.g. a strict CSP). */
  serve(path: string, html: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startHostPage(): Promise<HostPage> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    serve: (path, html, headers = {}) => void pages.set(path, { html, headers }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
