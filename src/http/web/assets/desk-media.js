// The desk editor's script for its media part (see pages/desk-editor-media.ts); loaded on every
// desk page, it does nothing where its part is absent. It adds to the plain form:
// - images into the body: dropped or pasted files, or one picked from the library (a dialog with
//   pages of thumbnails), uploaded with a progress bar, then alt text and a caption asked for in a
//   dialog, inserted as ![alt](media:ID "caption");
// - the gallery editor: many uploads at once, captions, reordering by drag, by Move buttons and by
//   Alt+Arrow, written as the :::gallery block (one caption per slide) at the cursor, or in place
//   of the block the cursor is in;
// - the lead image: chosen from the library or uploaded, its focal point set by clicking the
//   image or with the arrow keys, kept in the two number fields the form sends.
// Uploads go to the admin API with the session cookie and the page's CSRF token; a refusal (not an
// image, too large) is shown beside the body in the server's own words.
const form = document.getElementById('desk-editor-form');
const body = document.getElementById('desk-body');
const root = document.getElementById('desk-media');

const LIBRARY_PAGE_SIZE = 50;

/** An element with attributes (`text` sets its text) and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const csrfToken = () => form.elements.namedItem('csrf')?.value ?? '';

/** The smallest JPEG rendition: enough for a thumbnail. */
const thumbOf = (media) => media.image.srcset.jpeg.split(', ')[0].split(' ')[0];
/** A rendition near 640 pixels wide: enough for the lead image's preview. */
function previewOf(media) {
  const sizes = media.image.srcset.jpeg.split(', ').map((entry) => entry.split(' '));
  return (sizes.find(([, w]) => parseInt(w, 10) >= 640) ?? sizes[sizes.length - 1])[0];
}

/** Brackets would end the alt text early (the gallery block does not read escapes). */
const altText = (text) => text.replace(/\s+/g, ' ').replace(/\[/g, '(').replace(/\]/g, ')').trim();
const titleText = (text) => text.replace(/\s+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"').trim();

function describeFailure(file, status, answer) {
  const error = answer?.error;
  if (!error) return `“${file.name}” could not be uploaded (HTTP ${status}); try again.`;
  return error.field === 'file' ? `“${file.name}” ${error.message}.` : `“${file.name}”: ${error.message}.`;
}

/** POST /api/v1/admin/media with progress; resolves with the media item, rejects with a message for the writer. */
function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/admin/media');
    request.setRequestHeader('x-csrf-token', csrfToken());
    request.setRequestHeader('accept', 'application/json');
    request.responseType = 'json';
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status === 200 || request.status === 201) resolve(request.response);
      else reject(new Error(describeFailure(file, request.status, request.response)));
    });
    request.addEventListener('error', () => reject(new Error(`“${file.name}” could not be uploaded: the connection failed.`)));
    const data = new FormData();
    data.append('file', file);
    request.send(data);
  });
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken(), ...(options.headers ?? {}) },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

let uploadCount = 0;
/** A labelled <progress> for one upload, in `container`; `update(fraction)`, then `remove()`. */
function progressRow(container, file) {
  const id = `desk-upload-${++uploadCount}`;
  const bar = el('progress', { id, max: 100, value: 0 });
  const row = el('div', { class: 'desk-upload' }, el('label', { for: id, text: `Uploading “${file.name}”` }), bar);
  container.append(row);
  return {
    update(fraction) {
      bar.value = Math.round(fraction * 100);
      bar.textContent = `${bar.value}%`;
    },
    remove: () => row.remove(),
  };
}

const uploads = document.getElementById('desk-media-uploads');
const errorBox = document.getElementById('desk-media-error');
function showError(message) {
  errorBox.append(el('p', { text: message }));
}
function clearErrors() {
  errorBox.replaceChildren();
}

