// The discussion API from the browser: JSON in, JSON out, errors as ApiError. The guest cookie
// travels by itself (same origin); writes send application/json, which the server requires.
import type { CommentView, ThreadSort } from '../domain/comments/types.ts';
import { text as discussionText, errorText } from '../render/thread-text.ts';
import { pageLocale } from './messages.ts';

const BASE = '/api/v1';

/**
 * Inside the embed frame (its page carries `data-embed`, or <html class="embed">) every request
 * says so, so the server sets its cookies partitioned, which browsers keep in a third-party frame.
 */
const inEmbed = () =>
  typeof document !== 'undefined' &&
  (document.documentElement.classList.contains('embed') || document.querySelector('[data-embed]') !== null);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Dotted path of the field at fault, e.g. `guest.email`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface PageResponse {
  threadId: string;
  sort: ThreadSort;
  commentCount: number;
  closed: boolean;
  /** Editor's picks (first page only). */
  featured?: CommentView[];
  comments: CommentView[];
  nextCursor: string | null;
}

export interface VoteResponse {
  upvotes: number;
  downvotes: number;
  score: number;
  myVote: -1 | 0 | 1;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(inEmbed() ? { 'x-gazette-embed': '1' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', discussionText(pageLocale(), 'errors.network'));
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: fall through to the generic message.
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    const code = error?.code ?? 'HTTP_' + response.status;
    // The page's language by the error's code where it has words for it, else the server's text.
    const message = error?.message ? errorText(pageLocale(), code, error.message) : discussionText(pageLocale(), 'errors.generic');
    throw new ApiError(response.status, code, message, error?.field);
  }
  return { status: response.status, data: data as T };
}

const enc = encodeURIComponent;

export const api = {
  page: (threadId: string, sort: ThreadSort, cursor: string | null) =>
    request<PageResponse>('GET', `/threads/${enc(threadId)}/comments?sort=${enc(sort)}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
  post: (threadId: string, input: { body: string; parentId: string | null; guest?: { name: string; email: string } }) =>
    request<CommentView>('POST', `/threads/${enc(threadId)}/comments`, input),
  edit: (id: string, body: string) => request<CommentView>('PATCH', `/comments/${enc(id)}`, { body }),
  remove: (id: string) => request<null>('DELETE', `/comments/${enc(id)}`),
  vote: (id: string, value: -1 | 0 | 1) => request<VoteResponse>('POST', `/comments/${enc(id)}/vote`, { value }),
  report: (id: string, reason: string, note: string) =>
    request<{ updated: boolean }>('POST', `/comments/${enc(id)}/report`, { reason, note }),
  /** This reader's own comments that the shared pages leave out (held, rejected, shadow). */
  mine: (threadId: string) => request<{ comments: CommentView[] }>('GET', `/threads/${enc(threadId)}/mine`),
  /** Which comments of the thread are this reader's (by session or guest cookie), with the edit time left. */
  own: (threadId: string) =>
    request<{ comments: { id: string; editSecondsLeft: number; body?: string }[] }>('GET', `/threads/${enc(threadId)}/own`),
  /** A long conversation's later replies (the cursor comes from its "more replies" link). */
  replies: (rootId: string, cursor: string) =>
    request<{ rootId: string; comments: CommentView[]; nextCursor: string | null; remaining: number }>(
      'GET',
      `/comments/${enc(rootId)}/replies?cursor=${enc(cursor)}`,
    ),
  /** The text as it would be published (the server's comment renderer); nothing is stored. */
  preview: (body: string) => request<{ html: string }>('POST', '/comment-preview', { body }),
  // An EventSource cannot send headers: the embed says so in its URL.
  /** lastEventId: where a new stream resumes after an earlier one gave up (the server replays what came after). */
  eventsUrl: (threadId: string, lastEventId?: string) => {
    const query = [...(inEmbed() ? ['embed=1'] : []), ...(lastEventId ? [`lastEventId=${enc(lastEventId)}`] : [])];
    return `${BASE}/threads/${enc(threadId)}/events${query.length ? `?${query.join('&')}` : ''}`;
  },
};
