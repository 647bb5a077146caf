// The moderation desk's enhancement (progressive: every action is also a plain form).
//
// Keys: j / k move between items, a approves, r rejects (asks for the reason the author will
// read), s marks spam, x ticks the item for a bulk action. Actions go to the JSON API without a
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
      say(`${DONE[action] ?? action}: the comment by ${item.dataset.author}.`);
      settle(item, result);
    } catch (error) {
      say(`Could not ${action} the comment by ${item.dataset.author}: ${error.message}`);
    }
  }

  function reject(item) {
    const reason = window.prompt(`Reject the comment by ${item.dataset.author}. The reason, shown to the author:`);
    if (reason && reason.trim()) void act(item, 'reject', reason.trim());
  }

  function toggle(item) {
    const box = /** @type {HTMLInputElement | null} */ (item.querySelector('.mod-select'));
    if (!box) return;
    box.checked = !box.checked;
    item.classList.toggle('is-selected', box.checked);
    say(`${box.checked ? 'Selected' : 'Unselected'}: the comment by ${item.dataset.author}.`);
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.closest('input:not([type="checkbox"]), textarea, select, [contenteditable="true"], dialog')) return;
    const item = current && document.contains(current) ? current : null;
    const keys = {
      j: () => move(1),
      k: () => move(-1),
      a: () => item && act(item, 'approve'),
      s: () => item && act(item, 'spam'),
      r: () => item && reject(item),
      x: () => item && toggle(item),
    };
    const run = keys[event.key];
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
    void act(item, action, reason?.value.trim() || undefined);
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
