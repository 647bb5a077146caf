// Time, as a reader sees it: comments newer than the last visit to this thread are marked
// "New", and recent dates read as "3 hours ago" (the exact time stays in the title). The server
// render cannot do either: it is shared by everyone and cached.
import { html } from '../render/html.ts';
import type { ThreadClient } from './context.ts';
import { toFragment } from './place.ts';
import { own, visits } from './store.ts';
import { intlTag } from '../i18n/messages.ts';
import type { Locale } from '../i18n/locales.ts';
import { text } from '../render/thread-text.ts';
import { pageLocale } from './messages.ts';

let relative: Intl.RelativeTimeFormat | null = null;
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 hours ago" (in the page's language) for the last week; older dates keep the server's absolute text. */
export function relativeTime(then: number, now: number, locale: Locale = pageLocale()): string | null {
  const seconds = (now - then) / 1000;
  if (!Number.isFinite(seconds) || seconds >= 7 * DAY) return null;
  if (seconds < 45) return text(locale, 'comment.justNow');
  relative ??= new Intl.RelativeTimeFormat(intlTag(locale), { numeric: 'always' });
  if (seconds < HOUR) return relative.format(-Math.max(1, Math.round(seconds / MINUTE)), 'minute');
  if (seconds < DAY) return relative.format(-Math.round(seconds / HOUR), 'hour');
  return relative.format(-Math.round(seconds / DAY), 'day');
}

function showRelative(time: HTMLTimeElement): void {
  const shown = relativeTime(Date.parse(time.dateTime), Date.now());
  if (shown !== null && time.textContent !== shown) time.textContent = shown;
}

/** A class for the eye, a hidden word for screen readers. */
export function markNew(article: HTMLElement): void {
  if (article.classList.contains('is-new')) return;
  article.classList.add('is-new');
  article
    .querySelector('.comment-header')
    ?.prepend(toFragment(html`<span class="new-label visually-hidden">${text(pageLocale(), 'comment.new')}</span>`));
}

export function enhanceMarks(t: ThreadClient): void {
  // "Seen" reaches the newest comment shown, even when the server's clock runs ahead of this one.
  const shown = [...t.section.querySelectorAll<HTMLTimeElement>('.comment-header time[datetime]')].map(
    (time) => Date.parse(time.dateTime) || 0,
  );
  const lastVisit = visits.swap(t.threadId, Math.max(Date.now(), ...shown));
  t.addDecorator((root) => {
    for (const time of root.querySelectorAll<HTMLTimeElement>('.comment-header time[datetime]')) {
      showRelative(time);
      const article = time.closest<HTMLElement>('article[data-comment-id]');
      if (article && lastVisit !== null && Date.parse(time.dateTime) > lastVisit && !own.get(article.dataset.commentId!)) markNew(article);
    }
  });
  window.setInterval(() => t.section.querySelectorAll<HTMLTimeElement>('.comment-header time[datetime]').forEach(showRelative), 60_000);
}