/** Uploads with a progress bar beside the body; null (and the reason shown) when refused. */
async function uploadBesideBody(file) {
  const row = progressRow(uploads, file);
  try {
    return await upload(file, row.update);
  } catch (error) {
    showError(error.message);
    return null;
  } finally {
    row.remove();
  }
}

// ---- Inserting into the body ---------------------------------------------------------------

/** Replaces [start, end) of the body with `text` (undoable where the browser allows). */
function replaceRange(start, end, text) {
  body.focus();
  body.setSelectionRange(start, end);
  let done = false;
  try {
    done = document.execCommand('insertText', false, text);
  } catch {
    done = false;
  }
  if (!done) {
    body.setRangeText(text, start, end, 'end');
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }
  body.setSelectionRange(start + text.length, start + text.length);
}

/** A block on lines of its own at `at`, blank lines around it. */
function insertBlockAt(at, block) {
  const before = body.value.slice(0, at);
  const after = body.value.slice(at);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  replaceRange(at, at, `${lead}${block}${after === '' ? '\n' : tail}`);
}

// ---- Dialogs --------------------------------------------------------------------------------

let dialogCount = 0;
/** A modal <dialog> with a heading; Escape closes it (the browser's own). */
function dialog(title, className = '') {
  const headingId = `desk-dialog-${++dialogCount}`;
  const node = el(
    'dialog',
    { class: `desk-dialog ${className}`.trim(), 'aria-labelledby': headingId },
    el('h2', { id: headingId, text: title }),
  );
  document.body.append(node);
  return node;
}

/** Alt text and caption for an image about to go into the body; null when cancelled. */
function askAlt(media) {
  return new Promise((resolve) => {
    const box = dialog('Describe the image', 'desk-alt-dialog');
    const warn = el('p', { class: 'desk-dialog-warning', role: 'status' });
    const alt = el('input', {
      type: 'text',
      id: 'desk-alt-text',
      maxlength: 500,
      'aria-describedby': 'desk-alt-text-hint',
      value: media.alt,
    });
    const caption = el('input', { type: 'text', id: 'desk-alt-caption', maxlength: 300, 'aria-describedby': 'desk-alt-caption-hint' });
    const insert = el('button', { type: 'submit', class: 'desk-primary', text: 'Insert image' });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    const content = el(
      'form',
      { method: 'dialog' },
      el('img', { src: thumbOf(media), alt: '', class: 'desk-dialog-thumb' }),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'desk-alt-text', text: 'Alt text' }),
        el('p', { id: 'desk-alt-text-hint', class: 'hint', text: 'What the image shows, for readers who cannot see it.' }),
        alt,
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'desk-alt-caption', text: 'Caption (optional)' }),
        el('p', { id: 'desk-alt-caption-hint', class: 'hint', text: 'Shown under the image to everyone.' }),
        caption,
      ),
      warn,
      el('p', { class: 'desk-dialog-buttons' }, insert, cancel),
    );
    box.append(content);
    let warned = false;
    let answer = null;
    content.addEventListener('submit', (event) => {
      if (!alt.value.trim() && !warned) {
        event.preventDefault();
        warned = true;
        warn.textContent =
          'There is no alt text: readers who cannot see the image will not know what it shows. Press “Insert image” again to insert it without.';
        alt.focus();
        return;
      }
      answer = { alt: altText(alt.value), caption: caption.value.trim() };
    });
    cancel.addEventListener('click', () => box.close());
    box.addEventListener('close', () => {
      box.remove();
      resolve(answer);
    });
    box.showModal();
    alt.focus();
  });
}

/** Keeps the library's alt text filled: an image described once is described next time too. */
function rememberAlt(media, alt) {
  if (!media.alt && alt) api(`/api/v1/admin/media/${media.id}`, { method: 'PATCH', body: JSON.stringify({ alt }) }).catch(() => {});
}

/** Moves focus among `buttons` with the arrow keys, the way a grid of thumbnails is expected to. */
function arrowKeys(list, columns) {
  list.addEventListener('keydown', (event) => {
    const buttons = [...list.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement);
    if (index === -1) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns() }[event.key];
    if (!step) return;
    event.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, index + step))].focus();
  });
}

