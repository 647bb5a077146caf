// The editor's part for images, right under the body: the alt-text warning before an article
// goes out, the place where uploads show their progress and refusals (desk-media.js), and the
// lead image with its focal point. Without JavaScript the lead image is a media id and the focal
// point two number fields; the script adds the library picker, uploads, a clickable/arrow-key
// focal point and the gallery editor.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { focalClasses, mediaUrl, variantFile, type PictureMedia } from '../../../render/picture.ts';
import type { EditorPage } from './desk-editor.ts';

const ANYWAY: Record<string, string> = {
  publish: 'Publish anyway',
  schedule: 'Schedule anyway',
  review: 'Submit for review anyway',
};

function altWarning(p: EditorPage): SafeHtml | '' {
  const warning = p.altWarning;
  if (!warning) return '';
  const count = warning.images.length;
  return html`<div class="desk-alt-warning" id="desk-alt-warning" role="alert">
    <h2>${count === 1 ? 'One image has' : `${count} images have`} no alt text</h2>
    <p>Readers who cannot see an image hear its alt text instead. Describe each image between the brackets, as in <code>![Crowd outside the venue](media:…)</code>, then press the button again; or go on without. Nothing was saved yet.</p>
    <ul>
      ${warning.images.map((image) => html`<li>Line ${String(image.line)}: <code>${image.src}</code></li>`)}
    </ul>
    <input type="hidden" name="altConfirmed" value="1" />
    <button type="submit" name="action" value="${warning.action}">${ANYWAY[warning.action] ?? 'Go on anyway'}</button>
  </div>`;
}

function errorOf(p: EditorPage, name: string): string | null {
  return p.error?.field === name ? p.error.message : null;
}

function numberField(p: EditorPage, name: 'leadFocusX' | 'leadFocusY', label: string): SafeHtml {
  const id = `desk-${name}`;
  const fault = errorOf(p, name);
  return html`<div class="field desk-editor-field">
    <label for="${id}">${label}</label>${fault ? html`<p id="${id}-error" class="field-error">${fault}</p>` : ''}
    <input type="number" id="${id}" name="${name}" min="0" max="100" step="1" inputmode="numeric" value="${p.values[name]}"${fault ? trusted(` aria-invalid="true" aria-describedby="${id}-error"`) : ''} />
  </div>`;
}

/** A rendition wide enough for the editor's preview, not the largest. */
function previewFile(media: PictureMedia): string {
  const width = media.variantWidths.find((w) => w >= 640) ?? Math.max(...media.variantWidths);
  return mediaUrl(media.id, variantFile(width, 'jpg'));
}

function leadPreview(p: EditorPage): SafeHtml {
  const lead = p.lead;
  if (!lead) return html`<p class="desk-lead-none" data-lead-none>No lead image.</p>`;
  const focus = { x: Number(p.values.leadFocusX) || 0, y: Number(p.values.leadFocusY) || 0 };
  const src = previewFile(lead);
  return html`<div class="desk-lead-image" data-lead-image data-media-id="${lead.id}">
      <img src="${src}" alt="${lead.alt ?? ''}" width="${lead.width}" height="${lead.height}" />
    </div>
    <div class="desk-lead-crops" aria-hidden="true">
      <figure><img class="desk-crop-card ${focalClasses(focus)}" src="${src}" alt="" /><figcaption>Home page card</figcaption></figure>
      <figure><img class="desk-crop-social ${focalClasses(focus)}" src="${src}" alt="" /><figcaption>Link preview (1200×630)</figcaption></figure>
    </div>`;
}

function leadImage(p: EditorPage): SafeHtml {
  const fault = errorOf(p, 'leadMediaId');
  return html`<fieldset class="desk-lead" id="desk-lead">
    <legend>Lead image</legend>
    <p class="hint" id="desk-lead-hint">Shown above the article, on the home page's cards and in link previews, each cropped around the focal point.</p>
    <div class="desk-lead-preview" data-lead-preview>${leadPreview(p)}</div>
    <p class="desk-lead-buttons" data-lead-buttons hidden>
      <button type="button" data-lead-choose>Choose lead image…</button>
      <button type="button" data-lead-remove${p.lead ? '' : trusted(' hidden')}>Remove lead image</button>
    </p>
    <div class="field desk-editor-field" data-lead-id-field>
      <label for="desk-leadMediaId">Lead image (media id)</label>
      <p id="desk-leadMediaId-hint" class="hint">The id of an image in the media library; empty for none.</p>
      ${fault ? html`<p id="desk-leadMediaId-error" class="field-error">${fault}</p>` : ''}
      <input type="text" id="desk-leadMediaId" name="leadMediaId" value="${p.values.leadMediaId}" maxlength="64" pattern="[a-z0-9]*" aria-describedby="desk-leadMediaId-hint${fault ? ' desk-leadMediaId-error' : ''}"${fault ? trusted(' aria-invalid="true"') : ''} />
    </div>
    <div class="desk-focal-fields" role="group" aria-labelledby="desk-focal-legend">
      <p id="desk-focal-legend" class="desk-focal-legend">Focal point, in percent: 0 is the left or top edge, 100 the right or bottom, 50 the middle.</p>
      ${numberField(p, 'leadFocusX', 'Across (%)')} ${numberField(p, 'leadFocusY', 'Down (%)')}
    </div>
  </fieldset>`;
}

export function mediaTools(p: EditorPage): SafeHtml | '' {
  return html`<div class="desk-media" id="desk-media">
    ${altWarning(p)}
    <p class="desk-media-tools" data-media-tools hidden>
      <button type="button" data-media-image>Insert image…</button>
      <button type="button" data-media-gallery>Add gallery…</button>
      <span class="hint">or drop or paste images into the body.</span>
    </p>
    <div class="desk-media-uploads" id="desk-media-uploads" aria-live="polite"></div>
    <div class="desk-media-error field-error" id="desk-media-error" role="alert"></div>
    ${leadImage(p)}
  </div>`;
}
