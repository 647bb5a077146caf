// /desk/posts/new and /desk/posts/:id/edit: the editor as a plain form that works without
// JavaScript. Each field is labelled and shows its own error; the status actions are submit
// buttons (name="action"), so the form needs no script to save, submit, publish or schedule.
// desk.js only turns the schedule time into the writer's time zone (tzOffset).
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { EditorChoices } from '../../../domain/posts/desk.ts';
import { csrfField } from '../forms.ts';
import { STATUS_LABELS } from './desk-posts.ts';
import { mediaTools } from './desk-editor-media.ts';
import type { PictureMedia } from '../../../render/picture.ts';
import type { ImageLackingAlt } from '../../../domain/posts/alt-text.ts';
import { previewLinks, seoFields } from './desk-editor-meta.ts';
import { editorAside, type EditorAsideData } from './desk-editor-aside.ts';
import { previewPane, saveStatus } from './desk-editor-writing.ts';

export interface EditorValues {
  title: string;
  excerpt: string;
  body: string;
  slug: string;
  category: string;
  tags: string;
  author: string;
  /** datetime-local text; in UTC when rendered by the server (tzOffset 0). */
  publishAt: string;
  /** Search and social metadata (desk-editor-meta.ts); empty: the defaults. */
  seoTitle: string;
  seoDescription: string;
  socialMediaId: string;
  canonicalUrl: string;
  /** The lead image (a media id; empty: none) and its focal point, percent across and down (desk-editor-media.ts). */
  leadMediaId: string;
  leadFocusX: string;
  leadFocusY: string;
}

export interface EditorPage {
  /** Absent for a new article. */
  post?: { id: string; status: string; type: string; slug: string; publishedAt: string | null; version: number; updatedAt?: string };
  values: EditorValues;
  choices: EditorChoices;
  csrfToken: string | null;
  error?: { message: string; field?: string } | null;
  saved?: string | null;
  /** The lead image named by values.leadMediaId, for its preview; null when there is none. */
  lead?: PictureMedia | null;
  /** The social image named by values.socialMediaId, and the site, for the search-result preview (desk-editor-meta.ts). */
  social?: PictureMedia | null;
  site?: { title: string; publicUrl: string | null };
  /** A preview link just made (its token), or 'revoked' after "Revoke links" (preview-routes.ts). */
  previewLink?: string | null;
  /** Images without alt text, shown at the body before the post goes out (domain/posts/alt-text.ts). */
  altWarning?: { action: string; images: ImageLackingAlt[] } | null;
  /** Revisions, correction notes and open error reports beside the form (desk-editor-aside.ts). */
  aside?: EditorAsideData | null;
}

type Action = { value: string; label: string; primary?: boolean };

const LOCKED_LIVE =
  'This article is live (or scheduled), so only an editor may change it. What you type here is kept in its revisions, beside the article: ask an editor to make the change.';
/** The save status line's note after an autosave of such an article. */
const KEPT_FOR_AN_EDITOR = 'Your changes are kept as a revision beside the article: ask an editor to make them live.';

/** The fields on screen, for the link from the error summary to the field at fault. */
const LABELS: Record<string, string> = {
  title: 'Title',
  excerpt: 'Standfirst',
  body: 'Body',
  slug: 'Slug',
  category: 'Category',
  tags: 'Tags',
  author: 'Author',
  publishAt: 'Publication time',
  seoTitle: 'SEO title',
  seoDescription: 'SEO description',
  socialMediaId: 'Social image',
  canonicalUrl: 'Canonical URL',
  leadMediaId: 'Lead image',
  leadFocusX: 'Focal point across',
  leadFocusY: 'Focal point down',
};

/** The buttons for the post's state; publishing ones only for those who may publish. */
function actions(status: string, mayPublish: boolean): Action[] {
  const publishing: Action[] = mayPublish
    ? [
        { value: 'publish', label: 'Publish now', primary: true },
        { value: 'schedule', label: 'Schedule' },
      ]
    : [];
  switch (status) {
    case 'review':
      return [{ value: 'save', label: 'Save' }, { value: 'draft', label: 'Back to draft' }, ...publishing];
    // A live article changes only through those who may publish it (domain/posts/revisions.ts: requireLiveEditRight).
    case 'scheduled':
      return mayPublish ? [{ value: 'save', label: 'Save changes' }, ...publishing, { value: 'draft', label: 'Unpublish' }] : [];
    case 'published':
      return mayPublish
        ? [
            { value: 'save', label: 'Save changes', primary: true },
            { value: 'draft', label: 'Unpublish' },
          ]
        : [];
    default:
      return [
        { value: 'draft', label: 'Save draft' },
        ...(mayPublish ? [] : [{ value: 'review', label: 'Submit for review', primary: true }]),
        ...publishing,
      ];
  }
}

