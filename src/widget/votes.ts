// Voting without a page load. The buttons become toggles (aria-pressed) showing this browser's
// own vote, remembered locally because the cached page cannot know it; pressing the pressed
// one takes the vote back.
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { clearActionError, showActionError } from './errors.ts';
import { votes } from './store.ts';
import { text } from '../render/thread-text.ts';
import { pageLocale } from './messages.ts';

export interface Counts {
  upvotes: number;
  downvotes: number;
  score: number;
}

export function setCounts(article: HTMLElement, counts: Counts): void {
  const score = article.querySelector('.vote .score');
  if (score) {
    score.textContent = String(counts.score);
    score.setAttribute('aria-label', text(pageLocale(), 'vote.score', { score: String(counts.score) }));
  }
  article.querySelector('meta[itemprop="upvoteCount"]')?.setAttribute('content', String(counts.upvotes));
  article.querySelector('meta[itemprop="downvoteCount"]')?.setAttribute('content', String(counts.downvotes));
}

function showPressed(form: HTMLFormElement, mine: number): void {
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[name="value"]')) {
    button.setAttribute('aria-pressed', String(Number(button.value) === mine));
  }
}

function commentIdOf(form: HTMLFormElement): string | undefined {
  return form.closest<HTMLElement>('article[data-comment-id]')?.dataset.commentId;
}

/**
 * A browser's first vote, before it has a guest cookie, only gets it the cookie (VOTE_NEEDS_COOKIE):
 * the same request once more is counted. Once only: a browser that keeps refusing cookies sees the message.
 */
async function voteCounted(id: string, value: -1 | 0 | 1) {
  try {
    return await api.vote(id, value);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'VOTE_NEEDS_COOKIE') return api.vote(id, value);
    throw error;
  }
}

export function enhanceVotes(t: ThreadClient): void {
  t.addDecorator((root) => {
    for (const form of root.querySelectorAll<HTMLFormElement>('form.vote')) {
      const id = commentIdOf(form);
      if (id) showPressed(form, votes.get(id));
    }
  });

  t.section.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.matches('form.vote')) return;
    const requested = Number((event.submitter as HTMLButtonElement | null)?.value);
    const id = commentIdOf(form);
    // Without knowing which button (very old browsers), the plain form post still works.
    if (!id || (requested !== 1 && requested !== -1)) return;
    event.preventDefault();
    if (form.getAttribute('aria-busy') !== 'true') void send(form, id, votes.get(id) === requested ? 0 : requested);
  });

  async function send(form: HTMLFormElement, id: string, value: -1 | 0 | 1): Promise<void> {
    const article = form.closest<HTMLElement>('article')!;
    form.setAttribute('aria-busy', 'true');
    try {
      const { data } = await voteCounted(id, value);
      votes.set(id, data.myVote);
      clearActionError(article);
      setCounts(article, data);
      showPressed(form, data.myVote);
      const said = data.myVote === 1 ? 'vote.upvoted' : data.myVote === -1 ? 'vote.downvoted' : 'vote.withdrawn';
      t.announce(t.say(said, { score: String(data.score) }));
    } catch (error) {
      showActionError(article, error instanceof ApiError ? error.message : t.say('vote.failed'));
    } finally {
      form.removeAttribute('aria-busy');
    }
  }
}