/**
 * The media library in a dialog: pages of thumbnails to pick from, or a file to upload.
 * Resolves with the chosen or uploaded media item, or null.
 */
function pickMedia(title) {
  return new Promise((resolve) => {
    const box = dialog(title, 'desk-library-dialog');
    const status = el('p', { class: 'desk-library-status', role: 'status' });
    const list = el('ul', { class: 'desk-library', 'aria-label': 'Images in the library' });
    const previous = el('button', { type: 'button', text: '← Newer' });
    const next = el('button', { type: 'button', text: 'Older →' });
    const pageLabel = el('span');
    const file = el('input', { type: 'file', id: `desk-library-file-${dialogCount}`, accept: 'image/*' });
    const progress = el('div', { class: 'desk-library-uploads', 'aria-live': 'polite' });
    const failure = el('div', { class: 'field-error', role: 'alert' });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    box.append(
      el('div', { class: 'field desk-library-upload' }, el('label', { for: file.id, text: 'Upload an image from your computer' }), file),
      progress,
      failure,
      el('h3', { text: 'Or choose one from the library' }),
      status,
      list,
      el('nav', { class: 'desk-library-pages', 'aria-label': 'Library pages' }, previous, pageLabel, next),
      el('p', { class: 'desk-dialog-buttons' }, cancel),
    );
    let chosen = null;
    let page = 1;
    const finish = (media) => {
      chosen = media;
      box.close();
    };

    async function show(n) {
      status.textContent = 'Loading the library…';
      let items;
      try {
        items = (await api(`/api/v1/admin/media?page=${n}`)).media;
      } catch {
        status.textContent = 'The library could not be loaded; check the connection and try again.';
        return;
      }
      page = n;
      list.replaceChildren(
        ...items.map((media) => {
          const name = media.alt || media.originalName;
          const button = el(
            'button',
            { type: 'button', class: 'desk-library-item' },
            el('img', { src: thumbOf(media), alt: '', loading: 'lazy' }),
            el('span', { text: name }),
          );
          button.addEventListener('click', () => finish(media));
          return el('li', {}, button);
        }),
      );
      status.textContent = items.length
        ? `${items.length} images on page ${n}.`
        : n === 1
          ? 'The library is empty: upload an image above.'
          : 'No more images.';
      pageLabel.textContent = `Page ${n}`;
      previous.disabled = n === 1;
      next.disabled = items.length < LIBRARY_PAGE_SIZE;
    }
    previous.addEventListener('click', () => show(page - 1));
    next.addEventListener('click', () => show(page + 1));
    arrowKeys(list, () => Math.max(1, Math.round(list.clientWidth / 130)));
    file.addEventListener('change', async () => {
      const picked = file.files?.[0];
      if (!picked) return;
      failure.replaceChildren();
      const row = progressRow(progress, picked);
      try {
        finish(await upload(picked, row.update));
      } catch (error) {
        failure.append(el('p', { text: error.message }));
      } finally {
        row.remove();
        file.value = '';
      }
    });
    cancel.addEventListener('click', () => box.close());
    box.addEventListener('close', () => {
      box.remove();
      resolve(chosen);
    });
    box.showModal();
    show(1);
  });
}

// ---- Single images --------------------------------------------------------------------------

/** Asks for alt text and caption, then inserts the image at `at`. */
async function placeImage(media, at) {
  const answer = await askAlt(media);
  if (!answer) {
    body.focus();
    return;
  }
  rememberAlt(media, answer.alt);
  const title = answer.caption ? ` "${titleText(answer.caption)}"` : '';
  insertBlockAt(at, `![${answer.alt}](media:${media.id}${title})`);
}

