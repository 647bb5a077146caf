// "Nothing is lost": the editor's title, standfirst and body are
//   - copied to this browser (localStorage) on every keystroke, so a reload, a crash or a closed
//     tab loses nothing, and restored on the next visit with a note and a Discard button. Each tab
//     keeps its own copy (see keyOf): with the article open in two tabs, one tab's typing and
//     saves must not overwrite or drop the text the other could not save;
//   - sent to the server 2 s after typing stops (PUT /api/v1/admin/posts/:id/autosave) with the
//     version the text started from; the answer's version goes into the form's baseVersion, so
//     pressing a save button afterwards does not collide with one's own autosave;
//   - for a new article, made into a draft (POST /api/v1/admin/posts) once it has a title and a
//     body, and the page becomes that draft's editor;
//   - kept in the browser while offline, and sent when the connection returns.
// A save over someone else's newer version is refused (EDIT_CONFLICT): autosave stops and says so.
const form = document.getElementById('desk-editor-form');
const status = document.getElementById('desk-save-status');
const fields = {
  title: document.getElementById('desk-title'),
  excerpt: document.getElementById('desk-excerpt'),
  body: document.getElementById('desk-body'),
};

const AUTOSAVE_DELAY_MS = 2000;
const RETRY_MS = 15000;
const OFFLINE = 'Offline — your text is kept in this browser and will be sent when the connection returns.';
const KEPT_ASIDE = 'This article is live, so your changes are kept as a revision: readers see them when you save the article.';

const pad = (n) => String(n).padStart(2, '0');
/** This tab's name, kept across its reloads (sessionStorage is per tab); a fresh one if storage is refused. */
const TAB = (() => {
  const fresh = Math.random().toString(36).slice(2, 10);
  try {
    const name = sessionStorage.getItem('gazette:desk-tab') ?? fresh;
    sessionStorage.setItem('gazette:desk-tab', name);
    return name;
  } catch {
    return fresh;
  }
})();
/** The browser's copies of one article: `gazette:desk:ID` (before tabs had their own), and `gazette:desk:ID:TAB`. */
const postKey = (id) => `gazette:desk:${id ?? 'new'}`;
const keyOf = (id) => `${postKey(id)}:${TAB}`;
const same = (a, b) => a.title === b.title && a.excerpt === b.excerpt && a.body === b.body;

