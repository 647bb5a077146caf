// The editor's writing parts: the save status line ("Saved at 14:02", always on screen) and the
// pane the live preview goes into. desk-autosave.js keeps the status line current and turns its
// UTC time into the writer's own; desk-writing.js fills the pane (without JavaScript it stays hidden).
import { html, type SafeHtml } from '../../../render/html.ts';
import { when } from '../components.ts';
import type { EditorPage } from './desk-editor.ts';

export function saveStatus(p: EditorPage): SafeHtml {
  const savedAt = p.post?.updatedAt;
  return html`<div class="desk-save-bar">
    <p id="desk-save-status" class="desk-save-status" role="status" aria-live="polite"${savedAt ? html` data-saved-at="${savedAt}"` : ''}>${savedAt ? html`Last saved ${when(savedAt)}` : 'Not saved yet'}</p>
  </div>`;
}

export function previewPane(): SafeHtml {
  return html`<section id="desk-live-preview" class="desk-live-preview" aria-labelledby="desk-live-preview-heading" hidden>
        <h2 id="desk-live-preview-heading" class="desk-live-preview-heading">Live preview</h2>
        <div id="desk-live-preview-problems" class="desk-live-preview-problems"></div>
        <div id="desk-live-preview-content" class="desk-live-preview-content"></div>
      </section>`;
}
