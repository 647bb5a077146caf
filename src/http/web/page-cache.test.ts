import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { createInProcessBus } from '../../events/bus.ts';
import { createPageCache, scopeOfThread, type PageCacheOptions } from './page-cache.ts';

function setup(nextScheduledAt: string | null = null, more: Partial<PageCacheOptions> = {}) {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const events = createInProcessBus();
  const cache = createPageCache({ clock, events, ttlSeconds: 60, nextScheduledAt: async () => nextScheduledAt, ...more });
  let renders = 0;
  const render = async () => `page ${++renders}`;
  return { clock, events, cache, render, renders: () => renders };
}

describe('page cache', () => {
  it('renders once and serves the stored page until the TTL passes', async () => {
    const s = setup();
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 1');
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 1');
    s.clock.advance(60_000);
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 2');
  });

  it('forgets everything when content changes', async () => {
    const s = setup();
    await s.cache.get('/a', s.render);
    s.events.publish({ type: 'content.changed' });
    expect(s.cache.size).toBe(0);
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 2');
  });

  it('does not serve pages past the next scheduled publication', async () => {
    const s = setup('2026-01-01T00:00:30Z');
    await s.cache.get('/a', s.render);
    s.clock.advance(29_000);
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 1');
    s.clock.advance(1_000);
    expect((await s.cache.get('/a', s.render)).body.toString()).toBe('page 2');
  });

  it('does not keep a page rendered while a change arrived', async () => {
    const s = setup();
    const page = await s.cache.get('/a', async () => {
      s.events.publish({ type: 'content.changed' });
      return 'stale';
    });
    expect(page.body.toString()).toBe('stale');
    expect(s.cache.size).toBe(0);
  });

  it('gives equal pages equal ETags and different pages different ones', async () => {
    const s = setup();
    const a = await s.cache.get('/a', async () => 'same');
    const b = await s.cache.get('/b', async () => 'same');
    const c = await s.cache.get('/c', async () => 'other');
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
  });

  it('compresses a page once, when it stores it, and not on later hits', async () => {
    const s = setup();
    const text = `<p>${'A paragraph worth compressing. '.repeat(100)}</p>`;
    const page = await s.cache.get('/a', async () => text);
    expect(zlib.brotliDecompressSync(page.encoded!.br!).toString()).toBe(text);
    expect(zlib.gunzipSync(page.encoded!.gzip!).toString()).toBe(text);
    for (let i = 0; i < 5; i++) expect(await s.cache.get('/a', s.render)).toBe(page);
    expect(s.cache.compressions).toBe(2);
  });

  it('makes no copies of a page too small to gain, or one it does not keep', async () => {
    const s = setup();
    expect((await s.cache.get('/small', s.render)).encoded).toEqual({});
    const off = createPageCache({ clock: s.clock, events: s.events, ttlSeconds: 0, nextScheduledAt: async () => null });
    expect((await off.get('/a', async () => 'x'.repeat(5000))).encoded).toBeUndefined();
    expect(off.compressions).toBe(0);
  });

  const comment = (postId: string, threadId: string) => ({ type: 'comment.created', postId, threadId, commentId: 'c1' }) as const;

  it("drops only the commented article's pages and thread JSON; lists follow within the lag", async () => {
    const s = setup(null, { listLagMs: 10_000 });
    const articleA = await s.cache.get('/a', s.render, { scope: scopeOfThread('TA') });
    const threadA = await s.cache.get('api:thread:TA', s.render, { scope: scopeOfThread('TA') });
    const articleB = await s.cache.get('/b', s.render, { scope: scopeOfThread('TB') });
    const home = await s.cache.get('/', s.render);
    s.events.publish(comment('A', 'TA'));
    expect((await s.cache.get('/a', s.render, { scope: scopeOfThread('TA') })).body).not.toEqual(articleA.body);
    expect((await s.cache.get('api:thread:TA', s.render, { scope: scopeOfThread('TA') })).body).not.toEqual(threadA.body);
    expect(await s.cache.get('/b', s.render, { scope: scopeOfThread('TB') })).toBe(articleB);
    // The home page's counts may lag: still the stored copy until the lag has passed.
    s.clock.advance(9_999);
    expect(await s.cache.get('/', s.render)).toBe(home);
    s.clock.advance(1);
    expect(await s.cache.get('/', s.render)).not.toBe(home);
    expect(await s.cache.get('/b', s.render, { scope: scopeOfThread('TB') })).toBe(articleB);
  });

  it('serves a hot article a moment stale and renders it again at most once per interval', async () => {
    const s = setup(null, { staleMs: 1_000 });
    const scope = { scope: scopeOfThread('TA') };
    const first = await s.cache.get('/a', s.render, scope);
    s.events.publish(comment('A', 'TA'));
    s.clock.advance(500);
    expect(await s.cache.get('/a', s.render, scope)).toBe(first);
    s.clock.advance(500);
    // Older than the interval: one request renders, the others meanwhile get the stale copy.
    const rendering = s.cache.get('/a', s.render, scope);
    expect(await s.cache.get('/a', s.render, scope)).toBe(first);
    const second = await rendering;
    expect(second.body.toString()).toBe('page 2');
    expect(await s.cache.get('/a', s.render, scope)).toBe(second);
    expect(s.renders()).toBe(2);
  });

  it('shares one render between requests that miss together', async () => {
    const s = setup();
    const pages = await Promise.all([1, 2, 3].map(() => s.cache.get('/a', s.render)));
    expect(new Set(pages).size).toBe(1);
    expect(s.renders()).toBe(1);
  });

  it('keeps a render a comment overtook only as stale, and only when stale pages may be served', async () => {
    for (const staleMs of [0, 1_000]) {
      const s = setup(null, { staleMs });
      await s.cache.get(
        '/a',
        async () => {
          s.events.publish(comment('A', 'TA'));
          return 'overtaken';
        },
        { scope: scopeOfThread('TA') },
      );
      expect([staleMs, s.cache.size]).toEqual([staleMs, staleMs ? 1 : 0]);
      if (staleMs) {
        s.clock.advance(staleMs);
        expect((await s.cache.get('/a', s.render, { scope: scopeOfThread('TA') })).body.toString()).toBe('page 1');
      }
    }
  });

  it('takes the scope a render reports when the key alone cannot tell it', async () => {
    const s = setup();
    const replies = await s.cache.get('api:replies:R1', async () => ({ text: 'replies', scope: scopeOfThread('TA') }));
    expect(await s.cache.get('api:replies:R1', s.render)).toBe(replies);
    s.events.publish(comment('B', 'TB'));
    expect(await s.cache.get('api:replies:R1', s.render)).toBe(replies);
    s.events.publish(comment('A', 'TA'));
    expect((await s.cache.get('api:replies:R1', s.render)).body.toString()).toBe('page 1');
  });
});
