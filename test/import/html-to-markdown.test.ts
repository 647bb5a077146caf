// Imported HTML becomes Markdown that renders as the text it was, through the comment renderer.
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/domain/import/html-to-markdown.ts';
import { renderComment } from '../../src/render/comment-markdown.ts';

const render = (html: string, options?: Parameters<typeof htmlToMarkdown>[1]) => renderComment(htmlToMarkdown(html, options)).html;

describe('imported HTML', () => {
  it('keeps paragraphs, line breaks and safe links', () => {
    expect(render('<p>One<br>two</p><p>See <a href="https://a.example/x(1)">this</a></p>')).toBe(
      '<p>One<br>\ntwo</p>\n<p>See <a href="https://a.example/x%281%29" rel="nofollow ugc noopener">this</a></p>\n',
    );
  });

  it('drops scripts and unsafe links, and shows markup characters as text', () => {
    const html = render(
      '<p>*not bold* &lt;b&gt; 1. <a href="javascript:alert(1)">click</a></p><script>alert(2)</script><img src=x onerror=alert(3)>',
    );
    expect(html).toBe('<p>*not bold* &lt;b&gt; 1. click</p>\n');
  });

  it('reads WordPress newlines as paragraphs and line breaks', () => {
    expect(render('First line\nsecond line\n\nNew paragraph', { newlinesAreBreaks: true })).toBe(
      '<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>\n',
    );
  });

  it('keeps quotes and list items', () => {
    expect(htmlToMarkdown('<blockquote><p>quoted</p></blockquote><ul><li>one</li></ul>')).toBe('> quoted\n\n- one');
  });
});
