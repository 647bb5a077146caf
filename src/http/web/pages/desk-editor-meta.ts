// The editor's part for search and social metadata (SEO title and description with a search-result preview, social image, canonical URL) and the preview link.
import type { SafeHtml } from '../../../render/html.ts';
import type { EditorPage } from './desk-editor.ts';

export function seoFields(_p: EditorPage): SafeHtml | '' {
  return '';
}
