// Tag suggestions for the editor's comma-separated Tags field: the term after the last comma is
// completed from the site's existing tags (GET /api/v1/tags, fetched once on first use; tags are
// public anyway). A <datalist> would replace the whole comma list, so this is the ARIA combobox
// pattern instead: the field keeps focus, arrows move through a listbox (aria-activedescendant),
// Enter or a click takes a suggestion, Escape closes. A name nobody used yet is simply typed:
// saving creates it.
const input = document.getElementById('desk-tags');
const MAX_SUGGESTIONS = 8;

function start() {
  const list = document.createElement('ul');
  list.id = 'desk-tags-suggestions';
  list.className = 'desk-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  input.after(list);
  input.parentElement.classList.add('desk-suggest-field');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  let tags = null;
  let loading = null;
  let options = [];
  let active = -1;

  function load() {
    loading ??= fetch('/api/v1/tags', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { tags: [] }))
      .then((answer) => {
        tags = (answer.tags ?? []).map((t) => t.name);
      })
      .catch(() => {
        loading = null; // offline: try again on the next keystroke
      });
    return loading;
  }

  const parts = () => input.value.split(',');
  const lastTerm = () => parts().at(-1).trim();

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === index));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', list.children[index].id);
      list.children[index].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function suggest() {
    const term = lastTerm().toLowerCase();
    if (!term || !tags) return close();
    const chosen = new Set(
      parts()
        .slice(0, -1)
        .map((t) => t.trim().toLowerCase()),
    );
    const fresh = tags.filter((name) => !chosen.has(name.toLowerCase()) && name.toLowerCase() !== term);
    options = [
      ...fresh.filter((name) => name.toLowerCase().startsWith(term)),
      ...fresh.filter((name) => !name.toLowerCase().startsWith(term) && name.toLowerCase().includes(term)),
    ].slice(0, MAX_SUGGESTIONS);
    if (options.length === 0) return close();
    list.replaceChildren(
      ...options.map((name, i) => {
        const li = document.createElement('li');
        li.id = `desk-tags-option-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = name;
        return li;
      }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  }

  function take(index) {
    const name = options[index];
    if (name === undefined) return;
    const kept = parts()
      .slice(0, -1)
      .map((t) => t.trim())
      .filter(Boolean);
    input.value = `${[...kept, name].join(', ')}, `;
    input.setSelectionRange(input.value.length, input.value.length);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    close();
  }

  input.addEventListener('focus', load);
  input.addEventListener('input', async () => {
    if (!tags) await load();
    suggest();
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) {
      if (event.key === 'ArrowDown' && lastTerm()) suggest();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight(active === -1 ? (step === 1 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
    } else if (event.key === 'Enter' && active >= 0) {
      // Enter takes the suggestion rather than submitting the form.
      event.preventDefault();
      take(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  // mousedown, not click: taking the suggestion before the field loses focus (and the list closes).
  list.addEventListener('mousedown', (event) => {
    const li = event.target.closest('[role="option"]');
    if (!li) return;
    event.preventDefault();
    take([...list.children].indexOf(li));
  });
  input.addEventListener('blur', close);
}

if (input) start();
