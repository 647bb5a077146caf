// The thread's markup for what is the reader's own, and for coming back to where they were. In
// the reader's own render (never the shared one), their comments carry Edit and Delete instead of
// votes and Report; without JavaScript Edit opens the editor in place (?edit=ID) and Delete asks
// inside a disclosure. Every no-JS form carries the page it was on (sort, after), so the server
// answers with that page, at the comment. Pure like thread.ts (the client bundles it).
import { html, type SafeHtml } from './html.ts';
import type { CommentView, ThreadSort } from '../domain/comments/types.ts';
import { signInHref, signUpHref } from './return-path.ts';
import type { Locale } from '../i18n/locales.ts';
import { rich, text } from './thread-text.ts';

/** Which of the page's comments are the reader's, and whether each may still be edited. */
export type OwnControls = ReadonlyMap<string, { editable: boolean }>;

/** The page of the thread a form was on: where the reader goes back to. */
export interface ThreadPlace {
  sort: ThreadSort;
  after: string | null;
}

/** A comment being edited without JavaScript: its text (or what the reader typed) and a refusal to show. */
export interface OwnEdit {
  id: string;
  body: string;
  error?: string | null;
}

/** The query of the page (with `extra`), the default order left out like the page cache's key. */
export function placeQuery(place: ThreadPlace | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (place && place.sort !== 'best') params.set('sort', place.sort);
  if (place?.after) params.set('after', place.after);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Hidden fields naming the page a no-JS form was sent from (none in the client, which stays on the page). */
export function placeFields(place: ThreadPlace | undefined): SafeHtml {
  if (!place) return html``;
  return html`<input type="hidden" name="sort" value="${place.sort}">${place.after ? html`<input type="hidden" name="after" value="${place.after}">` : ''}`;
}

/** One's own comment shows its score, without buttons to vote on it (the server refuses one's own votes). */
export function ownScore(comment: CommentView, locale?: Locale): SafeHtml {
  const score = String(comment.score);
  return html`<span class="vote vote-own"><span class="score" role="img" aria-label="${text(locale, 'vote.score', { score })}">${score}</span></span>`;
}

interface OwnContext {
  articlePath: string;
  csrf: SafeHtml;
  place?: ThreadPlace;
  locale?: Locale;
}

/** Edit (while the window is open) and Delete, as a link and a form: the client swaps them for its buttons. */
export function ownActions(comment: CommentView, ctx: OwnContext, control: { editable: boolean }): SafeHtml {
  const id = encodeURIComponent(comment.id);
  const { locale } = ctx;
  const yours = text(locale, 'own.yourComment');
  return html`<span class="own-actions" data-nojs="true">${
    control.editable
      ? html`<a class="comment-action" href="${ctx.articlePath}${placeQuery(ctx.place, { edit: comment.id })}#comment-${comment.id}">${text(locale, 'own.edit')}<span class="visually-hidden">${yours}</span></a>`
      : ''
  }<details class="own-delete">
            <summary>${text(locale, 'own.delete')}<span class="visually-hidden">${yours}</span></summary>
            <form class="own-delete-form" method="post" action="/comments/${id}/delete">
              ${ctx.csrf}
              <p>${text(locale, 'own.deleteQuestion')}</p>
              <button type="submit">${text(locale, 'own.deleteButton')}</button>
            </form>
          </details></span>`;
}

/** The editor in place of the comment's text, without JavaScript. */
export function ownEditForm(comment: CommentView, edit: OwnEdit, ctx: OwnContext): SafeHtml {
  const field = `edit-${comment.id}`;
  const { locale } = ctx;
  return html`<form class="comment-edit" method="post" action="/comments/${encodeURIComponent(comment.id)}/edit">
          ${ctx.csrf}
          <label for="${field}">${text(locale, 'own.editLabel')}</label>
          ${edit.error ? html`<p id="${field}-error" class="field-error" role="alert">${edit.error}</p>` : ''}
          <textarea id="${field}" name="body" rows="5" required maxlength="10000"${edit.error ? html` aria-invalid="true" aria-describedby="${field}-error"` : ''}>
${edit.body}</textarea>
          <p class="comment-edit-actions"><button type="submit">${text(locale, 'own.save')}</button> <a class="button-secondary comment-edit-cancel" href="${ctx.articlePath}${placeQuery(ctx.place)}#comment-${comment.id}">${text(locale, 'form.cancel')}</a></p>
        </form>`;
}

/** For a reader who is not signed in: the way to sign in, coming back to this discussion. */
export function signInOffer(articlePath: string, guestsAllowed: boolean, locale?: Locale, embedSignIn?: string): SafeHtml {
  const back = `${articlePath}#comments`;
  // In the embed frame, without JavaScript, sign-in and sign-up leave the small frame for a tab of their own.
  const away = embedSignIn ? html` target="_blank" rel="noopener"` : '';
  const signIn = html`<a href="${embedSignIn ?? signInHref(back)}"${away}>${text(locale, 'form.signIn')}</a>`;
  return guestsAllowed
    ? html`<p class="comment-sign-in">${rich(locale, 'form.signInGuest', { signIn })}</p>`
    : html`<p class="comment-sign-in">${rich(locale, 'form.signInRequired', { signIn, signUp: html`<a href="${signUpHref(back)}"${away}>${text(locale, 'form.signUp')}</a>` })}</p>`;
}
