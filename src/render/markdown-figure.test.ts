import { describe, expect, it } from 'vitest';
import { renderBody } from './markdown.ts';
import type { PictureMedia } from './picture.ts';

const media: Record<string, PictureMedia> = {
  one: { id: 'one', width: 1600, height: 900, variantWidths: [320, 640, 960, 1280] },
};
const lookup = (id: string) => media[id];

describe('captioned single images', () => {
  it('renders an image with a title, alone in its paragraph, as a figure with the title as its caption', () => {
    const { html, text } = renderBody('Before.\n\n![A phone on a desk](media:one "The new <model>")\n\nAfter.', lookup);
    expect(html).toMatch(
      /<figure class="body-figure"><picture>.*alt="A phone on a desk".*<\/picture><figcaption>The new &lt;model&gt;<\/figcaption><\/figure>/,
    );
    expect(html).not.toMatch(/<p>\s*<figure/);
    expect(html).toContain('<p>Before.</p>');
    expect(text).toContain('The new <model>');
  });

  it('keeps an image without a title, or one inside a sentence, as it was', () => {
    expect(renderBody('![Alt only](media:one)', lookup).html).toMatch(/^<p><picture>/);
    const inline = renderBody('See ![Alt](media:one "Caption") here.', lookup).html;
    expect(inline).toMatch(/^<p>See <picture>/);
    expect(inline).not.toContain('<figure');
  });

  it('leaves gallery blocks as they were: one caption per slide, which is also its alt text', () => {
    const { html } = renderBody(':::gallery\n![First slide](media:one)\n:::', lookup);
    expect(html).toContain('alt="First slide"');
    expect(html).toContain('<figcaption>First slide</figcaption>');
    expect(html).not.toContain('body-figure');
  });

  it('finds gallery blocks in text whose lines end with CRLF, as browsers send a textarea', () => {
    const { html } = renderBody('Intro.\r\n\r\n:::gallery\r\n![First slide](media:one)\r\n![Second](media:one)\r\n:::\r\n', lookup);
    expect(html.match(/<figcaption>/g)).toHaveLength(2);
    expect(html).not.toContain(':::');
  });
});
