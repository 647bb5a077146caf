// /desk/sites: the admin's sites that embed the discussion (issue 15) — a list, a form to add
// one, and a page per site to change it, rotate its single sign-on secret or remove it. Plain
// forms: a refused save shows the form again, values kept, the message at the field.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { Site } from '../../../domain/records.ts';
import { THREAD_POLICIES } from '../../../domain/moderation/settings-schema.ts';
import { MAX_RADIUS_PX, THEME_FONTS } from '../../../domain/sites/validate.ts';
import { csrfField } from '../forms.ts';

/** What the form shows: a site's settings, or what was just sent. */
export interface SiteFormValues {
  name: string;
  title: string;
  origins: string;
  guestPolicy: string;
  defaultPolicy: string;
  lang: string;
  accent: string;
  font: string;
  radius: string;
}

export interface SiteFormError {
  message: string;
  /** One of the SiteFormValues keys, when the error is a field's. */
  field?: string;
}

const POLICY_LABELS: Record<string, string> = {
  '': 'The site-wide default',
  open: 'Open: published at once',
  'first-comment': "First comment: a new commenter's first comment is reviewed",
  all: 'All: every comment is reviewed',
  closed: 'Closed: no new comments',
};

export function valuesOfSite(site: Site): SiteFormValues {
  return {
    name: site.name,
    title: site.title,
    origins: site.origins.join('\n'),
    guestPolicy: site.guestPolicy,
    defaultPolicy: site.defaultPolicy ?? '',
    lang: site.lang ?? '',
    accent: site.theme.accent ?? '',
    font: THEME_FONTS.find((f) => f.stack === site.theme.font)?.key ?? '',
    radius: site.theme.radius ? site.theme.radius.replace(/px$/, '') : '',
  };
}

export const EMPTY_SITE: SiteFormValues = {
  name: '',
  title: '',
  origins: '',
  guestPolicy: 'guests',
  defaultPolicy: '',
  lang: '',
  accent: '',
  font: '',
  radius: '',
};

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  title: 'Title',
  origins: 'Origins',
  guestPolicy: 'Who may comment',
  defaultPolicy: 'Moderation of new threads',
  lang: 'Language',
  accent: 'Accent colour',
  font: 'Font',
  radius: 'Corner radius',
};

const selected = (on: boolean) => (on ? trusted(' selected') : '');

function field(
  id: string,
  name: keyof SiteFormValues,
  label: string,
  error: SiteFormError | null,
  control: SafeHtml,
  hint?: string,
): SafeHtml {
  const fault = error?.field === name;
  return html`<div class="field">
    <label for="${id}-${name}">${label}</label>${hint ? html`<p id="${id}-${name}-hint" class="hint">${hint}</p>` : ''}
    ${fault ? html`<p id="${id}-${name}-error" class="field-error">${error!.message}</p>` : ''} ${control}
  </div>`;
}

/** aria-invalid and aria-describedby for a control, from its hint and whether it is at fault. */
function aria(id: string, name: string, error: SiteFormError | null, hint: boolean): SafeHtml {
  const fault = error?.field === name;
  const described = [hint ? `${id}-${name}-hint` : '', fault ? `${id}-${name}-error` : ''].filter(Boolean).join(' ');
  return trusted(`${fault ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}`);
}

function siteForm(o: {
  id: string;
  action: string;
  heading: string;
  submit: string;
  values: SiteFormValues;
  error: SiteFormError | null;
  csrfToken: string | null;
  isNew: boolean;
}): SafeHtml {
  const { id, values: v, error } = o;
  return html`<form id="${id}" class="account-form desk-site-form" method="post" action="${o.action}" aria-labelledby="${id}-heading">
    <h2 id="${id}-heading">${o.heading}</h2>
    ${error ? html`<div class="form-error" role="alert"><p>${error.field ? html`<a href="#${id}-${error.field}">${FIELD_LABELS[error.field] ?? error.field}</a>: ` : ''}${error.message}</p></div>` : ''}
    ${csrfField(o.csrfToken)}
    ${
      o.isNew
        ? field(
            id,
            'name',
            'Name (the data-site of the embed snippet)',
            error,
            html`<input id="${id}-name" name="name" value="${v.name}" maxlength="40" required pattern="[a-z0-9]+(-[a-z0-9]+)*"${aria(id, 'name', error, true)}>`,
            'Lower-case letters, digits and "-", up to 40; it cannot be changed later.',
          )
        : ''
    }
    ${field(id, 'title', 'Title', error, html`<input id="${id}-title" name="title" value="${v.title}" maxlength="200"${aria(id, 'title', error, false)}>`)}
    ${field(
      id,
      'origins',
      'Origins allowed to embed',
      error,
      html`<textarea id="${id}-origins" name="origins" rows="3" maxlength="6200" required${aria(id, 'origins', error, true)}>${v.origins}</textarea>`,
      'One per line, scheme and host only, like https://blog.example',
    )}
    ${field(
      id,
      'guestPolicy',
      'Who may comment',
      error,
      html`<select id="${id}-guestPolicy" name="guestPolicy"${aria(id, 'guestPolicy', error, false)}>
        <option value="guests"${selected(v.guestPolicy !== 'accounts')}>Guests and signed-in readers</option>
        <option value="accounts"${selected(v.guestPolicy === 'accounts')}>Signed-in (or single sign-on) readers only</option>
      </select>`,
    )}
    ${field(
      id,
      'defaultPolicy',
      'Moderation of new threads',
      error,
      html`<select id="${id}-defaultPolicy" name="defaultPolicy"${aria(id, 'defaultPolicy', error, false)}>
        ${['', ...THREAD_POLICIES].map((p) => html`<option value="${p}"${selected(v.defaultPolicy === p)}>${POLICY_LABELS[p] ?? p}</option>`)}
      </select>`,
    )}
    ${field(
      id,
      'lang',
      'Language',
      error,
      html`<input id="${id}-lang" name="lang" value="${v.lang}" maxlength="35"${aria(id, 'lang', error, true)}>`,
      "A language tag like en, hi, pt-BR; empty: the reader's own.",
    )}
    <fieldset class="desk-site-theme">
      <legend>Theme</legend>
      ${field(
        id,
        'accent',
        'Accent colour',
        error,
        html`<input id="${id}-accent" name="accent" value="${v.accent}" maxlength="7" placeholder="#1a5fb4" pattern="#[0-9a-fA-F]{6}"${aria(id, 'accent', error, true)}>`,
        'A colour as #rrggbb; empty: Gazette’s.',
      )}
      ${field(
        id,
        'font',
        'Font',
        error,
        html`<select id="${id}-font" name="font"${aria(id, 'font', error, false)}>
          <option value=""${selected(v.font === '')}>Gazette’s</option>
          ${THEME_FONTS.map((f) => html`<option value="${f.key}"${selected(v.font === f.key)}>${f.label}</option>`)}
        </select>`,
      )}
      ${field(
        id,
        'radius',
        'Corner radius (pixels)',
        error,
        html`<input id="${id}-radius" name="radius" type="number" min="0" max="${String(MAX_RADIUS_PX)}" step="1" value="${v.radius}"${aria(id, 'radius', error, true)}>`,
        `0 to ${MAX_RADIUS_PX}; empty: Gazette’s.`,
      )}
    </fieldset>
    <p class="form-submit"><button type="submit">${o.submit}</button></p>
  </form>`;
}

