// /desk: the writers' desk front page — where to go (posts, new article, the review queue), the
// newsroom dashboard for a chosen period (pages/desk-dashboard.ts) and, for admins, the desk's
// one setting. Every desk page starts with the same navigation.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { can, type Actor } from '../../../domain/policy.ts';
import type { DeskSettings } from '../../../domain/posts/desk-settings.ts';
import { csrfField } from '../forms.ts';
import type { Period } from '../../../domain/newsroom/period.ts';
import type { NewsroomStats } from '../../../domain/newsroom/stats.ts';
import { periodForm, renderDashboard } from './desk-dashboard.ts';

/** The desk's sections; each shown only to those whose role may use it. */
const NAV: { href: string; label: string; shows: (viewer: Actor) => boolean }[] = [
  { href: '/desk', label: 'Desk', shows: (v) => can('desk.use', v) },
  { href: '/desk/posts', label: 'Posts', shows: (v) => can('desk.use', v) },
  { href: '/desk/posts?status=review', label: 'In review', shows: (v) => can('desk.use', v) },
  { href: '/desk/posts/new', label: 'New article', shows: (v) => can('post.create', v) },
  { href: '/desk/reports', label: 'Error reports', shows: (v) => can('errorReports.handle', v) },
  { href: '/desk/front-page', label: 'Home page', shows: (v) => can('home.arrange', v) },
  { href: '/desk/users', label: 'People', shows: (v) => can('users.manage', v) },
  { href: '/desk/sites', label: 'Sites', shows: (v) => can('settings.change', v) },
];

/** Which section a desk URL is: the list of posts in review is its own; other lists are "Posts". */
export function deskSectionOf(url: string): string {
  const { pathname, searchParams } = new URL(url, 'http://desk.invalid');
  if (pathname === '/desk/posts' && searchParams.get('status') === 'review' && [...searchParams.keys()].length === 1)
    return '/desk/posts?status=review';
  return NAV.some((item) => item.href === pathname) ? pathname : '';
}

/** The navigation every desk page starts with (put there by the desk's page sender, desk-routes.ts). */
export function deskNav(current: string, viewer: Actor): SafeHtml {
  return html`<nav class="desk-nav" aria-label="Desk">
    <ul>
      ${NAV.filter((item) => item.shows(viewer)).map(
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
  /** The period shown (the default when the asked one was refused). */
  period: Period;
  /** Null when the period asked for was refused: the form shows why instead. */
  dashboard: NewsroomStats | null;
  periodError?: { message: string } | null;
  /** Moderators and admins: the queue figure links to the moderation desk. */
  mayModerate: boolean;
}

export function renderDeskHome(o: DeskHomeOptions): SafeHtml {
  const workflow =
    o.role === 'author'
      ? 'Write a draft, then submit it for review: an editor publishes or schedules it.'
      : 'Open the posts in review, edit, then publish now or schedule them.';
  return html`<section class="desk" aria-labelledby="desk-heading">
    <h1 id="desk-heading">Desk</h1>
    <p>Signed in as ${o.name} (${o.role}). ${workflow}</p>
    <p><a class="desk-button" href="/desk/posts/new">New article</a></p>
    <section class="desk-dashboard" aria-labelledby="desk-dashboard-heading">
      <h2 id="desk-dashboard-heading">Newsroom</h2>
      ${periodForm(o.period, o.periodError)} ${o.dashboard ? renderDashboard(o.dashboard, o.mayModerate) : ''}
    </section>
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
