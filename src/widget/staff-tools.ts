// Moderators act where they read: on the article page, staff get Pin, Feature, Remove and Ban
// on each comment. The article page is cached and shared, so nothing of this is in its HTML:
// only a page rendered for one signed-in moderator or admin carries data-staff-tools (set by the
// server, which knows the reader), and only there are the controls added. Every action goes through the moderation JSON
// API (application/json from this origin: the server's CSRF rule), which checks the role again.
// Comments added later (Load more, live updates, replies) get the controls as they arrive.

const MODERATION_API = '/api/v1/admin/moderation';
const COMMENTS = 'article.comment[data-comment-id]:not(.comment-deleted):not(.comment-own-hidden)';

interface Outcome {
  ok: boolean;
  message: string;
}

async function post(path: string, body: unknown): Promise<Outcome> {
  try {
    const response = await fetch(MODERATION_API + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) return { ok: true, message: '' };
    const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: data?.error?.message ?? `the server answered ${response.status}` };
  } catch {
    return { ok: false, message: 'the server could not be reached' };
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]) {
  const node: HTMLElementTagNameMap[K] = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function button(text: string, action: string, hidden = ''): HTMLButtonElement {
  const b = element('button', { type: 'button', className: 'comment-action' }, text);
  b.dataset.staff = action;
  if (hidden) b.append(element('span', { className: 'visually-hidden' }, hidden));
  return b;
}

function markOf(article: HTMLElement, kind: 'pin' | 'feature'): Element | null {
  return article.querySelector(`.comment-header .${kind === 'pin' ? 'comment-pinned' : 'comment-pick'}`);
}

/** A small in-place form for the actions that need a reason (the author reads a removal's reason). */
function reasonForm(id: string, kind: 'remove' | 'ban'): HTMLFormElement {
  const field = `staff-${kind}-${id}`;
  const form = element('form', { className: 'staff-form', hidden: true });
  form.dataset.staff = kind;
  form.append(
    element('label', { htmlFor: field }, kind === 'remove' ? 'Reason, shown to the author' : 'Reason for the ban (for the log)'),
    element('input', { id: field, name: 'reason', required: true, maxLength: 500 }),
    element('button', { type: 'submit', className: 'comment-action' }, kind === 'remove' ? 'Remove comment' : 'Ban author'),
    element('button', { type: 'button', className: 'comment-action' }, 'Cancel'),
  );
  (form.lastElementChild as HTMLButtonElement).dataset.staff = 'cancel';
  return form;
}

function addTools(article: HTMLElement): void {
  const actions = article.querySelector(':scope > .comment-main > .comment-actions');
  if (!actions || actions.querySelector('.staff-tools')) return;
  const id = article.dataset.commentId!;
  const name = article.querySelector('.comment-author')?.textContent?.trim() ?? 'this commenter';
  const pinned = Boolean(markOf(article, 'pin'));
  const featured = Boolean(markOf(article, 'feature'));
  const about = ` the comment by ${name}`;
  const tools = element('span', { className: 'staff-tools' });
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', `Moderate the comment by ${name}`);
  tools.append(
    button(pinned ? 'Unpin' : 'Pin', pinned ? 'unpin' : 'pin', about),
    button(featured ? 'Unfeature' : 'Feature', featured ? 'unfeature' : 'feature', about),
    button('Remove…', 'open-remove', about),
    button('Ban…', 'open-ban', ` ${name}`),
    reasonForm(id, 'remove'),
    reasonForm(id, 'ban'),
    element('span', { className: 'staff-status' }),
  );
  (tools.lastElementChild as HTMLElement).setAttribute('role', 'status');
  actions.append(tools);
}

function setStatus(tools: Element, text: string): void {
  const status = tools.querySelector('.staff-status');
  if (status) status.textContent = text;
}

/** Pin/feature went through: the button offers the way back and the comment's mark follows. */
function toggled(article: HTMLElement, control: HTMLButtonElement, action: string): void {
  const kind = action.endsWith('pin') ? 'pin' : 'feature';
  const on = !action.startsWith('un');
  const label = kind === 'pin' ? (on ? 'Unpin' : 'Pin') : on ? 'Unfeature' : 'Feature';
  control.dataset.staff = on ? `un${kind}` : kind;
  control.firstChild!.textContent = label;
  const mark = markOf(article, kind);
  if (on && !mark) {
    const span = element('span', { className: `comment-mark ${kind === 'pin' ? 'comment-pinned' : 'comment-pick'}` });
    span.textContent = kind === 'pin' ? 'Pinned' : "Editor's pick";
    article.querySelector('.comment-header .permalink')?.before(span);
  } else if (!on) mark?.remove();
}

function enhance(section: HTMLElement): void {
  const decorate = (root: ParentNode) => root.querySelectorAll<HTMLElement>(COMMENTS).forEach(addTools);
  decorate(section);
  new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.matches(COMMENTS)) addTools(node);
        decorate(node);
      }
  }).observe(section, { childList: true, subtree: true });

  section.addEventListener('click', (event) => {
    const control = (event.target as Element).closest<HTMLButtonElement>('.staff-tools button[data-staff]');
    const tools = control?.closest('.staff-tools');
    const article = control?.closest<HTMLElement>('article[data-comment-id]');
    if (!control || !tools || !article) return;
    const action = control.dataset.staff!;
    if (action === 'open-remove' || action === 'open-ban') {
      const form = tools.querySelector<HTMLFormElement>(`form[data-staff="${action.slice(5)}"]`)!;
      tools.querySelectorAll<HTMLFormElement>('form').forEach((f) => (f.hidden = f !== form));
      form.hidden = false;
      form.querySelector('input')!.focus();
      return;
    }
    if (action === 'cancel') {
      const form = control.closest('form')!;
      form.hidden = true;
      tools.querySelector<HTMLElement>(`[data-staff="open-${form.dataset.staff}"]`)?.focus();
      return;
    }
    void (async () => {
      control.disabled = true;
      const outcome = await post(`/comments/${article.dataset.commentId}/${action}`, {});
      control.disabled = false;
      if (outcome.ok) toggled(article, control, action);
      setStatus(tools, outcome.ok ? `Done: ${action}.` : `Could not ${action}: ${outcome.message}`);
    })();
  });

  section.addEventListener('keydown', (event) => {
    const form = (event.target as Element).closest<HTMLFormElement>('.staff-form');
    if (event.key !== 'Escape' || !form) return;
    event.preventDefault();
    form.hidden = true;
    form.closest('.staff-tools')?.querySelector<HTMLElement>(`[data-staff="open-${form.dataset.staff}"]`)?.focus();
  });

  section.addEventListener('submit', (event) => {
    const form = (event.target as Element).closest<HTMLFormElement>('.staff-form');
    const tools = form?.closest('.staff-tools');
    const article = form?.closest<HTMLElement>('article[data-comment-id]');
    if (!form || !tools || !article) return;
    event.preventDefault();
    const reason = (form.elements.namedItem('reason') as HTMLInputElement).value.trim();
    const id = article.dataset.commentId!;
    void (async () => {
      const removing = form.dataset.staff === 'remove';
      const outcome = removing
        ? await post(`/comments/${id}/reject`, { reason })
        : await post('/bans', { commentId: id, kind: 'ban', reason });
      if (!outcome.ok) return setStatus(tools, `Could not ${removing ? 'remove' : 'ban'}: ${outcome.message}`);
      form.hidden = true;
      if (removing) {
        article.classList.add('comment-removed-by-staff');
        tools.querySelectorAll('button').forEach((b) => (b.disabled = true));
      }
      setStatus(tools, removing ? 'Removed: readers no longer see this comment.' : 'Banned: they can no longer comment.');
    })();
  });
}

function start(): void {
  const section = document.querySelector<HTMLElement>('section.discussion[data-thread-id]');
  // Only a page rendered for one signed-in moderator or admin says so; shared pages never do. The
  // server still checks every action, so the attribute only decides what is shown.
  if (section?.dataset.personal === 'true' && section.dataset.staffTools === 'true') enhance(section);
}

start();
