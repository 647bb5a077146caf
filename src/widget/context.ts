// The state one enhanced thread shares between the client's parts: what the server wrote on
// the section, hooks that dress up inserted markup, and a live region for announcements.
import { html } from '../render/html.ts';
import { THREAD_SORTS, type ThreadSort } from '../domain/comments/types.ts';
import type { RenderContext } from '../render/thread.ts';
import type { Locale } from '../i18n/locales.ts';
import { text } from '../render/thread-text.ts';

export interface ThreadClient {
  section: HTMLElement;
  threadId: string;
  articlePath: string;
  editWindowMs: number;
  sort: ThreadSort;
  /** The page's language (its #gz-messages block; English without one). */
  locale: Locale;
  /** `discussion.<key>` in the page's language. */
  say(key: string, vars?: Record<string, string | number>): string;
  /** Server-side rendering context, reused for markup made in the browser. */
  render: RenderContext;
  /** Adds the client's touches (own controls, vote state, times, "new" marks) to inserted markup. */
  decorate(root: ParentNode): void;
  addDecorator(decorator: (root: ParentNode) => void): void;
  /** Says something through the polite live region. */
  announce(text: string): void;
  /** Posts in flight; the live stream holds created events until they are answered. */
  posting: number;
  /** Ids this page posted, never offered again as "new". */
  postedHere: Set<string>;
  /** Called whenever a post has been answered (successfully or not). */
  onPostSettled: (() => void)[];
  /** Puts an inline reply form back in its place if it sits inside `within`, before that goes. */
  releaseForm(within: Element): void;
}

export function isSort(value: string | null | undefined): value is ThreadSort {
  return (THREAD_SORTS as readonly string[]).includes(value ?? '');
}

export function createThreadClient(section: HTMLElement, locale: Locale): ThreadClient {
  const data = section.dataset;
  const region = document.createElement('div');
  region.className = 'visually-hidden';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  section.append(region);

  const decorators: ((root: ParentNode) => void)[] = [];
  const windowSeconds = Number(data.editWindow);
  let clearTimer = 0;
  return {
    section,
    threadId: data.threadId!,
    articlePath: data.articlePath ?? location.pathname,
    editWindowMs: (Number.isFinite(windowSeconds) && windowSeconds >= 0 ? windowSeconds : 900) * 1000,
    sort: isSort(data.sort) ? data.sort : 'best',
    locale,
    say: (key, vars) => text(locale, key, vars),
    render: { articlePath: data.articlePath ?? location.pathname, csrf: html``, closed: !section.querySelector('#comment-form'), locale },
    decorate: (root) => decorators.forEach((decorate) => decorate(root)),
    addDecorator: (decorator) => decorators.push(decorator),
    announce(text) {
      // Emptied first so the same message twice in a row is still read out.
      region.textContent = '';
      window.clearTimeout(clearTimer);
      window.setTimeout(() => {
        region.textContent = text;
      }, 50);
      clearTimer = window.setTimeout(() => (region.textContent = ''), 10_000);
    },
    posting: 0,
    postedHere: new Set(),
    onPostSettled: [],
    releaseForm: () => undefined,
  };
}
