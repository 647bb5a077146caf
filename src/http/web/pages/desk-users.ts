// /desk/users: the admin's list of accounts, 50 a page, oldest first, each with its role as a
// one-select form. A refused change (the last admin) is shown on its own row.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { User } from '../../../domain/records.ts';
import { ROLES } from '../../../domain/users/accounts.ts';
import { date } from '../components.ts';
import { csrfField } from '../forms.ts';

export interface DeskUsersPage {
  users: User[];
  page: number;
  hasNext: boolean;
  csrfToken: string | null;
  /** The row that was just changed, or refused. */
  changed?: { userId: string; message: string; error: boolean } | null;
}

const ROLE_LABELS: Record<string, string> = {
  reader: 'Reader',
  author: 'Author',
  editor: 'Editor',
  moderator: 'Moderator',
  admin: 'Admin',
};

function row(p: DeskUsersPage, user: User): SafeHtml {
  const id = `role-${user.id}`;
  const note = p.changed?.userId === user.id ? p.changed : null;
  return html`<tr>
    <th scope="row"><a href="/people/${user.slug}">${user.display_name}</a></th>
    <td>${user.email}${user.email_verified_at ? '' : html` <span class="desk-muted">(not confirmed)</span>`}</td>
    <td>${date(user.created_at)}</td>
    <td>
      <form method="post" action="/desk/users/${user.id}/role" class="desk-inline-form">
        ${csrfField(p.csrfToken)}<label class="visually-hidden" for="${id}">Role of ${user.display_name}</label>
        <select id="${id}" name="role"${note?.error ? trusted(` aria-invalid="true" aria-describedby="${id}-note"`) : ''}>
          ${ROLES.map((r) => html`<option value="${r}"${r === user.role ? trusted(' selected') : ''}>${ROLE_LABELS[r] ?? r}</option>`)}
        </select>
        <button type="submit">Change role</button>
        ${note ? html`<p id="${id}-note" class="${note.error ? 'field-error' : 'desk-saved'}" role="${note.error ? 'alert' : 'status'}">${note.message}</p>` : ''}
      </form>
    </td>
  </tr>`;
}

export function renderDeskUsers(p: DeskUsersPage): SafeHtml {
  return html`<section class="desk" aria-labelledby="desk-users-heading">
    <h1 id="desk-users-heading">People</h1>
    <p>
      Readers comment; authors write and submit for review; editors edit, publish and arrange the home page; moderators keep the
      discussion; admins do all of that and give people their roles. The site always keeps one admin.
    </p>
    <table class="desk-table">
      <caption class="visually-hidden">
        Accounts, oldest first, page ${String(p.page)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Joined</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        ${p.users.map((u) => row(p, u))}
      </tbody>
    </table>
    <nav class="pagination" aria-label="Pages">
      ${p.page > 1 ? html`<a rel="prev" href="/desk/users?page=${String(p.page - 1)}">← Earlier</a>` : ''}
      <span>Page ${String(p.page)}</span>
      ${p.hasNext ? html`<a rel="next" href="/desk/users?page=${String(p.page + 1)}">Later →</a>` : ''}
    </nav>
  </section>`;
}
