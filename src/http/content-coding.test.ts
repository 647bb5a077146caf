import { describe, expect, it } from 'vitest';
import { etagFor, isCompressible, matchesIfNoneMatch, negotiateCoding, varyWithAcceptEncoding } from './content-coding.ts';

describe('content coding', () => {
  it('picks the coding the Accept-Encoding header weighs most, Brotli first on a tie', () => {
    expect(negotiateCoding(undefined)).toBe('identity');
    expect(negotiateCoding('')).toBe('identity');
    expect(negotiateCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateCoding('gzip')).toBe('gzip');
    expect(negotiateCoding('x-gzip')).toBe('gzip');
    expect(negotiateCoding('BR;Q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateCoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateCoding('*')).toBe('br');
    expect(negotiateCoding('*;q=0.2, identity')).toBe('identity');
    expect(negotiateCoding('deflate')).toBe('identity');
    expect(negotiateCoding('br;q=0, gzip;q=0')).toBe('identity');
    // Nothing acceptable, not even identity: a plain body rather than an error.
    expect(negotiateCoding('identity;q=0, *;q=0')).toBe('identity');
    expect(negotiateCoding(['gzip;q=0.5', 'br;q=0.9'])).toBe('br');
    expect(negotiateCoding('gzip;q=nonsense')).toBe('gzip');
  });

  it('compresses text, JSON, XML feeds and SVG, not images or event streams', () => {
    for (const type of ['text/html; charset=utf-8', 'application/json', 'application/atom+xml', 'image/svg+xml', 'text/javascript']) {
      expect(isCompressible(type), type).toBe(true);
    }
    for (const type of ['text/event-stream; charset=utf-8', 'image/jpeg', 'image/webp', 'application/octet-stream', undefined]) {
      expect(isCompressible(type), String(type)).toBe(false);
    }
  });

  it('marks each coding in the ETag and compares If-None-Match weakly, lists and * included', () => {
    expect(etagFor('W/"abc"', 'br')).toBe('W/"abc-br"');
    expect(etagFor('W/"abc"', 'identity')).toBe('W/"abc"');
    expect(matchesIfNoneMatch('W/"abc-br"', 'W/"abc-br"')).toBe(true);
    expect(matchesIfNoneMatch('"abc-br"', 'W/"abc-br"')).toBe(true);
    expect(matchesIfNoneMatch('W/"x", W/"abc-gzip"', 'W/"abc-gzip"')).toBe(true);
    expect(matchesIfNoneMatch('*', 'W/"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', 'W/"abc-br"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, 'W/"abc"')).toBe(false);
  });

  it('adds Accept-Encoding to Vary once', () => {
    expect(varyWithAcceptEncoding(undefined)).toBe('Accept-Encoding');
    expect(varyWithAcceptEncoding('Cookie')).toBe('Cookie, Accept-Encoding');
    expect(varyWithAcceptEncoding('accept-encoding')).toBe('accept-encoding');
  });
});
