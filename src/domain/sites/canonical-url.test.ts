// One page, one address: the canonical URL an embedded page's thread is found by.
import { describe, expect, it } from 'vitest';
import { canonicalPageUrl, isTrackingParam } from './canonical-url.ts';
import { isAllowedOrigin, normaliseOrigin } from './origins.ts';
import type { Site } from './types.ts';

describe('canonicalPageUrl', () => {
  it('lower-cases scheme and host, drops the default port, the fragment and a trailing slash', () => {
    expect(canonicalPageUrl('HTTPS://Blog.Example:443/Posts/Hello/#comment-12')).toBe('https://blog.example/Posts/Hello');
    expect(canonicalPageUrl('http://blog.example:80/a//')).toBe('http://blog.example/a');
    expect(canonicalPageUrl('http://blog.example:8080/a')).toBe('http://blog.example:8080/a');
  });

  it('keeps the root path as "/"', () => {
    expect(canonicalPageUrl('https://blog.example')).toBe('https://blog.example/');
    expect(canonicalPageUrl('https://blog.example/?utm_source=x#top')).toBe('https://blog.example/');
  });

  it('drops tracking parameters and sorts the rest by name, keeping the order of repeated values', () => {
    expect(canonicalPageUrl('https://blog.example/p?utm_source=feed&b=2&UTM_Medium=x&a=1&fbclid=z&gclid=y&ref=hn&mc_cid=q')).toBe(
      'https://blog.example/p?a=1&b=2',
    );
    expect(canonicalPageUrl('https://blog.example/p?tag=z&tag=a&id=7')).toBe('https://blog.example/p?id=7&tag=z&tag=a');
    expect(canonicalPageUrl('https://blog.example/p?')).toBe('https://blog.example/p');
  });

  it('gives the same address for the same page reached in different ways', () => {
    const forms = [
      'https://blog.example/post?id=3&lang=en',
      'https://BLOG.example/post/?lang=en&id=3&utm_campaign=spring',
      'https://blog.example:443/post?lang=en&id=3#c1',
    ];
    expect(new Set(forms.map(canonicalPageUrl)).size).toBe(1);
  });

  it('refuses what is not an absolute http(s) URL, naming the url field', () => {
    for (const bad of ['/relative/path', 'javascript:alert(1)', 'ftp://blog.example/x', 'https://user:pw@blog.example/', 'not a url']) {
      expect(() => canonicalPageUrl(bad), bad).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'url' }));
    }
  });

  it('knows the tracking parameters', () => {
    expect(['utm_source', 'utm_anything', 'fbclid', 'gclid', 'msclkid', 'mc_eid'].every(isTrackingParam)).toBe(true);
    expect(['id', 'page', 'q', 'lang'].some(isTrackingParam)).toBe(false);
  });
});

describe('origins', () => {
  it('normalises an origin and refuses paths, other schemes and user names', () => {
    expect(normaliseOrigin(' HTTPS://Blog.Example:443/ ', 'o')).toBe('https://blog.example');
    expect(normaliseOrigin('http://localhost:8080', 'o')).toBe('http://localhost:8080');
    for (const bad of [
      'https://blog.example/path',
      'https://blog.example?q=1',
      'ftp://blog.example',
      'https://me@blog.example',
      'blog.example',
      '',
    ]) {
      expect(() => normaliseOrigin(bad, 'origins[0]'), bad).toThrowError(expect.objectContaining({ field: 'origins[0]' }));
    }
  });

  it('allows only the registered origins, never a missing or opaque one', () => {
    const site = { origins: ['https://blog.example', 'http://localhost:8080'] } as Site;
    expect(isAllowedOrigin(site, 'https://blog.example')).toBe(true);
    expect(isAllowedOrigin(site, 'HTTPS://BLOG.EXAMPLE')).toBe(true);
    expect(isAllowedOrigin(site, 'http://localhost:8080')).toBe(true);
    expect(isAllowedOrigin(site, 'http://blog.example')).toBe(false);
    expect(isAllowedOrigin(site, 'https://blog.example.evil.example')).toBe(false);
    expect(isAllowedOrigin(site, 'http://localhost:8081')).toBe(false);
    expect(isAllowedOrigin(site, 'null')).toBe(false);
    expect(isAllowedOrigin(site, null)).toBe(false);
  });
});