/** Dropped or pasted files: upload each (progress beside the body), then describe and insert it. */
async function bodyFiles(files, at) {
  clearErrors();
  const items = await Promise.all(files.map(uploadBesideBody));
  let position = at;
  for (const media of items.filter(Boolean)) {
    const before = body.value.length;
    await placeImage(media, position);
    position += body.value.length - before;
  }
}

async function pickImageForBody(at) {
  const media = await pickMedia('Insert an image');
  if (media) await placeImage(media, at);
  else body.focus();
}

// ---- Gallery editor -------------------------------------------------------------------------

const GALLERY = /^:::gallery[ \t]*\n([\s\S]*?)\n:::[ \t]*$/gm;
const SLIDE = /^!\[([^\]]*)\]\(\s*media:([A-Za-z0-9_-]+)\s*\)$/;

/** The gallery block the cursor is in: where it is and its slides. */
function galleryAt(position) {
  for (const match of body.value.matchAll(GALLERY)) {
    const end = match.index + match[0].length;
    if (position < match.index || position > end) continue;
    const slides = match[1]
      .split('\n')
      .map((line) => SLIDE.exec(line.trim()))
      .filter(Boolean)
      .map(([, caption, id]) => ({ id, caption }));
    return { start: match.index, end, slides };
  }
  return null;
}

