// The pipeline's content steps on their own: plain functions of the text and the settings.
import { describe, expect, it } from 'vitest';
import { checkEmpty } from '../../src/domain/moderation/steps/empty.ts';
import { checkBlockedDomains, checkLinkCount } from '../../src/domain/moderation/steps/links.ts';
import { applyWordList, maskWord } from '../../src/domain/moderation/steps/words.ts';
import { comparable, hostOf, linksIn } from '../../src/domain/moderation/steps/text.ts';
import { decide, strongest } from '../../src/domain/moderation/pipeline.ts';
import { DEFAULT_MODERATION } from '../../src/domain/moderation/settings.ts';
import { renderComment } from '../../src/render/comment-markdown.ts';

describe('empty step', () => {
  it('marks an empty body as spam and one without words as held', () => {
    expect(checkEmpty('')).toMatchObject({ step: 'empty', verdict: 'spam', reason: 'the comment is empty' });
    expect(checkEmpty('  \n ')).toMatchObject({ verdict: 'spam' });
    expect(checkEmpty('...')).toMatchObject({ verdict: 'hold', reason: expect.stringContaining('no words') });
    expect(checkEmpty('!!! ??')).toMatchObject({ verdict: 'hold' });
  });
  it('lets short real comments through, emoji included', () => {
    for (const body of ['It hurts', 'ok', '+1', '😂', 'DIE !!!!!!', '¿Qué?']) expect(checkEmpty(body)).toBeNull();
  });
});

describe('links steps', () => {
  it('finds Markdown links, autolinks, bare URLs and www. names', () => {
    expect(linksIn('see [this](https://a.example/x) and <http://b.example> or www.c.example/y and https://d.example.')).toHaveLength(4);
    expect(hostOf('www.Shop.Example/buy')).toBe('www.shop.example');
    expect(hostOf('https://x.example:8080/a')).toBe('x.example');
  });
  it('holds more links than the site allows, saying how many', () => {
    const body = 'a https://1.example b https://2.example c https://3.example d https://4.example';
    expect(checkLinkCount(body, { maxLinks: 3 })).toMatchObject({
      step: 'links',
      verdict: 'hold',
      reason: '4 links; the site allows 3',
      score: 4,
    });
    expect(checkLinkCount(body, { maxLinks: 4 })).toBeNull();
    expect(checkLinkCount('no links', { maxLinks: 0 })).toBeNull();
  });
  it('marks links to a blocked domain or its subdomains as spam, and nothing else', () => {
    const settings = { blockedDomains: ['pills.example'] };
    expect(checkBlockedDomains('buy at https://shop.pills.example/now', settings)).toMatchObject({
      step: 'blocked-domain',
      verdict: 'spam',
      reason: 'links to a blocked domain: pills.example',
    });
    expect(checkBlockedDomains('www.PILLS.example', settings)).toMatchObject({ verdict: 'spam' });
    expect(checkBlockedDomains('https://notpills.example and https://pills.example.org', settings)).toBeNull();
    expect(checkBlockedDomains('https://pills.example', { blockedDomains: [] })).toBeNull();
  });
});

describe('word list step', () => {
  const settings = { wordList: ['fuck', 'shit', 'dick'], wordAction: 'mask' as const };
  it('masks listed words keeping first and last letter, with common endings, and says so', () => {
    const result = applyWordList('Fuck this, the shitty fucking phone.', settings);
    expect(result.body).toBe('F\\*\\*k this, the s\\*\\*tty f\\*\\*king phone.');
    expect(result.step).toMatchObject({ step: 'words', verdict: 'publish', score: 3, reason: expect.stringContaining('masked 3 words') });
    // The stars stay stars once rendered: never turned into bold text.
    expect(renderComment(result.body).html).toBe('<p>F**k this, the s**tty f**king phone.</p>\n');
    expect(maskWord('fuck')).toBe('f**k');
  });
  it('leaves words that merely contain a listed one alone', () => {
    expect(applyWordList('Dickens wrote about Scunthorpe; dickhead-free', { ...settings, wordList: ['dick', 'cunt'] }).step).toBeNull();
  });
  it('holds instead of masking when the site says hold', () => {
    const result = applyWordList('what the fuck', { ...settings, wordAction: 'hold' });
    expect(result.body).toBe('what the fuck');
    expect(result.step).toMatchObject({ verdict: 'hold', reason: expect.stringContaining('f**k') });
  });
  it('does nothing with an empty list', () => {
    expect(applyWordList('fuck', { wordList: [], wordAction: 'mask' })).toEqual({ body: 'fuck', step: null });
  });
});

describe('combining verdicts', () => {
  it('lets the strongest verdict win: spam over hold over publish', () => {
    expect(strongest([])).toBe('publish');
    expect(strongest(['publish', 'hold'])).toBe('hold');
    expect(strongest(['hold', 'spam', 'publish'])).toBe('spam');
  });
  it('turns verdict and standing into a status; staff skip content holds; shadow bans hide', () => {
    expect(decide('publish', { shadow: false, staff: false })).toBe('published');
    expect(decide('hold', { shadow: false, staff: false })).toBe('pending');
    expect(decide('spam', { shadow: false, staff: false })).toBe('spam');
    expect(decide('hold', { shadow: false, staff: true })).toBe('published');
    expect(decide('spam', { shadow: false, staff: true })).toBe('published');
    expect(decide('hold', { shadow: true, staff: false })).toBe('shadow');
    expect(decide('spam', { shadow: true, staff: false })).toBe('spam');
    expect(decide('publish', { shadow: true, staff: true })).toBe('shadow');
  });
  it('compares text for repeats by its letters and digits only', () => {
    expect(comparable('Buy NOW!!  cheap   pills…')).toBe(comparable('buy now, cheap pills'));
  });
  it('defaults: open policy, masking, untrained thresholds', () => {
    expect(DEFAULT_MODERATION).toMatchObject({ policy: 'open', wordAction: 'mask', maxLinks: 3 });
  });
});
