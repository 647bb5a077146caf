import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { createInProcessBus } from '../../events/bus.ts';
import { createPageCache } from './page-cache.ts';

function setup(nextScheduledAt: string | null = null) {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const events = createInProcessBus();
  const cache = createPageCache({ clock, events, ttlSeconds: 60, nextScheduledAt: async () => nextScheduledAt });
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
});