function openGallery(at) {
  const existing = galleryAt(at);
  const box = dialog(existing ? 'Edit gallery' : 'Add a gallery', 'desk-gallery-dialog');
  const files = el('input', { type: 'file', id: 'desk-gallery-files', accept: 'image/*', multiple: true });
  const fromLibrary = el('button', { type: 'button', text: 'Add from the library…' });
  const drop = el(
    'div',
    { class: 'desk-gallery-drop' },
    el('label', { for: files.id, text: 'Add images (choose several at once, or drop them here)' }),
    files,
    fromLibrary,
  );
  const list = el('ol', { class: 'desk-slides', 'aria-describedby': 'desk-gallery-help' });
  const announcer = el('p', { class: 'visually-hidden', 'aria-live': 'assertive' });
  const warn = el('div', { class: 'desk-dialog-warning', role: 'alert' });
  const insert = el('button', { type: 'button', class: 'desk-primary', text: existing ? 'Update gallery' : 'Insert gallery' });
  const cancel = el('button', { type: 'button', text: 'Cancel' });
  box.append(
    el('p', {
      id: 'desk-gallery-help',
      class: 'hint',
      text: 'Each slide’s caption is also its alt text. Reorder by dragging a slide, with its Move buttons, or with Alt+↑ and Alt+↓ anywhere in it.',
    }),
    drop,
    list,
    announcer,
    warn,
    el('p', { class: 'desk-dialog-buttons' }, insert, cancel),
  );

  /** Slides in order: { id, caption input, element }. */
  const slides = [];
  let warnedEmpty = false;

  function renumber() {
    slides.forEach((slide, index) => {
      const n = index + 1;
      slide.label.textContent = `Caption of slide ${n}`;
      slide.up.setAttribute('aria-label', `Move slide ${n} up`);
      slide.down.setAttribute('aria-label', `Move slide ${n} down`);
      slide.remove.setAttribute('aria-label', `Remove slide ${n}`);
      slide.up.disabled = index === 0;
      slide.down.disabled = index === slides.length - 1;
    });
  }

  /** Moves a slide to position `to` (0-based); false when it cannot go there. */
  function place(slide, to) {
    const from = slides.indexOf(slide);
    if (to < 0 || to >= slides.length || to === from) return false;
    slides.splice(from, 1);
    slides.splice(to, 0, slide);
    list.replaceChildren(...slides.map((s) => s.element));
    renumber();
    return true;
  }
  const announceMove = (from, to) => (announcer.textContent = `Moved slide ${from + 1} to position ${to + 1}`);

  function move(slide, to, keep) {
    const from = slides.indexOf(slide);
    if (!place(slide, to)) return;
    // A disabled button cannot hold focus: at either end, focus goes to the slide's caption.
    (keep && !keep.disabled ? keep : slide.caption).focus();
    announceMove(from, to);
  }

  let counter = 0;
  function addSlide({ id = null, caption = '', thumb = null, file = null }) {
    const inputId = `desk-slide-${++counter}`;
    const label = el('label', { for: inputId });
    const input = el('input', { type: 'text', id: inputId, maxlength: 300, value: caption });
    const up = el('button', { type: 'button', text: '↑ Move up' });
    const down = el('button', { type: 'button', text: '↓ Move down' });
    const remove = el('button', { type: 'button', text: 'Remove' });
    const image = el('img', { alt: '', class: 'desk-slide-thumb', src: thumb });
    const element = el(
      'li',
      { class: 'desk-slide', draggable: 'true' },
      el('span', { class: 'desk-slide-handle', 'aria-hidden': 'true', text: '⠿' }),
      image,
      el('div', { class: 'field desk-slide-caption' }, label, input),
      el('p', { class: 'desk-slide-buttons' }, up, down, remove),
    );
    const slide = { id, caption: input, element, label, up, down, remove, image };
    slides.push(slide);
    list.append(element);
    up.addEventListener('click', () => move(slide, slides.indexOf(slide) - 1, up));
    down.addEventListener('click', () => move(slide, slides.indexOf(slide) + 1, down));
    remove.addEventListener('click', () => {
      const index = slides.indexOf(slide);
      slides.splice(index, 1);
      element.remove();
      renumber();
      announcer.textContent = `Removed slide ${index + 1}; ${slides.length} left`;
      (slides[Math.min(index, slides.length - 1)]?.caption ?? files).focus();
    });
    input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
    element.addEventListener('dragstart', (event) => {
      dragged = slide;
      draggedFrom = slides.indexOf(slide);
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', String(slides.indexOf(slide) + 1));
      element.classList.add('desk-slide-dragging');
    });
    element.addEventListener('dragend', () => {
      const to = slides.indexOf(slide);
      if (to !== draggedFrom) announceMove(draggedFrom, to);
      dragged = null;
      element.classList.remove('desk-slide-dragging');
    });
    renumber();
    if (file) {
      const progress = progressRow(element, file);
      slide.pending = upload(file, progress.update)
        .then((media) => {
          slide.id = media.id;
          image.src = thumbOf(media);
          if (!input.value) input.value = media.alt;
        })
        .catch((error) => {
          warn.append(el('p', { text: error.message }));
          slides.splice(slides.indexOf(slide), 1);
          element.remove();
          renumber();
        })
        .finally(() => {
          progress.remove();
          slide.pending = null;
        });
    }
    return slide;
  }

  let dragged = null;
  let draggedFrom = -1;
  list.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    const target = event.target.closest?.('.desk-slide');
    const over = slides.find((s) => s.element === target);
    if (!over || over === dragged) return;
    const rect = target.getBoundingClientRect();
    const to = slides.indexOf(over) + (event.clientY > rect.top + rect.height / 2 ? 1 : 0);
    const from = slides.indexOf(dragged);
    place(dragged, to > from ? to - 1 : to);
  });
  list.addEventListener('drop', (event) => {
    if (dragged) event.preventDefault();
  });
  list.addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const slide = slides.find((s) => s.element.contains(document.activeElement));
    if (!slide) return;
    event.preventDefault();
    const keep = document.activeElement;
    move(slide, slides.indexOf(slide) + (event.key === 'ArrowUp' ? -1 : 1), keep);
  });

  const addFiles = (list) => {
    for (const file of list) addSlide({ file });
    warn.replaceChildren();
  };
  files.addEventListener('change', () => {
    addFiles([...files.files]);
    files.value = '';
  });
  for (const target of [drop, box]) {
    target.addEventListener('dragover', (event) => {
      if (!dragged && event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
  }
  box.addEventListener('drop', (event) => {
    if (dragged || !event.dataTransfer?.files.length) return;
    event.preventDefault();
    addFiles([...event.dataTransfer.files]);
  });
  fromLibrary.addEventListener('click', async () => {
    box.close('library');
    const media = await pickMedia('Add an image to the gallery');
    box.returnValue = '';
    box.showModal();
    if (media) addSlide({ id: media.id, caption: media.alt, thumb: thumbOf(media) }).caption.focus();
    else fromLibrary.focus();
  });

  for (const slide of existing?.slides ?? []) {
    const added = addSlide({ id: slide.id, caption: slide.caption });
    api(`/api/v1/admin/media/${slide.id}`)
      .then((media) => (added.image.src = thumbOf(media)))
      .catch(() => {});
  }

  insert.addEventListener('click', async () => {
    warn.replaceChildren();
    const waiting = slides.filter((s) => s.pending);
    if (waiting.length) {
      warn.append(el('p', { text: `Waiting for ${waiting.length === 1 ? 'one upload' : `${waiting.length} uploads`} to finish…` }));
      await Promise.all(waiting.map((s) => s.pending));
      warn.replaceChildren();
    }
    if (slides.length === 0) {
      warn.append(el('p', { text: 'Add at least one image first.' }));
      files.focus();
      return;
    }
    const empty = slides.filter((s) => !s.caption.value.trim());
    if (empty.length && !warnedEmpty) {
      warnedEmpty = true;
      for (const s of empty) s.caption.setAttribute('aria-invalid', 'true');
      const numbers = empty.map((s) => slides.indexOf(s) + 1).join(', ');
      warn.append(
        el('p', {
          text: `${empty.length === 1 ? `Slide ${numbers} has` : `Slides ${numbers} have`} no caption, which is also the image’s alt text. Write one, or press “${insert.textContent}” again to go on without.`,
        }),
      );
      empty[0].caption.focus();
      return;
    }
    const block = [':::gallery', ...slides.map((s) => `![${altText(s.caption.value)}](media:${s.id})`), ':::'].join('\n');
    box.close();
    if (existing) replaceRange(existing.start, existing.end, block);
    else insertBlockAt(at, block);
  });
  cancel.addEventListener('click', () => box.close());
  box.addEventListener('close', () => {
    if (box.returnValue === 'library') return;
    box.remove();
  });
  box.showModal();
  (slides[0]?.caption ?? files).focus();
}

// ---- Lead image and focal point -------------------------------------------------------------

function leadImage() {
  const fieldset = document.getElementById('desk-lead');
  if (!fieldset) return;
  const idInput = document.getElementById('desk-leadMediaId');
  const xInput = document.getElementById('desk-leadFocusX');
  const yInput = document.getElementById('desk-leadFocusY');
  const preview = fieldset.querySelector('[data-lead-preview]');
  const choose = fieldset.querySelector('[data-lead-choose]');
  const remove = fieldset.querySelector('[data-lead-remove]');
  const said = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  fieldset.querySelector('[data-lead-buttons]').hidden = false;
  fieldset.querySelector('[data-lead-id-field]').hidden = true;
  fieldset.append(said);

  const clamp = (n) => Math.min(100, Math.max(0, Math.round(Number.isFinite(n) ? n : 50)));
  const focus = () => ({ x: clamp(parseInt(xInput.value, 10)), y: clamp(parseInt(yInput.value, 10)) });
  let pad = null;
  let marker = null;
  let crops = [];

  function draw() {
    const { x, y } = focus();
    if (!pad) return;
    marker.style.setProperty('left', `${x}%`);
    marker.style.setProperty('top', `${y}%`);
    for (const crop of crops) crop.style.setProperty('object-position', `${x}% ${y}%`);
    pad.setAttribute('aria-label', `Focal point: ${x}% across, ${y}% down`);
  }
  function set(x, y) {
    xInput.value = String(clamp(x));
    yInput.value = String(clamp(y));
    draw();
    said.textContent = `Focal point ${xInput.value}% across, ${yInput.value}% down`;
  }

  function show(src) {
    if (!src) {
      pad = null;
      preview.replaceChildren(el('p', { class: 'desk-lead-none', text: 'No lead image.' }));
      remove.hidden = true;
      return;
    }
    marker = el('span', { class: 'desk-focal-marker', 'aria-hidden': 'true' });
    pad = el(
      'button',
      { type: 'button', class: 'desk-focal-pad', 'aria-describedby': 'desk-focal-help' },
      el('img', { src, alt: '' }),
      marker,
    );
    crops = [el('img', { class: 'desk-crop-card', src, alt: '' }), el('img', { class: 'desk-crop-social', src, alt: '' })];
    preview.replaceChildren(
      pad,
      el('p', {
        id: 'desk-focal-help',
        class: 'hint',
        text: 'Click the image where its subject is, or focus it and use the arrow keys (Shift for bigger steps).',
      }),
      el(
        'div',
        { class: 'desk-lead-crops', 'aria-hidden': 'true' },
        el('figure', {}, crops[0], el('figcaption', { text: 'Home page card' })),
        el('figure', {}, crops[1], el('figcaption', { text: 'Link preview (1200×630)' })),
      ),
    );
    pad.addEventListener('click', (event) => {
      // Enter or Space on the button is a click without a position: nothing to move.
      if (event.detail === 0) return;
      const box = pad.querySelector('img').getBoundingClientRect();
      set(((event.clientX - box.left) / box.width) * 100, ((event.clientY - box.top) / box.height) * 100);
    });
    pad.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? 10 : 1;
      const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
      if (!move) return;
      event.preventDefault();
      const { x, y } = focus();
      set(x + move[0], y + move[1]);
    });
    remove.hidden = false;
    draw();
  }

  const initial = preview.querySelector('[data-lead-image] img');
  show(initial ? initial.getAttribute('src') : null);
  for (const input of [xInput, yInput]) input.addEventListener('input', draw);
  choose.addEventListener('click', async () => {
    const media = await pickMedia('Choose the lead image');
    if (media) {
      idInput.value = media.id;
      set(50, 50);
      show(previewOf(media));
      pad.focus();
    } else choose.focus();
  });
  remove.addEventListener('click', () => {
    idInput.value = '';
    show(null);
    choose.focus();
  });
}

