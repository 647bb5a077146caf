// Which comments are the reader's, as the server knows them (their account or guest key), not as
// this browser remembers posting them: signed in on another device, or after their guest comments
// were claimed, the reader still gets Edit and Delete on their comments, and no votes or Report.
// A reader without a cookie (an empty form token on the page) owns nothing and asks nothing.
import { api } from './api.ts';
import type { ThreadClient } from './context.ts';
import { own } from './store.ts';

/** Comment id → when its edit window closes, on this browser's clock (0: closed). */
const known = new Map<string, number>();
const texts = new Map<string, string>();

/** When the reader may no longer edit their comment `id` (ms, this browser's clock); undefined: not theirs. */
export function ownDeadline(t: ThreadClient, id: string): number | undefined {
  const deadline = known.get(id);
  if (deadline !== undefined) return deadline;
  // Posted from this page: the server has not been asked since; the browser's own clock times it.
  if (t.postedHere.has(id)) return (own.get(id)?.at ?? Date.now()) + t.editWindowMs;
  return undefined;
}

export const isOwn = (t: ThreadClient, id: string) => ownDeadline(t, id) !== undefined;

/** The text as written (Markdown), while it may still be edited. */
export const ownText = (id: string) => texts.get(id);

function hasIdentity(section: HTMLElement): boolean {
  if (section.dataset.personal === 'true') return true;
  return [...section.querySelectorAll<HTMLInputElement>('input[name="csrf"]')].some((input) => input.value !== '');
}

export function enhanceOwnership(t: ThreadClient): void {
  // Markup drawn in the browser offers votes on every comment: one's own keeps only its score.
  t.addDecorator((root) => {
    for (const form of root.querySelectorAll<HTMLFormElement>('form.vote')) {
      const id = form.closest<HTMLElement>('article[data-comment-id]')?.dataset.commentId;
      if (!id || !isOwn(t, id)) continue;
      form.querySelectorAll('button').forEach((button) => button.remove());
      form.classList.add('vote-own');
    }
  });
  if (!hasIdentity(t.section)) return;
  void api
    .own(t.threadId)
    .then(({ data }) => {
      const now = Date.now();
      for (const comment of data.comments) {
        known.set(comment.id, comment.editSecondsLeft > 0 ? now + comment.editSecondsLeft * 1000 : 0);
        if (comment.body !== undefined) texts.set(comment.id, comment.body);
      }
      if (data.comments.length) t.decorate(t.section);
    })
    .catch(() => undefined);
}
