import { describe, expect, it } from 'vitest';
import { renderThread, type ThreadRenderOptions } from './thread.ts';
import type { CommentView, ThreadPage } from '../domain/comments/types.ts';

const PATH = '/articles/some-slug';

function comment(id: string, parentId: string | null, depth: number, overrides: Partial<CommentView> = {}): CommentView {
  return {
    id,
    parentId,
    depth,
    inReplyTo: null,
    author: { name: `Author ${id}`, profileUrl: null, isGuest: true, badge: null },
    bodyHtml: `<p>Body of ${id}</p>`,
    createdAt: '2016-06-30T10:06:30.000Z',
    editedAt: null,
    upvotes: 4,
    downvotes: 1,
    score: 3,
    status: 'published',
    ...overrides,
  };
}

function threadPage(comments: CommentView[], overrides: Partial<ThreadPage> = {}): ThreadPage {
  return {
    threadId: 'th1',
    sort: 'best',
    comments,
    nextCursor: null,
    commentCount: comments.filter((c) => c.status === 'published').length,
    closed: false,
    guestsAllowed: true,
    ...overrides,
  };
}

function render(page: ThreadPage, options: Partial<ThreadRenderOptions> = {}): string {
  return renderThread(page, { articlePath: PATH, formAction: `${PATH}/comments`, csrfToken: null, ...options }).value;
}

/** Where each comment sits in the nested lists: the comment of the enclosing <li>, and how deep. */
function structure(markup: string): Map<string, { parent: string | null; level: number }> {
  const found = new Map<string, { parent: string | null; level: number }>();
  const openItems: { id: string | null }[] = [];
  for (const [, close, tag, attrs] of markup.matchAll(/<(\/?)(li|article)\b([^>]*)>/g)) {
    if (tag === 'li') {
      if (close) openItems.pop();
      else openItems.push({ id: null });
      continue;
    }
    const id = close ? undefined : /id="comment-([^"]+)"/.exec(attrs!)?.[1];
    if (!id) continue;
    openItems.at(-1)!.id = id;
    found.set(id, { parent: openItems.at(-2)?.id ?? null, level: openItems.length - 1 });
  }
  return found;
}

