// Writing a comment with JavaScript: "Add a comment" at the top of the thread brings the form
// home (if it was answering someone) and puts the caret in it; Ctrl+Enter (⌘+Enter on a Mac)
// sends the comment or the edit being typed; "Preview" shows the text as the server will
// publish it (POST /api/v1/comment-preview, the same renderer), since the client does not carry
// the Markdown renderer itself.
import { html, trusted } from '../render/html.ts';
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { clearErrors, showFieldError } from './errors.ts';
import { isPlainClick } from './events.ts';
import { toFragment } from './place.ts';

export function enhanceCompose(t: ThreadClient): void {
  const form = t.section.querySelector<HTMLFormElement>('form#comment-form');
  const textarea = form?.querySelector<HTMLTextAreaElement>('textarea#comment-body');
  if (!form || !textarea) return;

  t.section.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('a.add-comment') || !isPlainClick(event)) return;
    event.preventDefault();
    // An open reply goes back to being the thread's own form (form.ts listens for its Cancel).
    form.querySelector<HTMLButtonElement>('.cancel-reply-button')?.click();
    form.scrollIntoView({ block: 'start' });
    textarea.focus();
  });

  t.section.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const field = event.target as Element;
    const target = field instanceof HTMLTextAreaElement ? field.closest<HTMLFormElement>('form#comment-form, form.comment-edit') : null;
    if (!target) return;
    event.preventDefault();
    target.requestSubmit();
  });

  const submitRow = form.querySelector('.form-submit');
  submitRow?.append(toFragment(html` <button type="button" class="button-secondary preview-button">${t.say('preview.button')}</button>`));
  submitRow?.after(toFragment(html`<p class="shortcut-hint">${t.say('form.shortcutHint')}</p>`));

  const removePreview = () => form.querySelector('#comment-preview')?.remove();
  textarea.addEventListener('input', removePreview);
  // Posted: the box is empty again, and so is the preview of what was in it.
  t.onPostSettled.push(() => {
    if (!textarea.value.trim()) removePreview();
  });

  form.addEventListener('click', (event) => {
    if ((event.target as Element).closest('.preview-button')) void preview();
  });

  let asking = false;
  async function preview(): Promise<void> {
    if (asking) return;
    clearErrors(form!);
    if (!textarea!.value.trim()) {
      showFieldError(textarea!, t.say('preview.empty'));
      return;
    }
    asking = true;
    try {
      const { data } = await api.preview(textarea!.value);
      removePreview();
      // The server's sanitised render, as a posted comment carries it in bodyHtml.
      textarea!
        .closest('.field')!
        .after(
          toFragment(
            html`<section id="comment-preview" class="comment-preview" aria-label="${t.say('preview.regionLabel')}"><p class="comment-preview-label">${t.say('preview.label')}</p><div class="comment-body">${trusted(data.html)}</div></section>`,
          ),
        );
      t.announce(t.say('preview.shown'));
    } catch (error) {
      showFieldError(textarea!, error instanceof ApiError ? error.message : t.say('preview.failed'));
    } finally {
      asking = false;
    }
  }
}