// ---- Wiring ---------------------------------------------------------------------------------

function imageFiles(dataTransfer) {
  return [...(dataTransfer?.files ?? [])];
}

if (form && body && root) {
  root.querySelector('[data-media-tools]').hidden = false;
  root.querySelector('[data-media-image]').addEventListener('click', () => pickImageForBody(body.selectionStart));
  root.querySelector('[data-media-gallery]').addEventListener('click', () => openGallery(body.selectionStart));
  body.addEventListener('desk:insert-image', (event) => {
    event.preventDefault();
    pickImageForBody(event.detail?.selectionStart ?? body.selectionStart);
  });
  body.addEventListener('desk:insert-gallery', (event) => {
    event.preventDefault();
    openGallery(event.detail?.selectionStart ?? body.selectionStart);
  });
  body.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      body.classList.add('desk-body-drop');
    }
  });
  body.addEventListener('dragleave', () => body.classList.remove('desk-body-drop'));
  body.addEventListener('drop', (event) => {
    body.classList.remove('desk-body-drop');
    const files = imageFiles(event.dataTransfer);
    if (!files.length) return;
    event.preventDefault();
    // The drop point is not a caret position a textarea reports; the caret (or the end) is.
    bodyFiles(files, body.selectionStart ?? body.value.length);
  });
  body.addEventListener('paste', (event) => {
    const files = imageFiles(event.clipboardData);
    if (!files.length) return;
    event.preventDefault();
    bodyFiles(files, body.selectionStart);
  });
  leadImage();
}
