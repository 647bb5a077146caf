import { describe, expect, it } from 'vitest';
import { isSafeUrl, neutraliseUrls, safeUrl } from './safe-url.ts';
import { renderBody } from './markdown.ts';
import { renderComment } from './comment-markdown.ts';

const HOSTILE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\u0000javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\u200Bscript:alert(1)',
  'javascript&colon;alert(1)',
  'javascript&#58;alert(1)',
  'javascript&#x3a;alert(1)',
  'java%09script:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/png;base64,iVBORw0KGgo=',
  'file:///etc/passwd',
  'blob:https://example.com/x',
  '//evil.example/x.png',
  '/\\evil.example/x.png',
  '\\\\evil.example\\x.png',
  'https:evil.example',
  'http:/evil.example',
  'https://',
  'mailto:',
  'media:abc',
  'media:../x',
  'foo:bar',
  '',
];

const SAFE = [
  'https://example.com/a?b=1&c=2#d',
  'http://example.com',
  'mailto:someone@example.com',
  '/media/abc/w640.jpg',
  'pictures/a.jpg',
  './a.jpg',
  '../a.jpg',
  '?page=2',
  '#comments',
  'a:b/../c'.replace('a:b', 'a/b'),
];

describe('isSafeUrl', () => {
  it.each(HOSTILE)('refuses %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
    expect(isSafeUrl(url, { kind: 'image' })).toBe(false);
    expect(safeUrl(url)).toBe('');
  });

  it.each(SAFE)('allows %j as a link', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it('allows media:ID only where the renderer resolves it', () => {
    expect(isSafeUrl('media:abc_1-2', { media: true })).toBe(true);
    expect(isSafeUrl('media:abc/../x', { media: true })).toBe(false);
  });

  it('never lets an image be mailto: or a bare fragment', () => {
    expect(isSafeUrl('mailto:a@example.com', { kind: 'image' })).toBe(false);
    expect(isSafeUrl('#top', { kind: 'image' })).toBe(false);
    expect(isSafeUrl('https://example.com/a.png', { kind: 'image' })).toBe(true);
  });

  it('without relative URLs allows only absolute http(s) and mailto (reader comments)', () => {
    expect(isSafeUrl('/settings', { relative: false })).toBe(false);
    expect(isSafeUrl('#x', { relative: false })).toBe(false);
    expect(isSafeUrl('https://example.com', { relative: false })).toBe(true);
  });
});

describe('neutraliseUrls', () => {
  it('empties every URL attribute that fails the check, entity-encoded or not', () => {
    const stored =
      '<a class="gallery-link" href="javascript:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>' +
      '<img src="data:image/svg+xml,x" srcset="/a.jpg 1w, javascript:alert(1) 2w"><a href="https://example.com/?a=1&amp;b=2">ok</a>';
    const out = neutraliseUrls(stored);
    expect(out).not.toMatch(/javascript|data:/i);
    expect(out).toContain('<a class="gallery-link" href="">x</a>');
    expect(out).toContain('href="https://example.com/?a=1&amp;b=2"');
  });
});

const lookup = () => undefined;
const urlsIn = (markup: string) => [...markup.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('every Markdown renderer uses the check', () => {
  const sources = HOSTILE.filter((url) => url !== '' && !/\s/.test(url) && !url.startsWith('media:'));

  it.each(sources)('article Markdown drops and reports %j in links, images and galleries', (url) => {
    const body = `[link](${url})\n\n![image](${url})\n\n<${url}>\n\n:::gallery\n![slide](${url})\n:::\n`;
    const rendered = renderBody(body, lookup);
    expect(urlsIn(rendered.html).filter((found) => !isSafeUrl(found))).toEqual([]);
    expect(rendered.html).not.toMatch(/(href|src)="[^"]*(script|data|file|blob):/i);
    // markdown-it reports the URL as it understood it (entities decoded, NUL replaced).
    expect(rendered.unsafeUrls.length).toBeGreaterThan(0);
  });

  it.each(['javascript:alert%281%29', 'JAVASCRIPT:alert`1`', 'data:text/html;base64,PHNjcmlwdD4=', '//evil.example/x.jpg'])(
    'a gallery slide pointing at %j has no link and is reported as written',
    (url) => {
      const rendered = renderBody(`:::gallery\n![slide](${url})\n:::`, lookup);
      expect(rendered.html).not.toContain('gallery-link');
      expect(rendered.html).not.toContain(url);
      expect(rendered.unsafeUrls).toEqual([url]);
    },
  );

  it('keeps safe links and galleries linked', () => {
    const rendered = renderBody('[a](https://example.com)\n\n:::gallery\n![s](https://example.com/big.jpg)\n:::', lookup);
    expect(rendered.unsafeUrls).toEqual([]);
    expect(rendered.html).toContain('<a href="https://example.com">a</a>');
    expect(rendered.html).toContain('class="gallery-link" href="https://example.com/big.jpg"');
  });

  it('leaves prose that linkify would misread alone, without refusing the body', () => {
    const rendered = renderBody('Old archive at ftp://files.example.com and //evil.example', lookup);
    expect(rendered.unsafeUrls).toEqual([]);
    expect(rendered.html).not.toContain('href');
  });

  it.each(sources)('comment Markdown never links %j', (url) => {
    const { html } = renderComment(`[link](${url}) <${url}>`);
    expect(urlsIn(html).filter((found) => !isSafeUrl(found, { relative: false }))).toEqual([]);
    expect(html).not.toMatch(/href="[^"]*(script|data|file|blob):/i);
  });
});
