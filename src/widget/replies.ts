// "N more replies" in place: a long conversation shows its first replies on the thread page; the
// link (which works without JavaScript, src/http/web/pages/replies.ts) fetches the next replies
// from the API instead and places each under its parent, then moves on to the next cursor.
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { isPlainClick } from './events.ts';
import { focusOn, placeComment } from './place.ts';
import { moreRepliesHref } from '../render/thread.ts';

async function loadReplies(t: ThreadClient, link: HTMLAnchorElement): Promise<void> {
  if (link.getAttribute('aria-disabled') === 'true') return;
  const rootId = link.dataset.rootId;
  const cursor = new URL(link.href).searchParams.get('after');
  if (!rootId || !cursor) return;
  link.setAttribute('aria-disabled', 'true');
  try {
    const { data } = await api.replies(rootId, cursor);
    // Display order: a reply's parent is placed (on the page already, or just now) before it.
    const added = data.comments.flatMap((comment) => placeComment(t, comment) ?? []);
    if (data.nextCursor && data.remaining > 0) {
      link.href = moreRepliesHref(rootId, data.nextCursor);
      link.textContent = t.say('moreReplies', { count: data.remaining });
    } else {
      link.closest('.more-replies-row')?.remove();
    }
    if (added[0]) focusOn(added[0]);
    t.announce(t.say('replies.loaded', { count: added.length }));
  } catch (error) {
    t.announce(error instanceof ApiError ? error.message : t.say('replies.failed'));
  } finally {
    link.removeAttribute('aria-disabled');
  }
}

export function enhanceReplies(t: ThreadClient): void {
  t.section.addEventListener('click', (event) => {
    if (!isPlainClick(event)) return;
    const link = (event.target as Element).closest<HTMLAnchorElement>('a.more-replies');
    if (!link) return;
    event.preventDefault();
    void loadReplies(t, link);
  });
}
