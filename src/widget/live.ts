// Live updates over Server-Sent Events. Edits, deletions and votes apply in place; new comments
// from others wait behind a "3 new comments" button, so the text under the reader never moves
// by itself. EventSource reconnects on its own after a dropped connection (the server sets the
// retry delay), but gives up for good when an answer is an error (a 503 from an overloaded or
// restarting server, a 429): then a new stream is opened after a growing, jittered pause, and
// resumes from the last event this page saw.
import type { CommentView } from '../domain/comments/types.ts';
import { api } from './api.ts';
import type { ThreadClient } from './context.ts';
import { markNew } from './marks.ts';
import { articleOf, focusOn, headingCount, itemOf, placeComment, removeComment, replaceArticle, setHeadingCount } from './place.ts';
import { own } from './store.ts';
import { setCounts } from './votes.ts';

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

export function enhanceLive(t: ThreadClient): void {
  const found = t.section.querySelector<HTMLElement>('.new-comments');
  if (typeof EventSource === 'undefined' || !found) return;
  const region: HTMLElement = found;
  // Shown but empty it takes no room (zero height), and a live region that is already
  // rendered announces the pill's text reliably when it appears.
  region.hidden = false;
  const pending: CommentView[] = [];
  /** Created events that arrived while this page's own post was unanswered (it may be one of them). */
  const held: CommentView[] = [];
  /** The server could not replay what this page missed while disconnected: only a reload shows it. */
  let behind = false;

  // Only this page's own posts are skipped: one posted from another tab is news here.
  const isKnown = (id: string) => t.postedHere.has(id) || articleOf(t, id) !== null || pending.some((c) => c.id === id);

  function offer(comment: CommentView): void {
    if (comment.status !== 'published' || isKnown(comment.id)) return;
    // A reply to a conversation not on this page is for whoever loads that page.
    if (comment.parentId !== null && !articleOf(t, comment.parentId) && !pending.some((c) => c.id === comment.parentId)) return;
    pending.push(comment);
    showPill();
  }

  function showPill(): void {
    let button = region.querySelector('button');
    if (!button) {
      button = document.createElement('button');
      button.type = 'button';
      region.append(button);
    }
    button.textContent = behind ? t.say('live.behind') : t.say('live.pill', { count: pending.length });
  }

  function reveal(): void {
    const shown = pending.splice(0).flatMap((comment) => placeComment(t, comment) ?? []);
    region.replaceChildren();
    if (!shown.length) return;
    shown.filter((article) => !own.get(article.dataset.commentId!)).forEach(markNew);
    setHeadingCount(t, headingCount(t) + shown.length);
    shown.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    focusOn(shown[0]!);
  }
  region.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('button')) return;
    if (behind) location.reload();
    else reveal();
  });

  t.onPostSettled.push(() => {
    if (t.posting === 0) held.splice(0).forEach(offer);
  });

  let lastEventId: string | undefined;
  let failures = 0;
  const listen = (source: EventSource, type: string, handle: (event: MessageEvent<string>) => void) =>
    source.addEventListener(type, (event) => {
      const message = event as MessageEvent<string>;
      if (message.lastEventId) lastEventId = message.lastEventId;
      handle(message);
    });

  function connect(): void {
    const source = new EventSource(api.eventsUrl(t.threadId, lastEventId));
    // Visible state for styling and tests: "open" once the stream is connected.
    source.addEventListener('open', () => {
      failures = 0;
      t.section.dataset.live = 'open';
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) {
        t.section.dataset.live = 'connecting';
        return;
      }
      t.section.dataset.live = 'closed';
      // 1, 2, 4 … 60 s, each between half and all of it, so that readers turned away together
      // do not all come back in the same second.
      const pause = Math.min(60_000, 1000 * 2 ** failures++);
      setTimeout(connect, pause / 2 + Math.random() * (pause / 2));
    });
    listenTo(source);
  }

  function listenTo(source: EventSource): void {
    // EventSource resends the last id it saw when it reconnects; too far behind, the server says so.
    listen(source, 'reload', () => {
      behind = true;
      showPill();
    });
    listen(source, 'comment.created', (event) => {
      const comment = parse<CommentView>(event);
      if (!comment) return;
      if (t.posting > 0) held.push(comment);
      else offer(comment);
    });

    listen(source, 'comment.updated', (event) => {
      const comment = parse<CommentView>(event);
      if (!comment) return;
      const waiting = pending.findIndex((c) => c.id === comment.id);
      if (waiting >= 0) pending[waiting] = comment;
      const article = articleOf(t, comment.id);
      // Never pull the text from under someone editing it here.
      if (!article || article.querySelector('form.comment-edit') || comment.status !== 'published') return;
      const wasNew = article.classList.contains('is-new');
      const updated = replaceArticle(t, comment);
      if (updated && wasNew) markNew(updated);
    });

    listen(source, 'comment.deleted', (event) => {
      const id = parse<{ id: string }>(event)?.id;
      if (!id) return;
      const waiting = pending.findIndex((c) => c.id === id);
      if (waiting >= 0) {
        pending.splice(waiting, 1);
        if (pending.length) showPill();
        else region.replaceChildren();
      }
      // Already shown as deleted (this browser deleted it): the count has dropped once already.
      if (articleOf(t, id)?.classList.contains('comment-deleted')) return;
      const item = itemOf(t, id);
      if (!item) return;
      const hadFocus = item.contains(document.activeElement);
      t.releaseForm(item);
      const next = removeComment(t, id);
      setHeadingCount(t, headingCount(t) - 1);
      if (hadFocus && next) focusOn(next);
    });

    listen(source, 'comment.voted', (event) => {
      const comment = parse<CommentView>(event);
      const article = comment && articleOf(t, comment.id);
      if (comment && article) setCounts(article, comment);
    });
  }

  connect();
}