/** "Saved at 14:02" in the writer's own time; the date too when it was not today. */
function savedText(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'Not saved yet';
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? `Saved at ${time}`
    : `Saved at ${time} on ${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

function start() {
  let postId = /\/desk\/posts\/([^/?#]+)$/.exec(new URL(form.getAttribute('action') ?? '', location.href).pathname)?.[1] ?? null;
  let savedAt = status.dataset.savedAt ?? null;
  let note = null; // { text, link?: { href, label } }
  let dirty = false;
  let conflict = false;
  let timer = null;
  let retry = null;
  let inFlight = null;
  let again = false;

  const textNow = () => ({ title: fields.title.value, excerpt: fields.excerpt?.value ?? '', body: fields.body.value });
  const versionField = () => form.elements.namedItem('baseVersion');
  const baseVersion = () => Number(versionField()?.value) || null;

  function setVersion(version) {
    let field = versionField();
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'baseVersion';
      form.prepend(field);
    }
    field.value = String(version);
  }

  // The browser's copy. Storage can be full or refused (private modes): the server copy still goes.
  function keepLocal() {
    try {
      localStorage.setItem(
        keyOf(postId),
        JSON.stringify({ ...textNow(), baseVersion: baseVersion(), changedAt: new Date().toISOString() }),
      );
    } catch {
      /* nothing more to do: autosave still runs */
    }
  }
  function readLocal(id, key = keyOf(id)) {
    try {
      const copy = JSON.parse(localStorage.getItem(key) ?? 'null');
      return copy && ['title', 'excerpt', 'body'].every((k) => typeof copy[k] === 'string') ? copy : null;
    } catch {
      return null;
    }
  }
  function dropLocal(id, key = keyOf(id)) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* see keepLocal */
    }
  }
  /** Copies of this article left by other tabs (closed, crashed, or open and not yet saved), newest first. */
  function othersLocal(id) {
    let keys = [];
    try {
      keys = Object.keys(localStorage).filter((k) => k !== keyOf(id) && (k === postKey(id) || k.startsWith(`${postKey(id)}:`)));
    } catch {
      /* see keepLocal */
    }
    return keys
      .map((key) => ({ key, copy: readLocal(id, key) }))
      .filter((other) => other.copy)
      .sort((a, b) => String(b.copy.changedAt ?? '').localeCompare(String(a.copy.changedAt ?? '')));
  }

  function render() {
    const parts = [document.createTextNode(savedAt ? savedText(savedAt) : 'Not saved yet')];
    if (note) {
      parts.push(document.createTextNode(` · ${note.text}`));
      if (note.link) {
        const a = document.createElement('a');
        a.href = note.link.href;
        a.textContent = note.link.label;
        parts.push(document.createTextNode(' '), a);
      }
    }
    status.replaceChildren(...parts);
    status.classList.toggle('desk-save-problem', Boolean(note));
  }
  const tell = (text, link) => {
    note = text ? { text, link } : null;
    render();
  };

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  function changed() {
    keepLocal();
    dirty = true;
    if (!conflict) schedule(AUTOSAVE_DELAY_MS);
  }

  async function send(url, method, payload) {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
    });
    const answer = await response.json().catch(() => ({}));
    return { response, answer };
  }

  /** A refusal that retrying will not mend: said plainly, the text stays in the browser. */
  function refused(response, answer) {
    if (response.status === 401)
      return tell('Not saved: you are signed out. Sign in again in another tab; your text is kept in this browser.');
    const message = answer.error?.message ?? response.statusText;
    tell(`Not saved: ${message}. Your text is kept in this browser.`);
  }

  function unreachable() {
    dirty = true;
    tell(OFFLINE);
    clearTimeout(retry);
    retry = setTimeout(flush, RETRY_MS);
  }

  async function create(text) {
    if (!text.title.trim() || !text.body.trim()) {
      dirty = true;
      return;
    }
    const { response, answer } = await send('/api/v1/admin/posts', 'POST', {
      title: text.title,
      excerpt: text.excerpt,
      bodyMarkdown: text.body,
      status: 'draft',
    });
    if (response.status >= 500) return unreachable();
    if (!response.ok) {
      dirty = true;
      return refused(response, answer);
    }
    // From here on this page is the draft's editor: its address, its form and its browser copy.
    dropLocal(null);
    postId = answer.id;
    setVersion(answer.version);
    // (setAttribute: the form's `action` property is its buttons named "action".)
    form.setAttribute('action', `/desk/posts/${encodeURIComponent(postId)}`);
    history.replaceState(history.state, '', `/desk/posts/${encodeURIComponent(postId)}/edit`);
    savedAt = answer.updatedAt;
    tell(null);
    if (!same(textNow(), text)) changed();
    form.dispatchEvent(new CustomEvent('desk:created', { detail: { id: postId, version: answer.version } }));
  }

  async function autosave(text) {
    const { response, answer } = await send(`/api/v1/admin/posts/${encodeURIComponent(postId)}/autosave`, 'PUT', {
      title: text.title,
      excerpt: text.excerpt,
      bodyMarkdown: text.body,
      baseVersion: baseVersion(),
    });
    if (response.status >= 500) return unreachable();
    if (response.status === 409 && answer.error?.code === 'EDIT_CONFLICT') {
      conflict = true;
      clearTimeout(timer);
      const by = answer.error.details?.conflict?.savedBy?.name ?? 'Someone';
      return tell(`${by} saved this article after you opened it, so autosave has stopped. Your text is kept in this browser.`, {
        href: location.pathname,
        label: 'Reload to compare the two versions',
      });
    }
    if (!response.ok) {
      dirty = true;
      return refused(response, answer);
    }
    setVersion(answer.version);
    savedAt = answer.savedAt;
    tell(answer.applied ? null : (form.dataset.keptAside ?? KEPT_ASIDE));
    // The browser's copy goes once the server holds exactly this text as the article; a live
    // article's changes are only a revision beside it, so the copy stays until the writer saves.
    if (answer.applied && same(textNow(), text)) dropLocal(postId);
    else keepLocal();
  }

  async function flush() {
    clearTimeout(timer);
    clearTimeout(retry);
    if (conflict || !dirty) return;
    if (inFlight) {
      again = true;
      return inFlight;
    }
    if (!navigator.onLine) return unreachable();
    const text = textNow();
    dirty = false;
    inFlight = (postId ? autosave(text) : create(text)).catch(unreachable).finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        flush();
      }
    });
    return inFlight;
  }

  // On load: a browser copy that differs from what the server sent is text that never reached it.
  // This tab's own copy first; else the newest another tab left, which this tab then keeps.
  // After "Take theirs" (?kept=) the writer chose the other version: their own text is in the
  // revisions (or was the same), so this tab's copy is not put back over it.
  const served = textNow();
  const servedVersion = baseVersion();
  const url = new URL(location.href);
  const tookTheirs = url.searchParams.has('kept');
  if (tookTheirs) {
    dropLocal(postId);
    url.searchParams.delete('kept');
    // A reload of this page later must restore what is typed from now on, not drop it again.
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  const own = tookTheirs ? null : readLocal(postId);
  const other = own || tookTheirs ? null : othersLocal(postId).find((o) => !same(o.copy, served));
  const copy = own ?? other?.copy ?? null;
  const restored = Boolean(copy && !same(copy, served));
  if (restored) {
    if (other) dropLocal(postId, other.key);
    restore(copy);
  } else if (own && !document.querySelector('.desk-editor .form-error')) dropLocal(postId);
  if (!tookTheirs) for (const o of othersLocal(postId)) if (same(o.copy, served)) dropLocal(postId, o.key);
  if (postId && same(readLocal(null) ?? {}, served)) dropLocal(null);

  function restore(copy) {
    for (const [name, field] of Object.entries(fields)) {
      if (field && field.value !== copy[name]) {
        field.value = copy[name];
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    // Based on the version it was typed over: if someone saved since, autosave is refused, not overwriting them.
    if (postId && copy.baseVersion) setVersion(copy.baseVersion);
    const notice = document.createElement('p');
    notice.className = 'desk-restored';
    notice.setAttribute('role', 'status');
    notice.append('Restored your unsaved text from this browser — ');
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'desk-link-button';
    discard.textContent = 'Discard';
    discard.addEventListener('click', () => {
      conflict = false;
      for (const [name, field] of Object.entries(fields)) if (field) field.value = served[name];
      if (servedVersion) setVersion(servedVersion);
      dropLocal(postId);
      notice.remove();
      tell(null);
      // The restored text may already have been autosaved: saving the page's own text (this input) puts it back.
      fields.body.dispatchEvent(new Event('input', { bubbles: true }));
      fields.body.focus();
    });
    notice.append(discard);
    status.after(notice);
  }

  for (const field of Object.values(fields)) field?.addEventListener('input', changed);
  form.addEventListener('desk:save-now', () => {
    if (!dirty && !inFlight) return render();
    if (!postId && !(fields.title.value.trim() && fields.body.value.trim())) return tell('Give the article a title and a body to save it.');
    flush();
  });
  // A save button pressed while an autosave is on its way waits for it: the form then carries
  // the version that autosave made (and, for a new article, goes to the draft it created).
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    if (!inFlight) return;
    event.preventDefault();
    const submitter = event.submitter;
    inFlight.finally(() => form.requestSubmit(submitter ?? undefined));
  });
  window.addEventListener('online', () => {
    if (note?.text === OFFLINE) tell(null);
    flush();
  });
  window.addEventListener('offline', () => tell(OFFLINE));
  render();
  if (!navigator.onLine) tell(OFFLINE);
  // The restored text is sent like any other typing.
  if (restored) changed();
}

if (form && status && fields.title && fields.body) start();
