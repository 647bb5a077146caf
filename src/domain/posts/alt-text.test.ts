import { describe, expect, it } from 'vitest';
import { altTextWarning, imagesLackingAlt } from './alt-text.ts';

describe('imagesLackingAlt', () => {
  it('finds inline and gallery images whose alt text is empty or blank, with their lines', () => {
    const body = [
      'Intro with ![](media:a) inline.',
      '',
      '![A described photo](media:b "Caption")',
      '',
      ':::gallery',
      '![First slide](media:c)',
      '![  ](media:d)',
      ':::',
      '',
      '![](https://example.com/x.jpg "Only a caption is not alt text")',
    ].join('\n');
    expect(imagesLackingAlt(body)).toEqual([
      { src: 'media:a', line: 1 },
      { src: 'media:d', line: 7 },
      { src: 'https://example.com/x.jpg', line: 10 },
    ]);
  });

  it('ignores images written inside code', () => {
    expect(imagesLackingAlt('`![](media:a)`\n\n    ![](media:b)\n\n```\n![](media:c)\n```')).toEqual([]);
  });

  it('finds nothing in a body whose images all have alt text', () => {
    expect(imagesLackingAlt('![A](media:a)\n\n:::gallery\n![B](media:b)\n:::')).toEqual([]);
  });
});

describe('altTextWarning', () => {
  const body = 'Look: ![](media:a)';
  it('warns when the post is about to go out', () => {
    for (const action of ['publish', 'schedule', 'review']) expect(altTextWarning(action, body, false)).toHaveLength(1);
  });
  it('does not warn on drafts and saves, nor once the writer chose to go on anyway', () => {
    expect(altTextWarning('draft', body, false)).toEqual([]);
    expect(altTextWarning('save', body, false)).toEqual([]);
    expect(altTextWarning('publish', body, true)).toEqual([]);
  });
});
