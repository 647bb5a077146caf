// Search snippets arrive from the database with matches wrapped in \u0001 … \u0002. The text
// is escaped first and only whole marker pairs become <mark>, so a stray control character in
// a post cannot produce broken or injected markup.
import { escapeHtml } from './html.ts';

// The markers are control characters by design, hence the lint exception.
/* eslint-disable no-control-regex */
export function highlightMarks(marked: string): string {
  return escapeHtml(marked)
    .replace(/\u0001([^\u0001\u0002]*)\u0002/g, '<mark>$1</mark>')
    .replace(/[\u0001\u0002]/g, '');
}
/* eslint-enable no-control-regex */
