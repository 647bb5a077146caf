// Gallery lightbox (progressive enhancement).
//
// Without this script every `.gallery-link` is a plain link to the large JPEG, so nothing
// here is needed to see the pictures. With it, a click (or Enter) opens one shared native
// <dialog>: showModal() gives us the focus trap, Escape handling and inert page for free,
// so this file only has to manage which slide is shown and where focus goes afterwards.

const SWIPE_DISTANCE = 40;

// The page's language: a non-English page carries its words in a JSON data block (layout.ts).
const WORDS = {
  imageViewer: 'Image viewer',
  closeImageViewer: 'Close image viewer',
  close: 'Close',
  previousImage: 'Previous image',
  nextImage: 'Next image',
  slideOf: '{current} of {total}',
  ...readWords(),
};

function readWords() {
  try {
    return JSON.parse(document.getElementById('gz-site-words')?.textContent ?? '{}');
  } catch {
    return {};
  }
}

/** @typedef {{ link: HTMLAnchorElement, href: string, alt: string, caption: string, width: string | null, height: string | null }} Slide */

/** @param {HTMLAnchorElement} link @returns {Slide} */
function slideOf(link) {
  const img = link.querySelector('img');
  const figcaption = link.closest('figure')?.querySelector('figcaption');
  return {
    link,
    href: link.href,
    alt: img?.alt ?? '',
    caption: figcaption?.textContent?.trim() ?? '',
    // The thumbnail carries the original's dimensions: copying them reserves the right shape
    // before the large file arrives.
    width: img?.getAttribute('width') ?? null,
    height: img?.getAttribute('height') ?? null,
  };
}

function button(className, label, icon, text = '') {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.setAttribute('aria-label', label);
  el.append(icon);
  if (text) el.append(` ${text}`);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A chevron drawn as SVG: text glyphs like ‹ are tiny and vary from font to font. */
function chevron(direction) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', direction === 'left' ? 'M15 5l-7 7 7 7' : 'M9 5l7 7-7 7');
  svg.append(path);
  return svg;
}

function glyph(text) {
  const span = document.createElement('span');
  span.setAttribute('aria-hidden', 'true');
  span.textContent = text;
  return span;
}

function buildDialog() {
  const dialog = document.createElement('dialog');
  dialog.className = 'lightbox';
  dialog.setAttribute('aria-label', WORDS.imageViewer);

  const bar = document.createElement('div');
  bar.className = 'lightbox-bar';
  const counter = document.createElement('p');
  counter.className = 'lightbox-counter';
  const close = button('lightbox-close', WORDS.closeImageViewer, glyph('×'), WORDS.close);
  // Focus lands on Close when the dialog opens: a safe control for Enter, and arrows work
  // from anywhere inside the dialog.
  close.autofocus = true;
  bar.append(counter, close);

  const stage = document.createElement('div');
  stage.className = 'lightbox-stage';
  const image = document.createElement('img');
  image.className = 'lightbox-image';
  image.decoding = 'async';
  // A mouse drag on an image starts a native drag-and-drop, which would swallow the swipe.
  image.draggable = false;
  stage.append(image);

  // Previous and next sit either side of the caption, within thumb reach on phones; wider
  // screens lift them to the middle of the left and right edges (see site.css).
  const footer = document.createElement('div');
  footer.className = 'lightbox-footer';
  const prev = button('lightbox-prev', WORDS.previousImage, chevron('left'));
  const next = button('lightbox-next', WORDS.nextImage, chevron('right'));
  const caption = document.createElement('p');
  caption.className = 'lightbox-caption';
  footer.append(prev, caption, next);

  // Screen readers hear each step; the visible counter and caption are not live themselves
  // so that opening does not announce them twice.
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('aria-atomic', 'true');

  dialog.append(bar, stage, footer, live);
  document.body.append(dialog);
  return { dialog, counter, close, stage, image, prev, next, caption, live };
}

/** @type {ReturnType<typeof buildDialog> | null} */
let ui = null;
/** @type {Slide[]} */
let slides = [];
let current = 0;
const preloaded = new Set();

function preload(href) {
  if (preloaded.has(href)) return;
  preloaded.add(href);
  const img = new Image();
  img.decoding = 'async';
  img.src = href;
}

function show(index) {
  if (!ui || slides.length === 0) return;
  // Wrap around in both directions: the last slide's "next" is the first.
  current = (index + slides.length) % slides.length;
  const slide = slides[current];
  const { image, counter, caption, live } = ui;

  if (image.getAttribute('src') !== slide.href) {
    image.classList.add('is-loading');
    image.removeAttribute('src');
    if (slide.width && slide.height) {
      image.width = Number(slide.width);
      image.height = Number(slide.height);
    } else {
      image.removeAttribute('width');
      image.removeAttribute('height');
    }
    image.alt = slide.alt;
    image.src = slide.href;
  }
  const position = WORDS.slideOf.replace('{current}', String(current + 1)).replace('{total}', String(slides.length));
  counter.textContent = position;
  caption.textContent = slide.caption;
  live.textContent = slide.caption ? `${position}: ${slide.caption}` : position;

  const single = slides.length < 2;
  ui.prev.hidden = single;
  ui.next.hidden = single;
  if (!single) {
    preload(slides[(current + 1) % slides.length].href);
    preload(slides[(current - 1 + slides.length) % slides.length].href);
  }
}

function open(gallerySlides, index) {
  ui ??= wire(buildDialog());
  slides = gallerySlides;
  show(index);
  if (!ui.dialog.open) ui.dialog.showModal();
}

function wire(parts) {
  const { dialog, stage, image, prev, next, close } = parts;
  prev.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => show(current + 1));
  close.addEventListener('click', () => dialog.close());
  image.addEventListener('load', () => image.classList.remove('is-loading'));
  image.addEventListener('error', () => image.classList.remove('is-loading'));

  dialog.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: slides.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    show(moves[event.key]);
  });

  // Escape (the native cancel), the Close button and backdrop clicks all end here. The
  // browser would return focus to the link that opened the viewer; the reader may have
  // moved on since, so focus the link of the slide they were looking at instead.
  dialog.addEventListener('close', () => {
    const link = slides[current]?.link;
    if (link?.isConnected) link.focus();
  });

  // The dialog fills the viewport, so "the backdrop" is any empty area around the picture.
  let swiped = false;
  dialog.addEventListener('click', (event) => {
    if (swiped) {
      swiped = false;
      return;
    }
    if (event.target === dialog || event.target === stage) dialog.close();
  });

  // Horizontal swipes on touch screens step through the slides.
  let start = null;
  stage.addEventListener('pointerdown', (event) => {
    swiped = false;
    start = event.isPrimary ? { x: event.clientX, y: event.clientY } : null;
  });
  stage.addEventListener('pointerup', (event) => {
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) < SWIPE_DISTANCE || Math.abs(dx) < Math.abs(dy)) return;
    swiped = true;
    show(dx < 0 ? current + 1 : current - 1);
  });
  stage.addEventListener('pointercancel', () => {
    start = null;
  });
  return parts;
}

function enhance(gallery) {
  const links = [...gallery.querySelectorAll('a.gallery-link')];
  if (links.length === 0) return;
  const gallerySlides = links.map(slideOf);
  links.forEach((link, index) => {
    link.addEventListener('click', (event) => {
      // Ctrl/Cmd/Shift/Alt-clicks and other buttons keep their usual meaning (new tab, save…).
      if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      open(gallerySlides, index);
    });
  });
}

if (typeof HTMLDialogElement === 'function') {
  document.querySelectorAll('[data-gallery]').forEach(enhance);
}
