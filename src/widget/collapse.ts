// Long threads: every comment with replies gets a button that folds its branch away and opens it
// again (aria-expanded, aria-controls on the replies list). A plain button, so Enter and Space
// work; nothing is remembered, here or on the server: a reload shows the whole thread. Replies
// arrive later (posted, live, loaded), so the buttons follow the list rather than the first render.
import { html } from '../render/html.ts';
import type { ThreadClient } from './context.ts';
import { articleIn, authorNameOf, toFragment } from './place.ts';

export function enhanceCollapse(t: ThreadClient): void {
  function sync(item: HTMLLIElement): void {
    const article = articleIn(item);
    const replies = item.querySelector<HTMLOListElement>(':scope > ol.replies');
    const count = replies ? replies.querySelectorAll('li.comment-item').length : 0;
    let button = article?.querySelector<HTMLButtonElement>('.collapse-toggle');
    if (!article || !replies || count === 0) {
      button?.remove();
      return;
    }
    replies.id ||= `replies-${article.dataset.commentId}`;
    if (!button) {
      const fragment = toFragment(
        html`<button type="button" class="collapse-toggle" aria-expanded="true" aria-controls="${replies.id}"><span class="collapse-label"></span><span class="visually-hidden">${t.say('replies.toggleHidden', { name: authorNameOf(article) })}</span></button>`,
      );
      button = fragment.querySelector('button')!;
      // With the comment's actions; a deleted comment has none, only its note.
      (article.querySelector('.comment-actions') ?? article.querySelector('.comment-main') ?? article).append(fragment);
    }
    const expanded = !replies.hidden;
    if (button.getAttribute('aria-expanded') !== String(expanded)) button.setAttribute('aria-expanded', String(expanded));
    const text = expanded ? t.say('replies.hide') : t.say('replies.show', { count });
    const shown = button.querySelector('.collapse-label')!;
    if (shown.textContent !== text) shown.textContent = text;
  }

  function syncAll(): void {
    t.section.querySelectorAll<HTMLLIElement>('li.comment-item').forEach(sync);
  }

  t.section.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.collapse-toggle');
    const item = button?.closest<HTMLLIElement>('li.comment-item');
    const replies = item?.querySelector<HTMLOListElement>(':scope > ol.replies');
    if (!button || !item || !replies) return;
    replies.hidden = !replies.hidden;
    // "N more replies" belongs to the branch: folded with it.
    const more = item.querySelector<HTMLElement>(':scope > .more-replies-row');
    if (more) more.hidden = replies.hidden;
    sync(item);
  });

  // One pass per batch of changes; the pass itself only writes what differs, so it settles.
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      syncAll();
    });
  }).observe(t.section, { childList: true, subtree: true });
  syncAll();
}
