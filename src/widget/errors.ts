// Error messages inside forms, marked up the way the no-JavaScript form shows them: the message
// before the field, the field aria-invalid and described by it; errors about no field in a
// summary box that is announced.
import { html } from '../render/html.ts';
import { toFragment } from './place.ts';

type Control = HTMLInputElement | HTMLTextAreaElement;

function describedBy(control: Control, add: string | null, remove: (token: string) => boolean): void {
  const tokens = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((token) => token && !remove(token));
  if (add) tokens.push(add);
  if (tokens.length) control.setAttribute('aria-describedby', tokens.join(' '));
  else control.removeAttribute('aria-describedby');
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll('.field-error, .form-error').forEach((node) => node.remove());
  for (const control of form.querySelectorAll<Control>('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    describedBy(control, null, (token) => token.endsWith('-error'));
  }
}

/** Shows `message` next to the field, keeps what was typed, and puts the caret back in it. */
export function showFieldError(control: Control, message: string): void {
  const id = `${control.id}-error`;
  control.before(toFragment(html`<p id="${id}" class="field-error">${message}</p>`));
  control.setAttribute('aria-invalid', 'true');
  describedBy(control, id, (token) => token === id);
  control.focus();
}

export function showFormError(form: HTMLFormElement, title: string, message: string): void {
  const box = toFragment(html`<div class="form-error" role="alert"><p class="form-error-title">${title}</p><p>${message}</p></div>`);
  const heading = form.querySelector('h3');
  if (heading) heading.after(box);
  else form.prepend(box);
}

/** An error about an action on a comment (vote, delete): one at a time, read out at once. */
export function showActionError(article: HTMLElement, message: string): void {
  article.querySelector('.action-error')?.remove();
  article.querySelector('.comment-actions')?.after(toFragment(html`<p class="action-error" role="alert">${message}</p>`));
}

export function clearActionError(article: HTMLElement): void {
  article.querySelector('.action-error')?.remove();
}
