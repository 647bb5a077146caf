// "Report" without a page load: the small form inside each comment's <details> is sent as JSON
// and replaced by a thank-you. Not offered on the reader's own comments (the server refuses).
import { html } from '../render/html.ts';
import { api, ApiError } from './api.ts';
import type { ThreadClient } from './context.ts';
import { clearActionError, showActionError } from './errors.ts';
import { focusOn, toFragment } from './place.ts';
import { isOwn } from './ownership.ts';

export function enhanceReports(t: ThreadClient): void {
  t.addDecorator((root) => {
    for (const control of root.querySelectorAll<HTMLElement>('details.report')) {
      const id = control.closest<HTMLElement>('article[data-comment-id]')?.dataset.commentId;
      if (id && isOwn(t, id)) control.remove();
    }
  });

  t.section.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.matches('form.report-form')) return;
    event.preventDefault();
    if (form.getAttribute('aria-busy') !== 'true') void send(form);
  });

  async function send(form: HTMLFormElement): Promise<void> {
    const article = form.closest<HTMLElement>('article[data-comment-id]')!;
    const reason = form.querySelector<HTMLInputElement>('input[name="reason"]:checked')?.value ?? 'other';
    const note = form.querySelector<HTMLTextAreaElement>('textarea[name="note"]')?.value ?? '';
    form.setAttribute('aria-busy', 'true');
    try {
      await api.report(article.dataset.commentId!, reason, note);
      clearActionError(article);
      const thanks = toFragment(html`<p class="report-thanks">${t.say('report.thanks')}</p>`).firstElementChild as HTMLElement;
      form.replaceWith(thanks);
      focusOn(thanks);
      t.announce(t.say('report.thanks'));
    } catch (error) {
      form.removeAttribute('aria-busy');
      showActionError(article, error instanceof ApiError ? error.message : t.say('report.failed'));
    }
  }
}
