// "Preview" under the comment form: the text through the very renderer a posted comment goes
// through (render/comment-markdown.ts), so what the reader sees is what will be published. The
// comments client cannot bundle that renderer (markdown-it would more than double its size), so
// the server renders and nothing is stored. @mentions stay plain text here: resolving them needs
// the thread's participants, and a preview is not worth that query.
import { invalid } from '../../errors.ts';
import { COMMENT_LIMITS, renderComment } from '../../render/comment-markdown.ts';

export function previewComment(body: string): { html: string } {
  const trimmed = body.trim();
  if (trimmed.length < COMMENT_LIMITS.minLength) throw invalid('body', 'must not be empty: type something to preview');
  if (trimmed.length > COMMENT_LIMITS.maxLength)
    throw invalid('body', `must be at most ${COMMENT_LIMITS.maxLength} characters (this one has ${trimmed.length})`);
  return { html: renderComment(trimmed).html };
}