function secretNotice(secret: string | null): SafeHtml {
  if (!secret) return html``;
  return html`<div class="desk-site-secret" role="status">
    <p><strong>Single sign-on secret, shown this once.</strong> Keep it on the site’s own server (it signs the site’s users in); rotate it here if it leaks.</p>
    <p><code>${secret}</code></p>
  </div>`;
}

export interface DeskSitesPage {
  sites: Site[];
  csrfToken: string | null;
  /** The add form as sent, when it was refused. */
  values?: SiteFormValues;
  error?: SiteFormError | null;
  /** A site just added: its secret, shown once. */
  created?: { name: string; secret: string } | null;
  removed?: string | null;
}

export function renderDeskSites(p: DeskSitesPage): SafeHtml {
  return html`<section class="desk" aria-labelledby="desk-sites-heading">
    <h1 id="desk-sites-heading">Sites</h1>
    <p>
      Sites that embed this discussion under their own pages, each with the origins allowed to show it, who may comment, and its
      look. The embed snippet names the site: <code>data-site="name"</code>.
    </p>
    ${p.created ? html`<p class="desk-saved" role="status">Site ${p.created.name} registered.</p>${secretNotice(p.created.secret)}` : ''}
    ${p.removed ? html`<p class="desk-saved" role="status">Site ${p.removed} removed; its threads and comments are kept.</p>` : ''}
    ${
      p.sites.length === 0
        ? html`<p>No site is registered yet.</p>`
        : html`<table class="desk-table">
          <caption class="visually-hidden">Registered sites</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Origins</th>
              <th scope="col">Who may comment</th>
              <th scope="col">New threads</th>
            </tr>
          </thead>
          <tbody>
            ${p.sites.map(
              (s) => html`<tr>
                <th scope="row"><a href="/desk/sites/${s.name}">${s.name}</a>${s.title ? html` <span class="desk-muted">${s.title}</span>` : ''}</th>
                <td>${s.origins.join(', ')}</td>
                <td>${s.guestPolicy === 'accounts' ? 'Accounts only' : 'Guests too'}</td>
                <td>${s.defaultPolicy ?? 'Site-wide default'}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }
    ${siteForm({ id: 'site-add', action: '/desk/sites', heading: 'Add a site', submit: 'Add the site', values: p.values ?? EMPTY_SITE, error: p.error ?? null, csrfToken: p.csrfToken, isNew: true })}
  </section>`;
}

export interface DeskSitePage {
  site: Site;
  csrfToken: string | null;
  values?: SiteFormValues;
  error?: SiteFormError | null;
  saved?: boolean;
  /** A secret just rotated: shown once. */
  secret?: string | null;
}

export function renderDeskSite(p: DeskSitePage): SafeHtml {
  const name = p.site.name;
  return html`<section class="desk" aria-labelledby="desk-site-heading">
    <p><a href="/desk/sites">← Sites</a></p>
    <h1 id="desk-site-heading">Site ${name}</h1>
    ${p.saved ? html`<p class="desk-saved" role="status">Saved.</p>` : ''} ${secretNotice(p.secret ?? null)}
    ${siteForm({ id: 'site-edit', action: `/desk/sites/${name}`, heading: 'Settings', submit: 'Save', values: p.values ?? valuesOfSite(p.site), error: p.error ?? null, csrfToken: p.csrfToken, isNew: false })}
    <form class="desk-inline-form" method="post" action="/desk/sites/${name}/secret">
      ${csrfField(p.csrfToken)}
      <p>A new single sign-on secret: tokens signed with the old one are refused from then on.</p>
      <button type="submit">Rotate the secret</button>
    </form>
    <form class="desk-inline-form" method="post" action="/desk/sites/${name}/remove">
      ${csrfField(p.csrfToken)}
      <p>Removing the site stops its embeds; its threads and comments are kept, and come back if it is added again.</p>
      <button type="submit">Remove the site</button>
    </form>
  </section>`;
}
