// Finding 14 of issue 11: HTML pages sent no Content-Security-Policy, X-Frame-Options or
// Referrer-Policy. @fastify/helmet now sends them on every response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { guestReader, seedComment } from '../helpers/readers.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';

function directives(header: string | string[] | number | undefined): Map<string, string> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe.each(testEngines())('security headers on %s', (engine) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const { user } = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, user, { bodyMarkdown: 'Text.\n\n[a link](https://example.com)' });
    slug = post.slug;
    // A comment by someone without a picture: their initials' colour once came in a style="" attribute.
    await seedComment(t.ctx, { threadId: (await threadForPost(t.ctx.db, t.ctx.clock, post)).id, by: guestReader('Gary Ohanian') });
  });
  afterAll(async () => t?.close());

  it('sends a strict policy, DENY framing, a referrer policy and nosniff on every page', async () => {
    for (const url of ['/', `/articles/${slug}`, '/signin', '/search?q=x', '/no-such-page']) {
      const response = await t.app.inject(url);
      expect(response.headers['content-type'], url).toContain('text/html');
      const csp = directives(response.headers['content-security-policy']);
      expect(csp.get('default-src'), url).toBe("'self'");
      expect(csp.get('script-src'), url).toBe("'self'");
      expect(csp.get('style-src'), url).toBe("'self'");
      expect(csp.get('object-src'), url).toBe("'none'");
      expect(csp.get('base-uri'), url).toBe("'self'");
      expect(csp.get('form-action'), url).toBe("'self'");
      expect(csp.get('frame-ancestors'), url).toBe("'none'");
      expect(csp.get('img-src'), url).toBe("'self' data: https:");
      // A site on plain http (a LAN address) must not have its assets upgraded to https.
      expect(csp.has('upgrade-insecure-requests'), url).toBe(false);
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('renders pages the policy can live with: no inline script, no style attribute', async () => {
    for (const url of ['/', `/articles/${slug}`, '/signin', '/signup']) {
      const body = (await t.app.inject(url)).body;
      const inlineScripts = [...body.matchAll(/<script\b([^>]*)>/g)]
        .map((m) => m[1]!)
        .filter((attrs) => !/\bsrc=/.test(attrs) && !/type="application\/ld\+json"/.test(attrs));
      expect(inlineScripts, url).toEqual([]);
      expect(body, url).not.toMatch(/\sstyle="/);
      if (url.startsWith('/articles/')) expect(body).toMatch(/class="avatar avatar-small avatar-hue-\d+"/);
      expect(body, url).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('leaves JSON, feeds and assets working, and lets other sites show our images', async () => {
    const api = await t.app.inject(`/api/v1/posts/${slug}`);
    expect(api.statusCode).toBe(200);
    expect(api.json().slug).toBe(slug);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    const feed = await t.app.inject('/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const health = await t.app.inject('/healthz');
    expect(health.statusCode).toBe(200);
  });
});
