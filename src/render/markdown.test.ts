import { describe, expect, it } from 'vitest';
import { mediaIdsIn, renderBody } from './markdown.ts';
import type { PictureMedia } from './picture.ts';

const media: Record<string, PictureMedia> = {
  one: { id: 'one', width: 1600, height: 900, variantWidths: [320, 640, 960, 1280] },
  two: { id: 'two', width: 800, height: 600, variantWidths: [320, 640] },
};
const lookup = (id: string) => media[id];

describe('renderBody', () => {
  it('renders Markdown and refuses raw HTML', () => {
    const { html, text } = renderBody('Hello *world*\n\n<script>alert(1)</script>', lookup);
    expect(html).toContain('<em>world</em>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(text).toContain('Hello world');
  });

  it('turns a gallery block into figures with captions and links to the large image', () => {
    const source = 'Intro.\n\n:::gallery\n![First <slide>](media:one)\n![Second](media:two)\n:::\n\nOutro.';
    const { html } = renderBody(source, lookup);
    expect(html).toContain('<div class="gallery" data-gallery>');
    expect(html.match(/<figure class="gallery-item">/g)).toHaveLength(2);
    expect(html).toContain('<figcaption>First &lt;slide&gt;</figcaption>');
    expect(html).toContain('href="/media/one/w1280.jpg"');
    expect(html).toContain('srcset="/media/one/w320.webp 320w');
    expect(html).toContain('width="1600" height="900"');
    expect(html).toContain('<p>Outro.</p>');
  });

  it('marks a missing media reference instead of emitting a broken image', () => {
    expect(renderBody('![gone](media:nope)', lookup).html).toContain('missing image: gone');
  });

  it('drops javascript: image sources', () => {
    // markdown-it refuses the link, so the source stays as plain text and no element carries it.
    expect(renderBody('![x](javascript:alert(1))', lookup).html).not.toMatch(/(src|href)="javascript:/);
  });

  it('lists the media a body refers to', () => {
    expect(mediaIdsIn('![a](media:one) and ![b](media:two) and ![c](media:one)')).toEqual(['one', 'two']);
  });
});
