import { describe, expect, it } from 'vitest';
import { html } from './html.ts';
import type { CommentView } from '../domain/comments/types.ts';
import { renderThread } from './thread.ts';
import { featuredSection, reportControl } from './thread-moderation.ts';

function comment(id: string, overrides: Partial<CommentView> = {}): CommentView {
  return {
    id,
    parentId: null,
    depth: 0,
    inReplyTo: null,
    author: { name: `Author ${id}`, profileUrl: null, isGuest: true, badge: null },
    bodyHtml: `<p>Body of ${id}</p>`,
    createdAt: '2016-06-30T10:06:30.000Z',
    editedAt: null,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    status: 'published',
    ...overrides,
  };
}

const render = (comments: CommentView[], featured: CommentView[] = [], csrfToken: string | null = null) =>
  renderThread(
    {
      threadId: 't',
      sort: 'best',
      comments,
      featured,
      nextCursor: null,
      commentCount: comments.length,
      closed: false,
      guestsAllowed: true,
    },
    { articlePath: '/articles/a', formAction: '/articles/a/comments', csrfToken },
  ).value;

describe('thread moderation markup', () => {
  it('offers a report form with four reasons, a note and the CSRF token, names escaped', () => {
    const markup = reportControl(
      comment('c/1', { author: { name: '<Eve>', profileUrl: null, isGuest: true, badge: null } }),
      html`<input type="hidden" name="csrf" value="tok">`,
    ).value;
    expect(markup).toContain('action="/comments/c%2F1/report"');
    expect(markup).toContain('comment by &lt;Eve&gt;');
    expect(markup.match(/type="radio" name="reason"/g)).toHaveLength(4);
    expect(markup).toContain('<textarea name="note" rows="2" maxlength="500"></textarea>');
    expect(markup).toContain('<input type="hidden" name="csrf" value="tok">');
  });

  it('marks one’s own held and rejected comments and leaves them without actions', () => {
    const markup = render([
      comment('p', { status: 'pending' }),
      comment('r', { status: 'rejected', rejectionReason: '<script>x</script>' }),
      comment('q', { status: 'rejected', rejectionReason: '' }),
    ]);
    expect(markup).toContain('Awaiting review — only you can see this');
    expect(markup).toContain('Not published: &lt;script&gt;x&lt;/script&gt;');
    expect(markup).toContain('<p class="comment-status-note comment-rejected-note">Not published</p>');
    expect(markup).not.toContain('class="vote"');
    expect(markup).not.toContain('details class="report"');
    expect(markup.match(/class="comment comment-own-hidden"/g)).toHaveLength(3);
  });

  it('says nothing of moderation on published comments beyond pinned and pick marks', () => {
    const markup = render([comment('a', { pinned: true }), comment('b', { featured: true }), comment('c')]);
    expect(markup).toContain('<span class="comment-mark comment-pinned">Pinned</span>');
    expect(markup).toContain(`<span class="comment-mark comment-pick">Editor's pick</span>`);
    expect(markup).not.toContain('comment-own-hidden');
    expect(markup).not.toContain('data-personal');
    expect(render([comment('a')], [], 'tok')).toContain('data-personal="true"');
  });

  it('lists picks without ids of their own, linking to their permalinks', () => {
    expect(featuredSection([])).toBe('');
    const markup = featuredSection([
      comment('x', { bodyHtml: '<p>wise</p>', author: { name: 'Sage', profileUrl: null, isGuest: false, badge: 'Editor' } }),
    ]);
    const text = typeof markup === 'string' ? markup : markup.value;
    expect(text).toContain('data-featured-id="x"');
    expect(text).toContain('<a href="/comments/x">Read it in the discussion');
    expect(text).toContain('<span class="badge">Editor</span>');
    expect(text).not.toContain('id="comment-x"');
  });
});
