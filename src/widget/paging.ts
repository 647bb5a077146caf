// "Load more comments" and the sort links without page loads: the next page is fetched from the
// API and appended; another order replaces the list, shows in the URL and is remembered for
// the next article.
import { html } from '../render/html.ts';
import type { ThreadSort } from '../domain/comments/types.ts';
import { loadMoreHref } from '../render/thread.ts';
import { api, ApiError } from './api.ts';
import { isSort, type ThreadClient } from './context.ts';
import { isPlainClick } from './events.ts';
import { appendPage, commentList, focusOn, setHeadingCount, toFragment } from './place.ts';
import { mergeMine } from './mine.ts';
import { sortPreference } from './store.ts';

function setLoadMore(t: ThreadClient, sort: ThreadSort, cursor: string | null): void {
  let row = t.section.querySelector('.load-more-row');
  if (!cursor) return row?.remove();
  if (!row) {
    row = toFragment(html`<p class="load-more-row"><a class="load-more" href="">${t.say('loadMore')}</a></p>`).firstElementChild!;
    commentList(t).after(row);
  }
  row.querySelector('a')!.href = loadMoreHref(t.articlePath, sort, cursor);
}

async function loadMore(t: ThreadClient, link: HTMLAnchorElement): Promise<void> {
  if (link.getAttribute('aria-disabled') === 'true') return;
  const params = new URL(link.href).searchParams;
  const sort = params.get('sort');
  link.setAttribute('aria-disabled', 'true');
  try {
    const { data } = await api.page(t.threadId, isSort(sort) ? sort : t.sort, params.get('after'));
    const added = appendPage(t, commentList(t), data.comments);
    setLoadMore(t, data.sort, data.nextCursor);
    await mergeMine(t, { topLevel: false });
    // The link may be gone (last page): the first new comment takes the focus either way.
    if (added[0]) focusOn(added[0]);
    t.announce(t.say('paging.loaded', { count: added.length }));
  } catch (error) {
    t.announce(error instanceof ApiError ? error.message : t.say('paging.failed'));
  } finally {
    link.removeAttribute('aria-disabled');
  }
}

export async function switchSort(t: ThreadClient, sort: ThreadSort, options: { chosen: boolean }): Promise<void> {
  t.section.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.page(t.threadId, sort, null);
    const list = commentList(t);
    t.releaseForm(list);
    list.replaceChildren();
    appendPage(t, list, data.comments);
    setLoadMore(t, data.sort, data.nextCursor);
    setHeadingCount(t, data.commentCount);
    await mergeMine(t, { topLevel: true });
    t.sort = sort;
    t.section.dataset.sort = sort;
    for (const link of t.section.querySelectorAll<HTMLAnchorElement>('.comment-sort a')) {
      if (new URL(link.href).searchParams.get('sort') === sort) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
    if (options.chosen) {
      const url = new URL(location.href);
      url.searchParams.set('sort', sort);
      url.searchParams.delete('after');
      history.replaceState(history.state, '', url);
      sortPreference.set(sort);
      t.announce(t.say(`sort.sorted.${sort}`));
    }
  } catch (error) {
    t.announce(error instanceof ApiError ? error.message : t.say('sort.failed'));
  } finally {
    t.section.removeAttribute('aria-busy');
  }
}

export function enhancePaging(t: ThreadClient): void {
  t.section.addEventListener('click', (event) => {
    if (!isPlainClick(event)) return;
    const target = event.target as Element;
    const more = target.closest<HTMLAnchorElement>('a.load-more');
    if (more) {
      event.preventDefault();
      void loadMore(t, more);
      return;
    }
    const sortLink = target.closest<HTMLAnchorElement>('.comment-sort a');
    const sort = sortLink ? new URL(sortLink.href).searchParams.get('sort') : null;
    if (sortLink && isSort(sort)) {
      event.preventDefault();
      void switchSort(t, sort, { chosen: true });
    }
  });
}

/**
 * The reader's usual order, when the address does not ask for one and does not point at a
 * particular comment (whose page the server chose).
 */
export function applyRememberedSort(t: ThreadClient): void {
  const remembered = sortPreference.get();
  const url = new URL(location.href);
  if (!isSort(remembered) || remembered === t.sort || url.searchParams.has('sort') || url.searchParams.has('after')) return;
  if (/^#comment-/.test(location.hash) || !t.section.querySelector('.comment-sort')) return;
  void switchSort(t, remembered, { chosen: false });
}
