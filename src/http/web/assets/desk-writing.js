// The editor's writing aids, added to the plain form (which works without them): a formatting
// toolbar over the body with the usual shortcuts, and a live preview drawn by the server with the
// article page's own renderer (POST /desk/preview), so the preview is the article as readers get it.
// The preview's HTML is put into this page rather than an iframe: it is our renderer's escaped
// output, the page's CSP (no inline scripts or styles) covers it, site.css already styles articles,
// and frame-ancestors 'none' would refuse even a same-origin frame.
const form = document.getElementById('desk-editor-form');
const body = document.getElementById('desk-body');
const title = document.getElementById('desk-title');
const excerpt = document.getElementById('desk-excerpt');
const pane = document.getElementById('desk-live-preview');

const PREVIEW_DELAY_MS = 500;

/** Replaces the selection with `text` (undoable where the browser allows), then selects [from, to) of it. */
function insert(text, from = text.length, to = from) {
  body.focus();
  const start = body.selectionStart;
  let done = false;
  try {
    done = document.execCommand('insertText', false, text);
  } catch {
    done = false;
  }
  if (!done) {
    body.setRangeText(text, start, body.selectionEnd, 'end');
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }
  body.setSelectionRange(start + from, start + to);
}

/** The selection without the spaces a double-click takes along, which must stay outside the marks. */
function tightSelection() {
  let start = body.selectionStart;
  let end = body.selectionEnd;
  while (start < end && /\s/.test(body.value[start])) start++;
  while (end > start && /\s/.test(body.value[end - 1])) end--;
  body.setSelectionRange(start, end);
  return { start, end, text: body.value.slice(start, end) };
}

/** The run of asterisks on each side of [start, end): `***x***` is bold and italic at once. */
function starsAround(start, end) {
  const value = body.value;
  let before = 0;
  let after = 0;
  while (value[start - 1 - before] === '*') before++;
  while (value[end + after] === '*') after++;
  return Math.min(before, after);
}

/** **bold** / *italic*: wraps the selection, or unwraps it when it is already wrapped. */
function wrap(mark, placeholder) {
  const { start, end, text } = tightSelection();
  const stars = starsAround(start, end);
  const wrapped = mark === '**' ? stars >= 2 : stars % 2 === 1;
  if (text && wrapped) {
    body.setSelectionRange(start - mark.length, end + mark.length);
    insert(text, 0, text.length);
    return;
  }
  const inner = text || placeholder;
  insert(`${mark}${inner}${mark}`, mark.length, mark.length + inner.length);
}

function link() {
  const { text } = tightSelection();
  if (/^(https?:\/\/|mailto:|\/)\S*$/.test(text)) {
    insert(`[link text](${text})`, 1, 10);
  } else {
    const label = text || 'link text';
    const url = 'https://';
    insert(`[${label}](${url})`, label.length + 3, label.length + 3 + url.length);
  }
}

/** ## heading, > quote, - list: on every line the selection touches; again takes it off. */
function prefixLines(prefix, strip) {
  const value = body.value;
  const start = value.lastIndexOf('\n', body.selectionStart - 1) + 1;
  const newline = value.indexOf('\n', Math.max(body.selectionEnd - (body.selectionEnd > body.selectionStart ? 1 : 0), start));
  const end = newline === -1 ? value.length : newline;
  const lines = value.slice(start, end).split('\n');
  const all = lines.every((line) => line.startsWith(prefix));
  const changed = lines.map((line) => (all ? line.slice(prefix.length) : `${prefix}${line.replace(strip, '')}`)).join('\n');
  body.setSelectionRange(start, end);
  insert(changed, 0, changed.length);
}

/** A block on lines of its own, blank lines around, with [from, to) of it selected. */
function insertBlock(block, from, to) {
  body.setSelectionRange(body.selectionEnd, body.selectionEnd);
  const before = body.value.slice(0, body.selectionStart);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const text = `${lead}${block}\n`;
  insert(text, lead.length + from, lead.length + to);
}

/**
 * Image and gallery first ask the other scripts (the media library, desk-media.js): if one takes
 * the event (preventDefault), it inserts the real thing; otherwise a template to fill in goes in.
 */
function offer(type, template) {
  const detail = { selectionStart: body.selectionStart, selectionEnd: body.selectionEnd };
  const proceed = body.dispatchEvent(new CustomEvent(type, { bubbles: true, cancelable: true, detail }));
  if (proceed) template();
}

const IMAGE = '![alt text](media:ID)';
const GALLERY = ':::gallery\n![Caption of the first image](media:ID)\n![Caption of the second image](media:ID)\n:::';

