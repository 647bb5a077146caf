// The comment form with JavaScript: posts as JSON and shows the comment without a page load;
// "Reply" moves this one form under the comment answered (so guest details typed once stay),
// with Cancel and Escape to put it back where it was.
import { html } from '../render/html.ts';
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { clearErrors, showFieldError, showFormError } from './errors.ts';
import { authorNameOf, focusOn, headingCount, placeComment, setHeadingCount, toFragment } from './place.ts';
import { own } from './store.ts';
import { isPlainClick } from './events.ts';

export function enhanceForm(t: ThreadClient): void {
  const form = t.section.querySelector<HTMLFormElement>('form#comment-form');
  const textarea = form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (!form || !textarea) return;
  const heading = form.querySelector('h3')!;
  const homeHeading = heading.textContent;
  // A page opened at ?replyTo=ID carries a parentId already; going "home" restores it.
  const serverParent = form.querySelector<HTMLInputElement>('input[name="parentId"]');
  const serverParentValue = serverParent?.value ?? null;
  const home = document.createComment(' comment form ');
  form.before(home);
  let opener: HTMLAnchorElement | null = null;

  function parentInput(): HTMLInputElement {
    let input = form!.querySelector<HTMLInputElement>('input[name="parentId"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'parentId';
      form!.prepend(input);
    }
    return input;
  }

  function openReply(link: HTMLAnchorElement): void {
    const article = link.closest<HTMLElement>('article[data-comment-id]')!;
    clearErrors(form!);
    article.after(form!);
    heading.textContent = t.say('form.replyHeading', { name: authorNameOf(article) });
    parentInput().value = article.dataset.commentId!;
    form!.querySelector<HTMLElement>('.replying-to')?.setAttribute('hidden', '');
    if (!form!.querySelector('.cancel-reply-button')) {
      form!
        .querySelector('.form-submit')
        ?.append(toFragment(html` <button type="button" class="button-secondary cancel-reply-button">${t.say('form.cancel')}</button>`));
    }
    form!.classList.add('is-inline');
    opener = link;
    textarea!.focus();
  }

  function closeReply(returnFocus: boolean): void {
    if (!opener) return;
    home.after(form!);
    heading.textContent = homeHeading;
    if (serverParent && serverParentValue !== null) serverParent.value = serverParentValue;
    else form!.querySelector('input[name="parentId"]')?.remove();
    form!.querySelector('.replying-to')?.removeAttribute('hidden');
    form!.querySelector('.cancel-reply-button')?.remove();
    form!.classList.remove('is-inline');
    clearErrors(form!);
    const back = opener;
    opener = null;
    if (returnFocus && back.isConnected) back.focus();
  }

  t.releaseForm = (within) => {
    if (opener && within.contains(form)) closeReply(false);
  };

  t.section.addEventListener('click', (event) => {
    const target = event.target as Element;
    const link = target.closest<HTMLAnchorElement>('a.reply-link');
    if (link && isPlainClick(event)) {
      event.preventDefault();
      openReply(link);
    } else if (target.closest('.cancel-reply-button')) {
      closeReply(true);
    }
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && opener) {
      event.preventDefault();
      closeReply(true);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  async function submit(): Promise<void> {
    if (form!.getAttribute('aria-busy') === 'true') return;
    const body = textarea!.value;
    const parentId = form!.querySelector<HTMLInputElement>('input[name="parentId"]')?.value || null;
    const name = form!.querySelector<HTMLInputElement>('input[name="name"]');
    const email = form!.querySelector<HTMLInputElement>('input[name="email"]');
    clearErrors(form!);
    form!.setAttribute('aria-busy', 'true');
    t.posting++;
    try {
      const { data } = await api.post(t.threadId, {
        body,
        parentId,
        guest: name && email ? { name: name.value, email: email.value } : undefined,
      });
      t.postedHere.add(data.id);
      own.set(data.id, { at: Date.now(), body: body.trim() });
      textarea!.value = '';
      closeReply(false);
      // Held for review reads 'pending' (the markup carries the note); anything the author is to see as published is published.
      const held = data.status !== 'published';
      const article = placeComment(t, data);
      if (!held) setHeadingCount(t, headingCount(t) + 1);
      if (article) focusOn(article);
      t.announce(t.say(held ? 'form.held' : 'form.posted'));
    } catch (error) {
      const problem = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', t.say('errors.generic'));
      const field = problem.field?.split('.').pop();
      const control = field
        ? form!.querySelector<HTMLInputElement | HTMLTextAreaElement>(
            `textarea[name="${field}"], input[name="${field}"]:not([type="hidden"])`,
          )
        : null;
      if (control) showFieldError(control, withLabel(control, problem.message));
      else showFormError(form!, t.say('form.notPosted'), problem.message);
    } finally {
      form!.removeAttribute('aria-busy');
      t.posting--;
      t.onPostSettled.forEach((settled) => settled());
    }
  }
}

/** The API says "must not be empty" of a field; next to the field, "Name must not be empty" reads better. */
function withLabel(control: HTMLElement, message: string): string {
  const label = control.id ? document.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent?.trim() : undefined;
  return label && /^(must|is|are|cannot|should)\b/.test(message) ? `${label} ${message}` : message;
}