function field(p: EditorPage, name: keyof EditorValues, label: string, control: (attrs: SafeHtml) => SafeHtml, hint?: string): SafeHtml {
  const id = `desk-${name}`;
  const fault = p.error?.field === name;
  const described = [hint ? `${id}-hint` : '', fault ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = trusted(
    `id="${id}" name="${name}"${fault ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}`,
  );
  return html`<div class="field desk-editor-field">
    <label for="${id}">${label}</label
    >${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : ''}${fault ? html`<p id="${id}-error" class="field-error">${p.error!.message}</p>` : ''}${control(attrs)}
  </div>`;
}

export function renderDeskEditor(p: EditorPage): SafeHtml {
  const v = p.values;
  const status = p.post?.status ?? 'draft';
  const heading = p.post ? `Edit “${v.title || 'Untitled'}”` : 'New article';
  const statusFault = p.error?.field === 'status';
  // A live article that this writer may not publish: no save buttons, and autosave keeps their text beside it (desk-autosave.js).
  const lockedLive = Boolean(p.post) && (status === 'published' || status === 'scheduled') && !p.choices.mayPublish;
  const list = (options: [string, string][], current: string) =>
    options.map(([value, text]) => html`<option value="${value}"${value === current ? trusted(' selected') : ''}>${text}</option>`);
  return html`<section class="desk desk-editor" aria-labelledby="desk-editor-heading">
    <h1 id="desk-editor-heading">${heading}</h1>
    ${p.post ? html`<p>Status: <strong class="desk-status desk-status-${status}">${STATUS_LABELS[status] ?? status}</strong>${p.post.status === 'published' && p.post.type === 'post' ? html` · <a href="/articles/${p.post.slug}">View article</a>` : ''}</p>` : ''}
    ${p.saved ? html`<p role="status" class="desk-saved">${p.saved}</p>` : ''}
    ${saveStatus(p)}
    ${p.error ? html`<div class="form-error" role="alert"><p>${p.error.field && LABELS[p.error.field] ? html`<a href="#desk-${p.error.field}">${LABELS[p.error.field]}</a>: ` : ''}${p.error.message}</p></div>` : ''}
    <form id="desk-editor-form" method="post" action="${p.post ? `/desk/posts/${p.post.id}` : '/desk/posts'}"${lockedLive ? html` data-kept-aside="${KEPT_FOR_AN_EDITOR}"` : ''}>
      ${csrfField(p.csrfToken)} ${p.post ? html`<input type="hidden" name="baseVersion" value="${String(p.post.version)}" />` : ''}
      <div id="desk-writing" class="desk-writing">
      <div class="desk-writing-fields">
      ${field(p, 'title', 'Title', (a) => html`<input type="text" ${a} value="${v.title}" maxlength="200" required />`)}
      ${field(p, 'excerpt', 'Standfirst', (a) => html`<textarea ${a} rows="3" maxlength="1000">${v.excerpt}</textarea>`, 'One or two sentences under the headline; also the summary in lists and feeds.')}
      ${field(p, 'body', 'Body (Markdown)', (a) => html`<textarea ${a} rows="20" maxlength="200000" required>${v.body}</textarea>`, '**bold**, *italic*, [link](https://…), ## heading, > quote, - list; images as ![alt text](media:ID).')}
      </div>
      ${previewPane()}
      </div>
      ${mediaTools(p)}
      <fieldset class="desk-meta">
        <legend>Details</legend>
        ${field(p, 'slug', 'Slug', (a) => html`<input type="text" ${a} value="${v.slug}" maxlength="200" pattern="[a-z0-9]+(-[a-z0-9]+)*" />`, 'The address: /articles/slug. Left empty, it is made from the title.')}
        ${field(
          p,
          'category',
          'Category',
          (a) =>
            html`<select ${a}>
              ${list([['', 'No category'], ...p.choices.categories.map((c): [string, string] => [c.slug, c.name])], v.category)}
            </select>`,
        )}
        ${field(p, 'tags', 'Tags', (a) => html`<input type="text" ${a} value="${v.tags}" maxlength="1100" />`, 'Separated by commas; new tags are created.')}
        ${
          p.choices.writers.length
            ? field(
                p,
                'author',
                'Author',
                (a) =>
                  html`<select ${a}>
                    ${list(
                      p.choices.writers.map((w): [string, string] => [w.slug, w.display_name]),
                      v.author,
                    )}
                  </select>`,
              )
            : ''
        }
        ${
          p.choices.mayPublish
            ? field(
                p,
                'publishAt',
                'Publication time (for Schedule)',
                (a) => html`<input type="datetime-local" ${a} value="${v.publishAt}" data-utc="${v.publishAt}" />`,
                'In UTC unless your browser runs JavaScript, which uses your own time zone.',
              )
            : ''
        }
        <input type="hidden" name="tzOffset" value="0" />
      </fieldset>
      ${seoFields(p)}
      <div
        class="desk-actions${statusFault ? ' desk-actions-error' : ''}"
        role="group"
        aria-label="Save or publish"
        ${statusFault ? trusted(' aria-describedby="desk-status-error"') : ''}
      >
        ${statusFault ? html`<p id="desk-status-error" class="field-error">${p.error!.message}</p>` : ''}
        ${lockedLive ? html`<p class="hint">${LOCKED_LIVE}</p>` : ''}
        ${actions(status, p.choices.mayPublish).map((a) => html`<button type="submit" name="action" value="${a.value}"${a.primary ? trusted(' class="desk-primary"') : ''}>${a.label}</button> `)}
      </div>
    </form>
    ${previewLinks(p)}
    ${editorAside(p)}
  </section>`;
}
