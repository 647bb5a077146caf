// The editor's part for beside the form: revisions, corrections and readers' error reports for this post.
import type { SafeHtml } from '../../../render/html.ts';
import type { EditorPage } from './desk-editor.ts';

export function editorAside(_p: EditorPage): SafeHtml | '' {
  return '';
}