/** The markup of one comment's <article>. */
function articleOf(markup: string, id: string): string {
  const start = markup.indexOf(`<article id="comment-${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return markup.slice(start, markup.indexOf('</article>', start));
}

function count(markup: string, needle: string): number {
  return markup.split(needle).length - 1;
}

describe('renderThread: nesting', () => {
  it('nests replies under their parents from the flat list, in order', () => {
    const markup = render(
      threadPage([comment('a', null, 0), comment('b', 'a', 1), comment('c', 'b', 2), comment('b2', 'a', 1), comment('d', null, 0)]),
    );
    const tree = structure(markup);
    expect(Object.fromEntries(tree)).toEqual({
      a: { parent: null, level: 0 },
      b: { parent: 'a', level: 1 },
      c: { parent: 'b', level: 2 },
      b2: { parent: 'a', level: 1 },
      d: { parent: null, level: 0 },
    });
    expect([...tree.keys()]).toEqual(['a', 'b', 'c', 'b2', 'd']);
    expect(markup).toMatch(/<section id="comments" class="discussion" aria-labelledby="comments-heading" data-thread-id="th1"/);
    expect(markup).toContain('<ol class="comment-list">');
    expect(count(markup, '<ol class="replies">')).toBe(2);
  });

  it('shows replies deeper than level 4 at level 4, after their parent, with "in reply to"', () => {
    const chain = [0, 1, 2, 3, 4, 5, 6].map((depth) => comment(`c${depth}`, depth === 0 ? null : `c${depth - 1}`, depth));
    chain[6] = { ...chain[6]!, inReplyTo: { id: 'c5', name: 'Named by the domain' } };
    const markup = render(threadPage(chain));
    const tree = structure(markup);
    expect(tree.get('c4')).toEqual({ parent: 'c3', level: 4 });
    expect(tree.get('c5')).toEqual({ parent: 'c3', level: 4 });
    expect(tree.get('c6')).toEqual({ parent: 'c3', level: 4 });
    expect([...tree.keys()]).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(articleOf(markup, 'c4')).not.toContain('in reply to');
    expect(articleOf(markup, 'c5')).toContain('in reply to <a href="#comment-c4">Author c4</a>');
    expect(articleOf(markup, 'c6')).toContain('in reply to <a href="#comment-c5">Named by the domain</a>');
  });

  it('puts a reply whose parent is not on the page at the top level', () => {
    const markup = render(threadPage([comment('a', null, 0), comment('orphan', 'gone', 1)]));
    expect(structure(markup).get('orphan')).toEqual({ parent: null, level: 0 });
  });

  it('keeps a deleted comment in place, with its replies, as a bare placeholder', () => {
    const deleted = comment('del', null, 0, {
      status: 'deleted',
      bodyHtml: '',
      author: { name: 'Gone Person', profileUrl: null, isGuest: false, badge: 'Editor' },
    });
    const markup = render(threadPage([deleted, comment('r', 'del', 1), comment('r2', 'r', 2)]));
    expect(structure(markup).get('r')).toEqual({ parent: 'del', level: 1 });
    expect(structure(markup).get('r2')).toEqual({ parent: 'r', level: 2 });
    const placeholder = articleOf(markup, 'del');
    expect(placeholder).toContain('This comment was deleted');
    for (const absent of ['Gone Person', 'Editor', 'itemscope', 'itemprop', '<form', 'replyTo=', 'score'])
      expect(placeholder).not.toContain(absent);
    expect(articleOf(markup, 'r')).toContain('itemtype="https://schema.org/Comment"');
  });
});

describe('renderThread: one comment', () => {
  it('passes sanitized bodyHtml through untouched', () => {
    const body =
      '<p>Hello <em>world</em> &amp; <a href="https://example.com/?a=1&amp;b=2" rel="nofollow ugc">friends</a></p>\n<blockquote><p>quoted</p></blockquote>';
    expect(render(threadPage([comment('a', null, 0, { bodyHtml: body })]))).toContain(
      `<div class="comment-body" itemprop="text">${body}</div>`,
    );
  });

  it('carries schema.org Comment and Person microdata', () => {
    const c = comment('a', null, 0, { author: { name: 'Ann', profileUrl: '/people/ann', isGuest: false, badge: null }, upvotes: 7 });
    const markup = articleOf(render(threadPage([c])), 'a');
    expect(markup).toContain(
      '<article id="comment-a" class="comment" data-comment-id="a" itemscope itemtype="https://schema.org/Comment">',
    );
    expect(markup).toContain(
      'itemprop="author" itemscope itemtype="https://schema.org/Person"><a itemprop="url" href="/people/ann"><span itemprop="name">Ann</span></a>',
    );
    expect(markup).toContain('<time itemprop="dateCreated" datetime="2016-06-30T10:06:30.000Z"');
    expect(markup).toContain('<div class="comment-body" itemprop="text">');
    expect(markup).toContain('<meta itemprop="upvoteCount" content="7">');
  });

  it('shows an absolute date that links to the comment, the exact UTC time on hover, badge and edited mark', () => {
    const c = comment('a', null, 0, {
      editedAt: '2016-06-30T11:15:00Z',
      author: { name: 'Ed', profileUrl: null, isGuest: false, badge: 'Editor' },
    });
    const markup = articleOf(render(threadPage([c])), 'a');
    expect(markup).toContain(
      '<a class="permalink" href="#comment-a"><time itemprop="dateCreated" datetime="2016-06-30T10:06:30.000Z" title="30 June 2016, 10:06:30 UTC">30 June 2016, 10:06</time></a>',
    );
    expect(markup).toContain('<span class="badge">Editor</span>');
    expect(markup).toContain('<span class="edited" title="edited 30 June 2016, 11:15:00 UTC">edited</span>');
    expect(markup).toContain('<span itemprop="name">Ed</span>');
    expect(markup).not.toContain('itemprop="url"');
    expect(articleOf(render(threadPage([comment('b', null, 0)])), 'b')).not.toContain('edited');
  });

  it('offers vote buttons in a small form, with names saying whose comment, and a reply link', () => {
    const markup = articleOf(render(threadPage([comment('a/1', null, 0, { score: -2 })])), 'a/1');
    expect(markup).toContain('<form class="vote" method="post" action="/comments/a%2F1/vote">');
    expect(markup).toMatch(
      /<button type="submit" class="vote-button vote-up" name="value" value="1">.*Upvote comment by Author a\/1<\/span><\/button>/,
    );
    expect(markup).toMatch(
      /<button type="submit" class="vote-button vote-down" name="value" value="-1">.*Downvote comment by Author a\/1<\/span><\/button>/,
    );
    expect(markup).toContain('<span class="score" role="img" aria-label="Score: -2">-2</span>');
    expect(markup).toContain(`href="${PATH}?replyTo=a%2F1#comment-form">Reply`);
  });

  it('escapes hostile names, badges, ids and refuses script URLs', () => {
    const evil = '<script>alert(1)</script>';
    const c = comment('x"><img src=x onerror=alert(1)>', null, 0, {
      author: { name: evil, profileUrl: 'javascript:alert(1)', isGuest: false, badge: evil },
      bodyHtml: '<p>fine</p>',
    });
    const reply = comment('r', c.id, 1);
    const deep = [
      reply,
      comment('r2', 'r', 2),
      comment('r3', 'r2', 3),
      comment('r4', 'r3', 4),
      comment('r5', 'r4', 5, { inReplyTo: { id: 'r4', name: evil } }),
    ];
    const markup = render(threadPage([c, ...deep], { threadId: '"><script>' }), {
      replyTo: { id: '"><b>', name: evil },
      csrfToken: '"><i>',
    });
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<img');
    expect(markup).not.toMatch(/<[bi]>/);
    expect(markup).not.toContain('javascript:');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('renderThread: sorting and paging', () => {
  it('links to each sort and marks the current one', () => {
    const markup = render(threadPage([comment('a', null, 0)], { sort: 'newest' }));
    expect(markup).toContain('<nav class="comment-sort" aria-label="Sort comments">');
    expect(markup).toContain(`<a href="${PATH}?sort=best#comments">Best</a>`);
    expect(markup).toContain(`<a href="${PATH}?sort=newest#comments" aria-current="true">Newest</a>`);
    expect(markup).toContain(`<a href="${PATH}?sort=oldest#comments">Oldest</a>`);
    expect(count(markup, 'aria-current')).toBe(1);
  });

  it('links to the next page only when there is a cursor, with the cursor URL-encoded', () => {
    expect(render(threadPage([comment('a', null, 0)]))).not.toContain('load-more');
    const markup = render(threadPage([comment('a', null, 0)], { sort: 'oldest', nextCursor: 'a+b/c=&d' }));
    expect(markup).toContain(`<a class="load-more" href="${PATH}?sort=oldest&amp;after=a%2Bb%2Fc%3D%26d#comments">Load more comments</a>`);
  });

  it('puts an empty, hidden live region above the list for the client', () => {
    const markup = render(threadPage([comment('a', null, 0)]));
    expect(markup).toContain('<div class="new-comments" aria-live="polite" hidden></div>');
    expect(markup.indexOf('new-comments')).toBeLessThan(markup.indexOf('comment-list'));
  });
});

describe('renderThread: heading', () => {
  it('counts comments, singular for one, and says so when there are none', () => {
    const none = render(threadPage([]));
    expect(none).toContain('<h2 id="comments-heading">Comments</h2>');
    expect(none).toContain('No comments yet.');
    expect(none).not.toContain('comment-list');
    expect(none).not.toContain('Sort comments');
    expect(render(threadPage([comment('a', null, 0)]))).toContain('<h2 id="comments-heading">1 comment</h2>');
    const many = render(threadPage([comment('a', null, 0), comment('b', null, 0)], { commentCount: 1234 }));
    expect(many).toContain('<h2 id="comments-heading">1,234 comments</h2>');
    expect(many).not.toContain('No comments yet.');
  });
});

describe('renderThread: the comment form', () => {
  it('posts to the form action with a labelled comment field and guest name and email', () => {
    const markup = render(threadPage([]));
    expect(markup).toContain(`<form id="comment-form" class="comment-form" method="post" action="${PATH}/comments"`);
    expect(markup).toContain('<label for="comment-body">Your comment</label>');
    expect(markup).toMatch(/<textarea id="comment-body" name="body" rows="5" required maxlength="10000">\n<\/textarea>/);
    expect(markup).toContain('<label for="comment-name">Name</label>');
    expect(markup).toMatch(/<input id="comment-name" name="name" autocomplete="name" required[^>]*>/);
    expect(markup).toContain('<p id="comment-email-hint" class="hint">Never shown to other readers.</p>');
    expect(markup).toMatch(
      /<input id="comment-email" type="email" name="email" autocomplete="email"[^>]* aria-describedby="comment-email-hint">/,
    );
    expect(markup).toContain('<button type="submit">Post comment</button>');
    expect(markup).not.toContain('name="parentId"');
  });

  it('leaves out the guest fields where guests may not post', () => {
    const markup = render(threadPage([], { guestsAllowed: false }));
    expect(markup).toContain('name="body"');
    expect(markup).not.toContain('name="name"');
    expect(markup).not.toContain('name="email"');
  });

  it('adds the CSRF token to the comment form and every vote and report form only when given one', () => {
    const page = threadPage([comment('a', null, 0), comment('b', null, 0)]);
    expect(render(page)).not.toContain('name="csrf"');
    const markup = render(page, { csrfToken: 'tok-1' });
    expect(count(markup, '<input type="hidden" name="csrf" value="tok-1">')).toBe(5);
  });

  it('shows whom a no-JavaScript reply answers, with the parent id and a way back', () => {
    const markup = render(threadPage([comment('p1', null, 0)]), { replyTo: { id: 'p1', name: 'Ann' } });
    expect(markup).toContain('<h3 id="comment-form-heading">Reply to Ann</h3>');
    expect(markup).toContain('Replying to <a href="#comment-p1">Ann</a>');
    expect(markup).toContain(`<a class="cancel-reply" href="${PATH}#comments">Cancel reply</a>`);
    expect(markup).toContain('<input type="hidden" name="parentId" value="p1">');
  });

  it('replaces the form and reply links with a note when the thread is closed', () => {
    const markup = render(threadPage([comment('a', null, 0)], { closed: true }));
    expect(markup).toContain('Comments are closed.');
    expect(markup).not.toContain('comment-form');
    expect(markup).not.toContain('replyTo=');
    expect(markup).toContain('class="vote"');
  });

  it('re-shows a failed post: alert naming the field, the field marked invalid, values escaped', () => {
    const values = { body: '</textarea><script>alert(1)</script>', name: '"><script>x</script>', email: 'ann@example' };
    const markup = render(threadPage([]), { formError: { message: 'Enter a valid email address', field: 'body.email', values } });
    expect(markup).toMatch(
      /<div id="comment-form-error" class="form-error" role="alert">[\s\S]*<a href="#comment-email">Email<\/a>: Enter a valid email address/,
    );
    expect(markup).toMatch(
      /<input id="comment-email"[^>]* value="ann@example" aria-invalid="true" aria-describedby="comment-email-hint comment-email-error">/,
    );
    expect(markup).toContain('<p id="comment-email-error" class="field-error">Enter a valid email address</p>');
    expect(count(markup, 'aria-invalid')).toBe(1);
    expect(markup).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(markup).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(markup).not.toContain('<script>');
  });

  it('shows an error about no particular field in the summary only', () => {
    const markup = render(threadPage([]), { formError: { message: 'Too many comments, try again later', values: { body: 'kept' } } });
    expect(markup).toMatch(/role="alert">[\s\S]*Too many comments, try again later/);
    expect(markup).not.toContain('aria-invalid');
    expect(markup).toContain('>\nkept</textarea>');
  });

  it('marks the comment field when the body is at fault', () => {
    const markup = render(threadPage([], { guestsAllowed: false }), {
      formError: { message: 'Write something first', field: 'body', values: {} },
    });
    expect(markup).toMatch(/<textarea id="comment-body"[^>]* aria-invalid="true" aria-describedby="comment-body-error">/);
    expect(markup).toContain('<a href="#comment-body">Comment</a>: Write something first');
  });
});
