// The demo's "someone else's blog": its setting (GAZETTE_DEMO_BLOG_PORT), the page it serves (the
// snippet, under the strict host CSP docs/EMBED.md documents), and the demo site's origins
// following the port the blog actually got.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { hostPagePolicy, startHostBlog } from '../src/demo/host-blog.ts';
import { DEMO_BLOG_SITE, demoBlogOrigins } from '../src/demo/load.ts';
import { findSite, registerSite } from '../src/domain/sites/sites.ts';
import { buildTestApp } from './helpers/app.ts';
import { testEngines } from './helpers/engines.ts';

describe('GAZETTE_DEMO_BLOG_PORT', () => {
  it('defaults to the port after PORT, takes a port, and off turns the blog off', () => {
    expect(loadConfig({}).demoBlogPort).toBe(3001);
    expect(loadConfig({ PORT: '4000' }).demoBlogPort).toBe(4001);
    expect(loadConfig({ GAZETTE_DEMO_BLOG_PORT: '5005' }).demoBlogPort).toBe(5005);
    expect(loadConfig({ GAZETTE_DEMO_BLOG_PORT: 'off' }).demoBlogPort).toBeNull();
    expect(() => loadConfig({ GAZETTE_DEMO_BLOG_PORT: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ GAZETTE_DEMO_BLOG_PORT: '70000' })).toThrow(/GAZETTE_DEMO_BLOG_PORT/);
  });
});

describe.each(testEngines())('the demo blog (%s)', (engine) => {
  it('serves the snippet under the documented strict policy, and the demo site follows its port', async () => {
    const t = await buildTestApp(engine);
    try {
      await registerSite(t.ctx, { name: DEMO_BLOG_SITE, origins: demoBlogOrigins(3001) });
      const blog = await startHostBlog({ ctx: t.ctx, port: 0, host: '127.0.0.1', gazetteUrl: 'http://127.0.0.1:4999/' });
      try {
        const port = Number(new URL(blog.url).port);
        const response = await fetch(`http://127.0.0.1:${port}/`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-security-policy')).toBe(hostPagePolicy('http://127.0.0.1:4999'));
        expect(hostPagePolicy('http://127.0.0.1:4999')).toBe(
          "default-src 'self'; script-src 'self' http://127.0.0.1:4999; frame-src http://127.0.0.1:4999",
        );
        const html = await response.text();
        expect(html).toContain('<script async src="http://127.0.0.1:4999/embed.js" data-site="demo-blog" data-page-id="seed-article"');
        expect(html).not.toMatch(/<style|style="|<script>/);
        expect((await fetch(`http://127.0.0.1:${port}/blog.css`)).headers.get('content-type')).toContain('text/css');
        expect((await findSite(t.ctx, DEMO_BLOG_SITE))!.origins).toEqual(demoBlogOrigins(port));
      } finally {
        await blog.close();
      }
    } finally {
      await t.close();
    }
  });
});
