// /desk/posts: every post and page the viewer may edit, newest change first, with filters
// (status, author, category, type), a title search and numbered pages. A plain GET form.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { DESK_STATUSES, type DeskList, type DeskListFilters, type DeskPostRow } from '../../../domain/posts/desk.ts';

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
};

/** Readers see a scheduled post once its time has come; the desk says so too. */
function shownStatus(row: DeskPostRow, now: string): string {
  return row.status === 'scheduled' && row.published_at && row.published_at <= now ? 'published' : row.status;
}

export function listUrl(filters: DeskListFilters, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'author', 'category', 'type', 'q'] as const) if (filters[key]) params.set(key, filters[key]);
  if (page && page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/desk/posts?${query}` : '/desk/posts';
}

function select(id: string, name: string, label: string, current: string | undefined, options: [string, string][]): SafeHtml {
  return html`<div class="desk-field">
    <label for="${id}">${label}</label
    ><select id="${id}" name="${name}">
      ${options.map(
        ([value, text]) => html`<option value="${value}"${value === (current ?? '') ? trusted(' selected') : ''}>${text}</option>`,
      )}
    </select>
  </div>`;
}

function filterForm(list: DeskList | null, filters: DeskListFilters): SafeHtml {
  return html`<form class="desk-filter" method="get" action="/desk/posts" role="search" aria-label="Filter posts">
    <div class="desk-field">
      <label for="desk-q">Title contains</label><input id="desk-q" type="search" name="q" value="${filters.q ?? ''}" maxlength="200" />
    </div>
    ${select('desk-status', 'status', 'Status', filters.status, [['', 'Any status'], ...DESK_STATUSES.map((s): [string, string] => [s, STATUS_LABELS[s]!])])}
    ${list && !list.ownOnly ? select('desk-author', 'author', 'Author', filters.author, [['', 'Anyone'], ...list.writers.map((w): [string, string] => [w.slug, w.display_name])]) : ''}
    ${select('desk-category', 'category', 'Category', filters.category, [['', 'Any category'], ...(list?.categories ?? []).map((c): [string, string] => [c.slug, c.name])])}
    ${select('desk-type', 'type', 'Kind', filters.type, [
      ['', 'Posts and pages'],
      ['post', 'Posts'],
      ['page', 'Pages'],
    ])}
    <div class="desk-field desk-field-buttons"><button type="submit">Filter</button> <a href="/desk/posts">Clear</a></div>
  </form>`;
}

function row(r: DeskPostRow, now: string): SafeHtml {
  const status = shownStatus(r, now);
  const when = r.updated_at.slice(0, 16).replace('T', ' ');
  return html`<tr>
    <td><a href="/desk/posts/${r.id}/edit">${r.title}</a>${r.type === 'page' ? html` <span class="desk-kind">(page)</span>` : ''}</td>
    <td>
      <span class="desk-status desk-status-${status}">${STATUS_LABELS[status] ?? status}</span
      >${status === 'scheduled' && r.published_at ? html`<br /><time datetime="${r.published_at}">${r.published_at.slice(0, 16).replace('T', ' ')} UTC</time>` : ''}
    </td>
    <td>${r.author_name}</td>
    <td>${r.category_name ?? '—'}</td>
    <td><time datetime="${r.updated_at}">${when} UTC</time></td>
    <td class="desk-number">${r.comment_count}</td>
  </tr>`;
}

export function renderDeskPosts(o: {
  list: DeskList | null;
  filters: DeskListFilters;
  now: string;
  error?: { message: string; field?: string } | null;
}): SafeHtml {
  const { list, filters } = o;
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  return html`<section class="desk" aria-labelledby="desk-posts-heading">
    <h1 id="desk-posts-heading">Posts</h1>
    <p><a class="desk-button" href="/desk/posts/new">New article</a></p>
    ${list?.ownOnly ? html`<p class="hint">You see your own posts.</p>` : ''}
    ${o.error ? html`<div class="form-error" role="alert"><p>${o.error.field ? `${o.error.field}: ` : ''}${o.error.message}</p></div>` : ''}
    ${filterForm(list, filters)}
    ${
      list
        ? html`<p class="desk-count" role="status">${list.total} ${list.total === 1 ? 'post' : 'posts'}</p>
            ${
              list.rows.length
                ? html`<table class="desk-table">
                    <caption class="visually-hidden">
                      Posts, most recently changed first
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Title</th>
                        <th scope="col">Status</th>
                        <th scope="col">Author</th>
                        <th scope="col">Category</th>
                        <th scope="col">Last change</th>
                        <th scope="col">Comments</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${list.rows.map((r) => row(r, o.now))}
                    </tbody>
                  </table>`
                : html`<p>No posts match.</p>`
            }
            ${pages > 1 ? pager(filters, list.page, pages) : ''}`
        : ''
    }
  </section>`;
}

function pager(filters: DeskListFilters, page: number, pages: number): SafeHtml {
  return html`<nav class="desk-pager" aria-label="Pages of posts">
    <p>
      ${page > 1 ? html`<a rel="prev" href="${listUrl(filters, page - 1)}">Newer</a>` : ''}
      <span>Page ${page} of ${pages}</span>
      ${page < pages ? html`<a rel="next" href="${listUrl(filters, page + 1)}">Older</a>` : ''}
    </p>
  </nav>`;
}
