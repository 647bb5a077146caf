// The moderation desk's enhancement (progressive: every action is also a plain form).
//
// Keys: j / k move between items, a approves, r rejects (opens the item's reject form, focus in
// its reason field; Escape or Cancel closes it and focus goes back to the item), s marks spam,
// x ticks the item for a bulk action, u undoes the last decision while its notice shows. Keys
// do nothing while a field, a select, an editable element or a dialog has focus, with a
// modifier held, or when held down (auto-repeat). Actions go to the JSON API without a
// reload; an item that leaves this queue disappears and focus moves to the next one. The
// queue listens to /api/v1/admin/moderation/events: items others handled disappear, and new
// ones are announced with a button that brings them in (nothing moves under the reader's eyes).

const API = '/api/v1/admin/moderation';
const desk = document.querySelector('[data-mod-desk]');

if (desk) {
  const queueName = desk.getAttribute('data-queue');
  const list = /** @type {HTMLOListElement} */ (document.getElementById('mod-queue'));
  const live = /** @type {HTMLElement} */ (document.getElementById('mod-live'));
  const bulkForm = /** @type {HTMLFormElement} */ (document.getElementById('bulk-form'));
  const toast = /** @type {HTMLElement} */ (document.getElementById('mod-undo'));
  /** How long a decision may be undone from its notice (the server allows minutes). */
  const UNDO_MS = 10_000;
  /** The decision the notice offers to undo: its log line, the item and where it stood. */
  let undoable = /** @type {{ logId: string, item: HTMLElement, li: HTMLElement, after: Element | null, label: string } | null} */ (null);
  let toastTimer = 0;
  /** Ids this desk acted on itself: their events are not news. */
  const mine = new Set();
  /** Ids announced as new and not shown yet. */
  const waiting = new Set();
  let current = /** @type {HTMLElement | null} */ (null);

  const items = () => /** @type {HTMLElement[]} */ ([...list.querySelectorAll('.mod-item')]);
  const itemById = (id) => items().find((item) => item.dataset.id === id) ?? null;

  function say(message) {
    live.textContent = message;
  }

  function focusItem(item) {
    if (current) current.classList.remove('is-current');
    current = item;
    if (!item) return;
    item.classList.add('is-current');
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  }

  function move(step) {
    const all = items();
    if (all.length === 0) return;
    const index = current ? all.indexOf(current) : -1;
    const next = index === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    focusItem(all[next]);
  }

  /** Takes an item off the page; focus goes to the one after it (or before, at the end). */
  function removeItem(item) {
    const all = items();
    const index = all.indexOf(item);
    const wasCurrent = item === current || item.contains(document.activeElement);
    item.closest('li')?.remove();
    const rest = items();
    if (wasCurrent) focusItem(rest[Math.min(index, rest.length - 1)] ?? null);
    if (rest.length === 0 && !document.getElementById('mod-empty')) {
      const empty = document.createElement('p');
      empty.className = 'mod-empty';
      empty.id = 'mod-empty';
      empty.textContent = 'Nothing left in this queue.';
      list.after(empty);
    }
  }

  async function call(path, body) {
    const response = await fetch(API + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body ?? {}),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json?.error?.message ?? `the server answered ${response.status}`);
    return json;
  }

  const STATUS_WORDS = {
    pending: 'Held for review',
    published: 'Published',
    spam: 'Spam',
    rejected: 'Rejected',
    shadow: 'Shadow (author only)',
  };
  const DONE = { approve: 'Approved', reject: 'Rejected', spam: 'Marked as spam', 'not-spam': 'Marked as not spam' };

  function clearToast() {
    window.clearTimeout(toastTimer);
    undoable = null;
    toast.replaceChildren();
  }

  /** The notice after a decision: what was done and, for a few seconds, a way back. */
  function offerUndo(item, message, logId) {
    window.clearTimeout(toastTimer);
    const li = /** @type {HTMLElement} */ (item.closest('li'));
    undoable = { logId, item, li, after: li.previousElementSibling, label: message };
    const text = document.createElement('span');
    text.textContent = `${message} `;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button-secondary mod-undo-button';
    button.textContent = 'Undo';
    button.setAttribute('aria-keyshortcuts', 'u');
    button.addEventListener('click', () => void undo());
    toast.replaceChildren(text, button);
    toastTimer = window.setTimeout(clearToast, UNDO_MS);
  }

  /** Puts the comment back as it was (on the server, then here: the item returns where it stood). */
  async function undo() {
    const last = undoable;
    if (!last) return;
    clearToast();
    try {
      const result = await call(`/log/${last.logId}/undo`);
      if (!document.contains(last.li)) {
        if (last.after && document.contains(last.after)) last.after.after(last.li);
        else list.prepend(last.li);
        document.getElementById('mod-empty')?.remove();
      }
      settle(last.item, result);
      if (document.contains(last.item)) focusItem(last.item);
      say(`Undone: the comment by ${last.item.dataset.author} is ${(STATUS_WORDS[result.status] ?? result.status).toLowerCase()} again.`);
    } catch (error) {
      say(`Could not undo: ${error.message}`);
    }
  }

  /** Applies an API result: gone from this queue → removed, still here → its status updated. */
  function settle(item, result) {
    if (!result.queues.includes(queueName)) removeItem(item);
    else {
      item.dataset.status = result.status;
      const badge = item.querySelector('.mod-status');
      if (badge) badge.textContent = STATUS_WORDS[result.status] ?? result.status;
    }
  }

  async function act(item, action, reason) {
    const id = item.dataset.id;
    mine.add(id);
    try {
      const result = await call(`/comments/${id}/${action}`, reason ? { reason } : {});
      const message = `${DONE[action] ?? action}: the comment by ${item.dataset.author}.`;
      if (result.logId && action in DONE) offerUndo(item, message, result.logId);
      else say(message);
      settle(item, result);
    } catch (error) {
      say(`Could not ${action} the comment by ${item.dataset.author}: ${error.message}`);
    }
  }

  /** Opens the item's own reject form (no window.prompt: a cancelled prompt left the keys live under stray typing). */
  function reject(item) {
    const form = /** @type {HTMLFormElement | null} */ (item.querySelector('form[data-action="reject"]'));
    const details = form?.closest('details');
    if (!form || !details) return say(`The comment by ${item.dataset.author} is rejected already.`);
    details.open = true;
    if (!form.querySelector('.mod-cancel')) {
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'button-secondary mod-cancel';
      cancel.textContent = 'Cancel';
      cancel.addEventListener('click', () => closeReject(details));
      form.append(cancel);
    }
    /** @type {HTMLInputElement} */ (form.elements.namedItem('reason')).focus();
  }

  /** Closes a reject form; what was typed in it goes too, so the next one starts empty. */
  function closeReject(details) {
    details.open = false;
    const reason = /** @type {HTMLInputElement | null} */ (details.querySelector('input[name="reason"]'));
    if (reason) reason.value = '';
    const item = /** @type {HTMLElement | null} */ (details.closest('.mod-item'));
    if (item) focusItem(item);
  }

  /** Whether typing belongs to something other than the desk's keys. */
  function typingElsewhere(event) {
    const focused = /** @type {Element | null} */ (document.activeElement);
    const field =
      'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable]:not([contenteditable="false"]), dialog';
    return Boolean(
      /** @type {Element} */ (event.target).closest?.(field) || focused?.closest(field) || document.querySelector('dialog[open]'),
    );
  }

  function toggle(item) {
    const box = /** @type {HTMLInputElement | null} */ (item.querySelector('.mod-select'));
    if (!box) return;
    box.checked = !box.checked;
    item.classList.toggle('is-selected', box.checked);
    say(`${box.checked ? 'Selected' : 'Unselected'}: the comment by ${item.dataset.author}.`);
  }

  // Escape in a reject form closes it; focus goes back to its item.
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const details = /** @type {Element} */ (event.target).closest('details');
    if (!details?.querySelector('form[data-action="reject"]') || !details.open) return;
    event.preventDefault();
    closeReject(details);
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || event.isComposing) return;
    if (typingElsewhere(event)) return;
    const item = current && document.contains(current) ? current : null;
    const keys = {
      j: () => move(1),
      k: () => move(-1),
      a: () => item && act(item, 'approve'),
      s: () => item && act(item, 'spam'),
      r: () => item && reject(item),
      x: () => item && toggle(item),
      u: () => undo(),
    };
    const run = keys[event.key];
    // A key held down repeats: one decision per press, never a run of them.
    if (run && event.repeat) return event.preventDefault();
    if (!run) return;
    event.preventDefault();
    void run();
  });

  // Clicking into an item makes it the current one, so keys and mouse agree.
  list.addEventListener('focusin', (event) => {
    const item = /** @type {HTMLElement} */ (event.target).closest('.mod-item');
    if (item && item !== current) {
      if (current) current.classList.remove('is-current');
      current = /** @type {HTMLElement} */ (item);
      current.classList.add('is-current');
    }
  });
  list.addEventListener('change', (event) => {
    const box = /** @type {HTMLInputElement} */ (event.target);
    if (box.classList.contains('mod-select')) box.closest('.mod-item')?.classList.toggle('is-selected', box.checked);
  });

  // The per-item decision forms go through the API; the rest (ban, feature, thread) post as usual.
  list.addEventListener('submit', (event) => {
    const form = /** @type {HTMLFormElement} */ (event.target);
    const action = form.dataset.action;
    if (!action || !(action in DONE)) return;
    event.preventDefault();
    const item = /** @type {HTMLElement} */ (form.closest('.mod-item'));
    const reason = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('reason'));
    const text = reason?.value.trim() || undefined;
    const details = form.closest('details');
    if (details) closeReject(details);
    void act(item, action, text);
  });

  bulkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = items().filter((item) => /** @type {HTMLInputElement} */ (item.querySelector('.mod-select'))?.checked);
    const action = /** @type {HTMLSelectElement} */ (bulkForm.elements.namedItem('action')).value;
    const reason = /** @type {HTMLInputElement} */ (bulkForm.elements.namedItem('reason')).value.trim();
    if (chosen.length === 0) return say('Select at least one comment first (x, or its checkbox).');
    for (const item of chosen) mine.add(item.dataset.id);
    try {
      const result = await call('/bulk', { action, ids: chosen.map((item) => item.dataset.id), ...(reason ? { reason } : {}) });
      for (const outcome of result.items) {
        const item = itemById(outcome.id);
        if (item) settle(item, outcome);
      }
      say(`${DONE[action] ?? action}: ${result.items.length} comment${result.items.length === 1 ? '' : 's'}.`);
    } catch (error) {
      say(`Nothing was changed. ${error.message}`);
    }
  });

  /** Brings the announced items in by loading this same page and swapping the list. */
  async function showWaiting() {
    const response = await fetch(location.href, { credentials: 'same-origin' });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('mod-queue');
    if (!fresh) return;
    const keep = current?.dataset.id;
    list.replaceChildren(...fresh.childNodes);
    document.getElementById('mod-empty')?.remove();
    waiting.clear();
    say(`The queue is up to date: ${items().length} item${items().length === 1 ? '' : 's'}.`);
    focusItem((keep && itemById(keep)) || items()[0] || null);
  }

  function announceWaiting() {
    live.replaceChildren();
    const text = document.createElement('span');
    text.textContent = `${waiting.size} new item${waiting.size === 1 ? '' : 's'} in this queue.`;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button-secondary';
    button.textContent = 'Show them';
    button.addEventListener('click', () => void showWaiting());
    live.append(text, button);
  }

  if ('EventSource' in window) {
    const stream = new EventSource(`${API}/events`);
    // Marks the desk as live (and lets tests know the stream is listening).
    stream.addEventListener('open', () => desk.setAttribute('data-live', 'on'));
    stream.addEventListener('queue', (event) => {
      const change = JSON.parse(event.data);
      const item = itemById(change.id);
      const belongs = change.queues.includes(queueName);
      if (item && !belongs) {
        if (!mine.has(change.id)) {
          removeItem(item);
          say(`The comment by ${item.dataset.author} was handled by someone else.`);
        }
      } else if (!item && belongs && !mine.has(change.id) && !waiting.has(change.id)) {
        waiting.add(change.id);
        announceWaiting();
      }
    });
    window.addEventListener('pagehide', () => stream.close());
  }
}