const ACTIONS = {
  bold: () => wrap('**', 'bold text'),
  italic: () => wrap('*', 'italic text'),
  link,
  heading: () => prefixLines('## ', /^#+\s*/),
  quote: () => prefixLines('> ', /^>\s?/),
  list: () => prefixLines('- ', /^[-*+]\s+/),
  image: () => offer('desk:insert-image', () => insertBlock(IMAGE, 2, 10)),
  gallery: () => offer('desk:insert-gallery', () => insertBlock(GALLERY, 13, 39)),
};

const BUTTONS = [
  { action: 'bold', label: 'Bold', keys: 'B' },
  { action: 'italic', label: 'Italic', keys: 'I' },
  { action: 'link', label: 'Link', keys: 'K' },
  { action: 'heading', label: 'Heading' },
  { action: 'quote', label: 'Quote' },
  { action: 'list', label: 'List' },
  { action: 'image', label: 'Image' },
  { action: 'gallery', label: 'Gallery' },
];

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);

function toolbar() {
  const bar = document.createElement('div');
  bar.className = 'desk-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Formatting');
  bar.setAttribute('aria-controls', body.id);
  for (const [index, spec] of BUTTONS.entries()) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `desk-tool desk-tool-${spec.action}`;
    button.dataset.action = spec.action;
    button.textContent = spec.label;
    button.tabIndex = index === 0 ? 0 : -1;
    if (spec.keys) {
      button.setAttribute('aria-keyshortcuts', `Control+${spec.keys} Meta+${spec.keys}`);
      button.title = `${spec.label} (${MAC ? '⌘' : 'Ctrl+'}${spec.keys})`;
    }
    bar.append(button);
  }
  bar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) ACTIONS[button.dataset.action]();
  });
  // One tab stop for the whole toolbar; arrows move within it (the ARIA toolbar pattern).
  bar.addEventListener('keydown', (event) => {
    const buttons = [...bar.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined || at === -1) return;
    event.preventDefault();
    const next = buttons[(to + buttons.length) % buttons.length];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  return bar;
}

function shortcuts() {
  body.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const action = { b: 'bold', i: 'italic', k: 'link' }[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    ACTIONS[action]();
  });
  // Ctrl/Cmd+S anywhere in the editor saves now (desk-autosave.js) instead of saving the web page.
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
    event.preventDefault();
    form.dispatchEvent(new CustomEvent('desk:save-now'));
  });
}

function preview() {
  const content = document.getElementById('desk-live-preview-content');
  const problems = document.getElementById('desk-live-preview-problems');
  const writing = document.getElementById('desk-writing');
  const wide = window.matchMedia('(min-width: 75rem)');
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'desk-live-preview-toggle';
  toggle.textContent = 'Preview';
  toggle.setAttribute('aria-pressed', 'false');
  toggle.setAttribute('aria-controls', pane.id);
  writing.before(toggle);
  pane.hidden = false;
  pane.tabIndex = 0;
  document.querySelector('.desk-editor')?.classList.add('desk-editor-live');

  let timer = null;
  let asked = 0;
  let stale = true;
  const showing = () => wide.matches || toggle.getAttribute('aria-pressed') === 'true';

  const say = (messages) => {
    problems.replaceChildren(
      ...messages.map((text) => {
        const p = document.createElement('p');
        p.textContent = text;
        return p;
      }),
    );
  };

  async function refresh() {
    clearTimeout(timer);
    if (!showing()) {
      stale = true;
      return;
    }
    stale = false;
    const ask = ++asked;
    try {
      const response = await fetch('/desk/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ title: title?.value ?? '', excerpt: excerpt?.value ?? '', bodyMarkdown: body.value }),
      });
      const answer = await response.json();
      if (ask !== asked) return;
      if (!response.ok) {
        say([`The preview could not be drawn: ${answer.error?.message ?? response.statusText}`]);
        return;
      }
      content.innerHTML = answer.html;
      // A click in the preview must not take the writer away from their text.
      for (const a of content.querySelectorAll('a[href]')) {
        a.target = '_blank';
        a.rel = 'noopener';
      }
      say(answer.problems);
      pane.dispatchEvent(new CustomEvent('desk:preview-updated', { bubbles: true }));
    } catch {
      if (ask === asked) say(['The preview is not available while the connection is down; your text is safe.']);
      stale = true;
    }
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  };
  for (const field of [title, excerpt, body]) field?.addEventListener('input', later);
  toggle.addEventListener('click', () => {
    const on = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(on));
    writing.classList.toggle('desk-writing-previewing', on);
    if (on && stale) refresh();
  });
  wide.addEventListener('change', () => {
    if (showing() && stale) refresh();
  });
  window.addEventListener('online', () => {
    if (stale) refresh();
  });
  refresh();
}

if (form && body) {
  body.before(toolbar());
  shortcuts();
  if (pane) preview();
}
