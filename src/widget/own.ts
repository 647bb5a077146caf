// Edit and Delete on the reader's own comments (ownership.ts: as the server knows them, on any
// device). The server decides; these buttons only appear where it is likely to say yes: Edit
// for the edit window after posting, Delete always. They replace the no-JS link and form.
import { html } from '../render/html.ts';
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { clearErrors, showActionError, showFieldError } from './errors.ts';
import { articleOf, focusOn, headingCount, itemOf, removeComment, replaceArticle, setHeadingCount, toFragment } from './place.ts';
import { own } from './store.ts';
import { ownDeadline, ownText } from './ownership.ts';

export function enhanceOwn(t: ThreadClient): void {
  t.addDecorator((root) => {
    for (const article of root.querySelectorAll<HTMLElement>('article.comment[data-comment-id]:not(.comment-deleted)'))
      addControls(article);
  });

  function addControls(article: HTMLElement): void {
    const id = article.dataset.commentId!;
    const deadline = ownDeadline(t, id);
    const actions = article.querySelector('.comment-actions');
    if (deadline === undefined || !actions || actions.querySelector('.own-actions:not([data-nojs])')) return;
    actions.querySelector('.own-actions[data-nojs]')?.remove();
    const left = deadline - Date.now();
    const yours = t.say('own.yourComment');
    const controls = toFragment(
      html`<span class="own-actions">${left > 0 ? html`<button type="button" class="comment-action" data-action="edit">${t.say('own.edit')}<span class="visually-hidden">${yours}</span></button>` : ''}<button type="button" class="comment-action" data-action="delete">${t.say('own.delete')}<span class="visually-hidden">${yours}</span></button></span>`,
    );
    actions.append(controls);
    if (left > 0) window.setTimeout(() => closeEditWindow(id), Math.min(left, 2 ** 31 - 1));
  }

  /** The window has passed: the server would refuse, so the button goes (focus moves to Delete). */
  function closeEditWindow(id: string): void {
    const edit = articleOf(t, id)?.querySelector<HTMLButtonElement>('[data-action="edit"]');
    if (!edit) return;
    const hadFocus = document.activeElement === edit;
    const del = edit.nextElementSibling as HTMLElement | null;
    edit.remove();
    if (hadFocus) del?.focus();
  }

  t.section.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const article = button?.closest<HTMLElement>('article[data-comment-id]');
    if (!button || !article) return;
    if (button.dataset.action === 'edit') openEditor(article);
    else if (button.dataset.action === 'delete') void remove(article);
    else if (button.dataset.action === 'cancel-edit') closeEditor(article);
  });

  t.section.addEventListener('keydown', (event) => {
    const editor = (event.target as Element).closest('form.comment-edit');
    if (event.key === 'Escape' && editor) {
      event.preventDefault();
      closeEditor(editor.closest<HTMLElement>('article')!);
    }
  });

  t.section.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.matches('form.comment-edit')) return;
    event.preventDefault();
    void save(form);
  });

  function openEditor(article: HTMLElement): void {
    const existing = article.querySelector<HTMLTextAreaElement>('form.comment-edit textarea');
    if (existing) return existing.focus();
    const id = article.dataset.commentId!;
    const body = article.querySelector<HTMLElement>('.comment-body')!;
    const fieldId = `edit-${id}`;
    const editor = toFragment(html`<form class="comment-edit">
      <label for="${fieldId}">${t.say('own.editLabel')}</label>
      <textarea id="${fieldId}" name="body" rows="5" required maxlength="10000"></textarea>
      <p class="comment-edit-actions"><button type="submit">${t.say('own.save')}</button> <button type="button" class="button-secondary" data-action="cancel-edit">${t.say('form.cancel')}</button></p>
    </form>`);
    const textarea = editor.querySelector('textarea')!;
    // The text as typed when this browser posted it; else what the page shows (markup lost).
    textarea.value = own.get(id)?.body ?? ownText(id) ?? body.innerText.trim();
    body.hidden = true;
    article.querySelector<HTMLElement>('.comment-actions')!.hidden = true;
    body.after(editor);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  function closeEditor(article: HTMLElement): void {
    const editor = article.querySelector('form.comment-edit');
    if (!editor) return;
    editor.remove();
    article.querySelector<HTMLElement>('.comment-body')!.hidden = false;
    article.querySelector<HTMLElement>('.comment-actions')!.hidden = false;
    article.querySelector<HTMLElement>('[data-action="edit"]')?.focus();
  }

  async function save(form: HTMLFormElement): Promise<void> {
    const article = form.closest<HTMLElement>('article[data-comment-id]')!;
    const id = article.dataset.commentId!;
    const textarea = form.querySelector('textarea')!;
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    form.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api.edit(id, textarea.value);
      const mine = own.get(id);
      own.set(id, { at: mine?.at ?? Date.now(), body: textarea.value.trim() });
      const updated = replaceArticle(t, data);
      if (updated) focusOn(updated);
      t.announce(t.say('own.updated'));
    } catch (error) {
      form.removeAttribute('aria-busy');
      showFieldError(textarea, error instanceof ApiError ? error.message : t.say('own.notSaved'));
    }
  }

  async function remove(article: HTMLElement): Promise<void> {
    const id = article.dataset.commentId!;
    if (!window.confirm(t.say('own.deleteQuestion'))) return;
    try {
      await api.remove(id);
    } catch (error) {
      // Already gone is what was asked for; anything else is shown.
      if (!(error instanceof ApiError && error.status === 404)) {
        showActionError(article, error instanceof ApiError ? error.message : t.say('own.notDeleted'));
        return;
      }
    }
    own.forget(id);
    const item = itemOf(t, id);
    if (item) t.releaseForm(item);
    const next = removeComment(t, id);
    setHeadingCount(t, headingCount(t) - 1);
    if (next) focusOn(next);
    t.announce(t.say('own.deleted'));
  }
}
