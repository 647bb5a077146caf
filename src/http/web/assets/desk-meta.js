// The desk editor's script for its meta part (see pages/desk-editor-meta.ts); loaded on every desk page, it does nothing where its part is absent.
// Without it the fields are plain inputs and the search-result preview is as of the last save.
// With it: the length counters and the preview follow the typing (cut where the server cuts),
// "Choose from recent images" fills the social image id from the library, and a made preview
// link is shown in full with a Copy button.
const SHOWN = { title: 60, description: 155 };

function cutForSearch(text, max) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:–-]+$/, '')} …`;
}

function markdownGist(markdown) {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)[ \t]+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function slugOf(slug, title) {
  const typed = slug.trim();
  if (typed) return typed;
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const displayAddress = (address) =>
  address
    .replace(/^https?:\/\//i, '')
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean)
    .join(' › ');

function countText(length, shown) {
  const chars = length === 1 ? '1 character' : `${length} characters`;
  return length > shown ? `${chars}: search results show about ${shown}, the rest is cut` : `${chars} of about ${shown} shown`;
}

const byId = (id) => document.getElementById(id);
const valueOf = (id) => byId(id)?.value ?? '';

function watchCounters() {
  for (const counter of document.querySelectorAll('[data-count-for]')) {
    const input = byId(counter.dataset.countFor);
    if (!input) continue;
    const shown = Number(counter.dataset.shown);
    const update = () => {
      counter.textContent = countText(input.value.length, shown);
      counter.classList.toggle('desk-count-over', input.value.length > shown);
    };
    input.addEventListener('input', update);
    update();
  }
}

function watchSearchPreview() {
  const serp = document.querySelector('[data-serp]');
  if (!serp) return;
  const site = serp.dataset.siteTitle ?? '';
  const base = serp.dataset.baseUrl || location.origin;
  const parts = {
    url: serp.querySelector('[data-serp-url]'),
    title: serp.querySelector('[data-serp-title]'),
    description: serp.querySelector('[data-serp-description]'),
  };
  const draw = () => {
    const title = valueOf('desk-seoTitle').trim() || valueOf('desk-title').trim() || 'Untitled';
    const description = valueOf('desk-seoDescription').trim() || valueOf('desk-excerpt').trim() || markdownGist(valueOf('desk-body'));
    const address = valueOf('desk-canonicalUrl').trim() || `${base}/articles/${slugOf(valueOf('desk-slug'), valueOf('desk-title'))}`;
    parts.url.textContent = displayAddress(address);
    parts.title.textContent = cutForSearch(site ? `${title} – ${site}` : title, SHOWN.title);
    parts.description.textContent = cutForSearch(description, SHOWN.description);
  };
  for (const id of ['desk-seoTitle', 'desk-seoDescription', 'desk-title', 'desk-excerpt', 'desk-body', 'desk-slug', 'desk-canonicalUrl'])
    byId(id)?.addEventListener('input', draw);
  draw();
}

/** The smallest JPEG rendition in a srcset ("url 320w, url 640w"). */
const smallest = (srcset) => srcset.split(',')[0]?.trim().split(/\s+/)[0] ?? '';

function socialImagePicker() {
  const button = document.querySelector('[data-social-choose]');
  const library = document.querySelector('[data-social-library]');
  const input = byId('desk-socialMediaId');
  const current = document.querySelector('[data-social-current]');
  if (!button || !library || !input || !current) return;
  button.hidden = false;
  const show = (item) => {
    current.replaceChildren();
    if (!item) return;
    const img = document.createElement('img');
    img.className = 'desk-social-thumb';
    img.src = smallest(item.image.srcset.jpeg);
    img.alt = `The social image: ${item.alt || 'no alt text'}`;
    current.append(img);
  };
  button.addEventListener('click', async () => {
    if (!library.hidden) {
      library.hidden = true;
      return;
    }
    library.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Loading the library…' }));
    library.hidden = false;
    try {
      const response = await fetch('/api/v1/admin/media?page=1', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      const { media } = await response.json();
      const images = media.filter((m) => m.image.srcset.jpeg).slice(0, 12);
      library.replaceChildren();
      if (images.length === 0)
        library.append(Object.assign(document.createElement('p'), { textContent: 'The library has no images yet.' }));
      const list = document.createElement('ul');
      for (const item of images) {
        const choose = document.createElement('button');
        choose.type = 'button';
        choose.className = 'desk-social-option';
        const img = document.createElement('img');
        img.src = smallest(item.image.srcset.jpeg);
        img.alt = '';
        choose.append(img, document.createTextNode(`Use ${item.alt || item.originalName}`));
        choose.addEventListener('click', () => {
          input.value = item.id;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          show(item);
          library.hidden = true;
          input.focus();
        });
        const li = document.createElement('li');
        li.append(choose);
        list.append(li);
      }
      library.append(list);
      list.querySelector('button')?.focus();
    } catch {
      library.replaceChildren(
        Object.assign(document.createElement('p'), { textContent: 'The library could not be loaded; type the media id instead.' }),
      );
    }
  });
  input.addEventListener('change', () => {
    if (!input.value.trim()) show(null);
  });
}

function previewLinkCopy() {
  const field = document.querySelector('[data-preview-url]');
  if (!field) return;
  // The server knows the site's address only when it is configured; the browser always does.
  if (field.value.startsWith('/')) field.value = new URL(field.value, location.href).href;
  const copy = document.querySelector('[data-preview-copy]');
  const said = document.querySelector('[data-preview-copied]');
  field.addEventListener('focus', () => field.select());
  if (!copy || !navigator.clipboard) return;
  copy.hidden = false;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (said) said.textContent = 'Copied.';
    } catch {
      field.select();
      if (said) said.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
    }
  });
}

watchCounters();
watchSearchPreview();
socialImagePicker();
previewLinkCopy();
