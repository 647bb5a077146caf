// The rest of a long conversation without JavaScript: the replies after those its thread page
// shows, a page at a time, with the way back to the article. With JavaScript the thread loads
// the same replies in place (src/widget/replies.ts) from the JSON twin of this page.
import { html } from '../../../render/html.ts';
import type { RepliesPage } from '../../../domain/comments/types.ts';
import { layout, type SiteContext } from '../layout.ts';
import { commentItems, FORM_TOKEN_SLOT, moreRepliesRow } from '../../../render/thread.ts';
import { text } from '../../../render/thread-text.ts';

export function renderRepliesPage(site: SiteContext, page: RepliesPage, options: { after: string | null }): string {
  const articlePath = page.postSlug ? `/articles/${page.postSlug}` : '/';
  const conversation = `${articlePath}#comment-${page.rootId}`;
  // Replies are written on the article page; votes work here (the shared render's token slot is filled per reader).
  const token = site.viewer?.csrfToken ?? FORM_TOKEN_SLOT;
  const { locale } = site;
  const csrf = html`<input type="hidden" name="csrf" value="${token}">`;
  const items = commentItems(page.comments, { articlePath, csrf, closed: true, locale });
  const main = html`<section class="discussion replies-page" aria-labelledby="replies-heading">
  <h1 id="replies-heading">${text(locale, 'replies.title')}</h1>
  <p><a href="${conversation}">${text(locale, 'replies.back')}</a></p>
  ${page.comments.length ? html`<ol class="comment-list">${items}</ol>` : html`<p class="empty">${text(locale, 'replies.none')}</p>`}
  ${page.nextCursor ? moreRepliesRow(page.rootId, page.remaining, page.nextCursor, locale) : ''}
</section>`;
  const path = `/comments/${page.rootId}/replies${options.after ? `?after=${encodeURIComponent(options.after)}` : ''}`;
  return layout(site, { title: text(locale, 'replies.title'), path, noindex: true }, main);
}
