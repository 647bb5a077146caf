import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderSlide, slideSvg, type SlideSpec } from './slides.ts';

const spec: SlideSpec = {
  name: 'test-slide',
  title: 'Premium segment: few competitors above $250',
  subtitle: 'Sony Mobile IR Day 2016_1',
  hue: 210,
};

describe('renderSlide', () => {
  it('draws a 1600×900 PNG', async () => {
    const meta = await sharp(await renderSlide(spec)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(1600);
    expect(meta.height).toBe(900);
  });

  it('gives the same bytes for the same spec and different bytes for another', async () => {
    const [first, again, other] = await Promise.all([
      renderSlide(spec),
      renderSlide({ ...spec }),
      renderSlide({ name: 'other-slide', title: 'Xperia X Performance review' }),
    ]);
    expect(first.equals(again)).toBe(true);
    expect(first.equals(other)).toBe(false);
  });

  it('varies the drawing with the name alone', () => {
    expect(slideSvg(spec)).not.toBe(slideSvg({ ...spec, name: 'another-name' }));
  });

  it('escapes markup characters in the text', async () => {
    const tricky: SlideSpec = { name: 'tricky', title: 'Q2 <results> & "guidance"', subtitle: `Sony's <b>` };
    const svg = slideSvg(tricky);
    expect(svg).toContain('Q2 &lt;results&gt; &amp; &quot;guidance&quot;');
    expect(svg).toContain('Sony&#39;s &lt;b&gt;');
    expect(svg).not.toContain('<results>');
    const meta = await sharp(await renderSlide(tricky)).metadata();
    expect(meta.width).toBe(1600);
  });

  it('cuts a title too long for three lines with an ellipsis', () => {
    const svg = slideSvg({ name: 'long', title: 'word '.repeat(60) });
    expect(svg.match(/font-weight="bold"/g)).toHaveLength(3);
    expect(svg).toContain('…');
  });
});
