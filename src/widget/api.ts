// The discussion API from the browser: JSON in, JSON out, errors as ApiError. The guest cookie
// travels by itself (same origin); writes send application/json, which the server requires.
import type { CommentView, ThreadSort } from '../domain/comments/types.ts';

const BASE = '/api/v1';

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
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.');
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
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP_' + response.status,
      error?.message ?? 'Something went wrong. Please try again.',
      error?.field,
    );
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
  eventsUrl: (threadId: string) => `${BASE}/threads/${enc(threadId)}/events`,
};
