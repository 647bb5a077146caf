import { describe, expect, it } from 'vitest';
import { COMMENT_LIMITS, renderComment, type MentionTarget } from './comment-markdown.ts';

const participants: Record<string, MentionTarget> = {
  Gary: { name: 'Gary', url: '/people/gary' },
  'Gary Ohanian': { name: 'Gary Ohanian', url: '/people/gary-ohanian' },
  "Siobhán O'Neill": { name: "Siobhán O'Neill", url: '/people/siobhan' },
  Visitor: { name: 'Visitor', url: null },
};
const looked: string[] = [];
const resolveMention = (handle: string): MentionTarget | undefined => {
  looked.push(handle);
  return participants[handle];
};
const render = (markdown: string) => renderComment(markdown, { resolveMention });

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'a', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li', 'span']);
const VOID_TAGS = new Set(['br']);
const REL = 'rel="nofollow ugc noopener"';

/** Every tag is allowed, spans are only mentions, and open/close tags nest properly. */
function assertSafeMarkup(markup: string): void {
  const open: string[] = [];
  for (const match of markup.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [, closing, name = '', attrs = ''] = match;
    const tag = name.toLowerCase();
    expect(ALLOWED_TAGS, `tag <${tag}> in ${markup}`).toContain(tag);
    if (tag === 'span' && !closing) expect(attrs).toBe(' class="mention"');
    if (tag === 'a' && !closing) {
      expect(attrs).toContain(REL);
      expect(attrs).toMatch(/^ href="(https?:\/\/|mailto:|\/people\/)/);
    }
    expect(attrs).not.toMatch(/\son\w+=|style=|src=/i);
    if (VOID_TAGS.has(tag)) continue;
    if (closing) expect(open.pop(), `closing </${tag}> in ${markup}`).toBe(tag);
    else open.push(tag);
  }
  expect(open).toEqual([]);
}

describe('renderComment: the Markdown subset', () => {
  it('renders emphasis, strikethrough, lists, quotes and code', () => {
    const { html } = render(
      '*em* **strong** ~~gone~~ `a < b`\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```js\nlet x = "<b>";\n```\n\n    indented',
    );
    expect(html).toContain('<p><em>em</em> <strong>strong</strong> <s>gone</s> <code>a &lt; b</code></p>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    // The fence's language does not become a class attribute.
    expect(html).toContain('<pre><code>let x = &quot;&lt;b&gt;&quot;;\n</code></pre>');
    expect(html).toContain('<pre><code>indented\n</code></pre>');
  });

  it('turns a single newline into a line break', () => {
    expect(render('first line\nsecond line').html).toBe('<p>first line<br>\nsecond line</p>\n');
  });

  it('keeps headings, rules and tables as plain paragraph text', () => {
    expect(render('# Big').html).toBe('<p># Big</p>\n');
    expect(render('Title\n===').html).toBe('<p>Title<br>\n===</p>\n');
    expect(render('---').html).toBe('<p>---</p>\n');
    expect(render('| a |\n|---|\n| b |').html).not.toContain('<table');
  });

  it('escapes raw HTML as text', () => {
    const { html, text } = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src="frame.html"></iframe>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;iframe src=&quot;frame.html&quot;&gt;&lt;/iframe&gt;');
    expect(html).not.toMatch(/<(script|img|iframe)/);
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('never produces an image', () => {
    const { html } = render('![img](http://x/y.png)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('src=');
  });
});

describe('renderComment: links', () => {
  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java&#115;cript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](data:text/html;base64,xx)',
    '[x](vbscript:msgbox(1))',
    '[x](/relative)',
    '[x](relative/path)',
    '[x](//evil.example/path)',
    '[x](#top)',
    '[x](ftp://files.example/a)',
    '<javascript:alert(1)>',
    'see //evil.example/path',
    '[x]: javascript:alert(1)\n\n[y][x]',
  ])('%s produces no link', (source) => {
    const { html, links } = render(source);
    expect(html).not.toContain('<a');
    expect(links).toEqual([]);
  });

  it('leaves a refused link as the text the commenter typed', () => {
    expect(render('[x](javascript:alert(1))').html).toBe('<p>[x](javascript:alert(1))</p>\n');
  });

  it('autolinks bare URLs with the rel and no target', () => {
    const { html, links } = render('see https://example.com/a?b=1&c=2 now');
    expect(html).toBe(`<p>see <a href="https://example.com/a?b=1&amp;c=2" ${REL}>https://example.com/a?b=1&amp;c=2</a> now</p>\n`);
    expect(html).not.toContain('target=');
    expect(links).toEqual(['https://example.com/a?b=1&c=2']);
  });

  it('keeps http, https and mailto links, drops titles, and lists each URL once', () => {
    const { html, links } = render(
      '[a](https://a.example "a title") [b](HTTP://b.example/x) <https://c.example> [d][ref] [a again](https://a.example) [mail](mailto:ed@example.com)\n\n[ref]: https://d.example',
    );
    expect(html).toContain(`<a href="https://a.example" ${REL}>a</a>`);
    expect(html).not.toContain('title=');
    expect(html.match(/<a /g)).toHaveLength(6);
    expect(links).toEqual(['https://a.example', 'HTTP://b.example/x', 'https://c.example', 'https://d.example', 'mailto:ed@example.com']);
  });
});

describe('renderComment: mentions', () => {
  it('links the longest resolvable name to the profile', () => {
    const { html, mentions } = render('@Gary Ohanian thanks');
    expect(html).toBe(`<p><a href="/people/gary-ohanian" class="mention" ${REL}>@Gary Ohanian</a> thanks</p>\n`);
    expect(mentions).toEqual(['Gary Ohanian']);
  });

  it('tries at most four words, longest first, with the text exactly as written', () => {
    looked.length = 0;
    render('@Gary Ohanian said so too');
    expect(looked).toEqual(['Gary Ohanian said so', 'Gary Ohanian said', 'Gary Ohanian']);
  });

  it('falls back to a shorter participant when the longer name is not one', () => {
    const { html, mentions } = render('@Gary Smith agrees');
    expect(html).toBe(`<p><a href="/people/gary" class="mention" ${REL}>@Gary</a> Smith agrees</p>\n`);
    expect(mentions).toEqual(['Gary']);
  });

  it('accepts names with accents and apostrophes, and sees past trailing punctuation', () => {
    const { html, mentions } = render("Thanks @Siobhán O'Neill. And @Gary's point, @Gary!");
    expect(html).toContain(`<a href="/people/siobhan" class="mention" ${REL}>@Siobhán O&#39;Neill</a>.`);
    expect(html).toContain(`<a href="/people/gary" class="mention" ${REL}>@Gary</a>'s point`);
    expect(html).toContain(`<a href="/people/gary" class="mention" ${REL}>@Gary</a>!`);
    expect(mentions).toEqual(["Siobhán O'Neill", 'Gary']);
  });

  it('renders a guest as a span', () => {
    const { html, mentions } = render('hi @Visitor');
    expect(html).toBe('<p>hi <span class="mention">@Visitor</span></p>\n');
    expect(mentions).toEqual(['Visitor']);
  });

  it('leaves unknown handles and email addresses as text', () => {
    const { html, mentions } = render('@nobody wrote to a@b.com and user@Gary');
    expect(html).toContain('<p>@nobody wrote to ');
    expect(html).toContain('and user@Gary</p>');
    expect(html).not.toContain('class="mention"');
    expect(mentions).toEqual([]);
  });

  it('does not touch mentions inside code or links', () => {
    const { html, mentions } = render('`@Gary` and [ask @Gary](https://example.com)\n\n    @Gary Ohanian');
    expect(html).toContain('<code>@Gary</code>');
    expect(html).toContain(`<a href="https://example.com" ${REL}>ask @Gary</a>`);
    expect(html).toContain('<pre><code>@Gary Ohanian\n</code></pre>');
    expect(mentions).toEqual([]);
  });

  it('finds mentions inside emphasis, quotes and lists, and lists each handle once', () => {
    const { html, mentions } = render('> **@Gary** said\n\n- @Visitor\n- @Gary Ohanian and @Gary');
    expect(html).toContain(`<strong><a href="/people/gary" class="mention" ${REL}>@Gary</a></strong>`);
    expect(html).toContain('<li><span class="mention">@Visitor</span></li>');
    expect(mentions).toEqual(['Gary', 'Visitor', 'Gary Ohanian']);
  });

  it('leaves every @ as text without a resolver', () => {
    const { html, mentions } = renderComment('@Gary hi');
    expect(html).toBe('<p>@Gary hi</p>\n');
    expect(mentions).toEqual([]);
  });

  it('does not let a bad profile URL through', () => {
    const { html } = renderComment('@Mallory', {
      resolveMention: () => ({ name: 'Mallory', url: 'javascript:alert(1)' }),
    });
    expect(html).toBe('<p><span class="mention">@Mallory</span></p>\n');
  });
});

describe('renderComment: hostile input', () => {
  const corpus = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg/onload=alert(1)>',
    '<style>body{display:none}</style>',
    '[<img src=x onerror=alert(1)>](https://example.com)',
    '[x](https://example.com"onmouseover="alert(1))',
    '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
    '![x](javascript:alert(1))',
    '![x](https://example.com/a.png "t")',
    '<https://example.com/"><script>>',
    '`<script>` ```<b>```',
    '```html\n<script>alert(1)</script>\n```',
    '> '.repeat(60) + 'deep quote',
    Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
    '**unclosed *emphasis ~~and [link](https://example.com',
    '# h1\n## h2\n---\n***\n| a | b |\n|---|---|\n| 1 | 2 |',
    '&lt;script&gt; &#60;img&#62; &amp;',
    '@Gary Ohanian <b>@Visitor</b> @<script>',
    'Term\n: definition\n\n[^1]: footnote\n\n*[HTML]: abbr',
    '\u0000<scr\u0000ipt>',
  ];

  it.each(corpus)('emits only allowed, well-nested tags for %j', (source) => {
    const { html } = render(source);
    assertSafeMarkup(html);
  });

  it('keeps a hostile link title out of the attributes', () => {
    const { html } = render('[x](https://example.com "a\\" onmouseover=\\"alert(1)")');
    expect(html).toBe(`<p><a href="https://example.com" ${REL}>x</a></p>\n`);
  });
});

describe('renderComment: text', () => {
  it('gives the text content with whitespace collapsed', () => {
    const { text } = render(
      '# Big  *news*\n\nSee [the report](https://example.com) &amp; @Gary Ohanian\n\n- one\n- two\n\n```\nx  =\n  1\n```',
    );
    expect(text).toBe('# Big news See the report & @Gary Ohanian one two x = 1');
  });

  it('does not split words at inline markup', () => {
    expect(render('in**cred**ible').text).toBe('incredible');
  });
});

describe('COMMENT_LIMITS', () => {
  it('publishes the length bounds the domain enforces', () => {
    expect(COMMENT_LIMITS).toEqual({ minLength: 1, maxLength: 10_000 });
  });
});
