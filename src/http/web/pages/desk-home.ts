// /desk: the writers' desk front page — where to go (posts, new article, the review queue) and,
// for admins, the desk's one setting. Every desk page starts with the same navigation.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { DeskSettings } from '../../../domain/posts/desk-settings.ts';
import { csrfField } from '../forms.ts';

const NAV: { href: string; label: string }[] = [
  { href: '/desk', label: 'Desk' },
  { href: '/desk/posts', label: 'Posts' },
  { href: '/desk/posts?status=review', label: 'In review' },
  { href: '/desk/posts/new', label: 'New article' },
  { href: '/desk/front-page', label: 'Home page' },
  { href: '/desk/users', label: 'People' },
];

export function deskNav(current: string): SafeHtml {
  return html`<nav class="desk-nav" aria-label="Desk">
    <ul>
      ${NAV.map(
        (item) => html`<li><a href="${item.href}"${item.href === current ? trusted(' aria-current="page"') : ''}>${item.label}</a></li>`,
      )}
    </ul>
  </nav>`;
}

export interface DeskHomeOptions {
  name: string;
  role: string;
  /** Only for admins, who may change it. */
  settings: DeskSettings | null;
  csrfToken: string | null;
  saved: boolean;
}

export function renderDeskHome(o: DeskHomeOptions): SafeHtml {
  const workflow =
    o.role === 'author'
      ? 'Write a draft, then submit it for review: an editor publishes or schedules it.'
      : 'Open the posts in review, edit, then publish now or schedule them.';
  return html`<section class="desk" aria-labelledby="desk-heading">
    ${deskNav('/desk')}
    <h1 id="desk-heading">Desk</h1>
    <p>Signed in as ${o.name} (${o.role}). ${workflow}</p>
    <p><a class="desk-button" href="/desk/posts/new">New article</a></p>
    ${o.settings ? settingsForm(o.settings, o.csrfToken, o.saved) : ''}
  </section>`;
}

function settingsForm(settings: DeskSettings, csrfToken: string | null, saved: boolean): SafeHtml {
  return html`<form class="desk-settings" method="post" action="/desk/settings" aria-labelledby="desk-settings-heading">
    <h2 id="desk-settings-heading">Desk settings</h2>
    ${saved ? html`<p role="status" class="desk-saved">Settings saved.</p>` : ''} ${csrfField(csrfToken)}
    <div class="field field-checkbox">
      <input
        id="desk-authors-may-publish"
        type="checkbox"
        name="authorsMayPublish"
        value="1"
        ${settings.authorsMayPublish ? trusted(' checked') : ''}
      />
      <label for="desk-authors-may-publish">Authors may publish and schedule their own posts (otherwise they submit them for review)</label>
    </div>
    <p><button type="submit">Save settings</button></p>
  </form>`;
}
