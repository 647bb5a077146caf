// Small pieces around the comment form, kept apart from thread.ts: the "Add a comment" jump at
// the top of a discussion (the form sits under every loaded conversation, hundreds of Tab
// presses down a long thread) and the formatting help under the textarea. Pure like thread.ts,
// which the browser client bundles.
import { html, type SafeHtml } from './html.ts';

/** The first control after the discussion's heading, where the article's "N comments" link lands. */
export function addCommentJump(closed: boolean): SafeHtml | '' {
  if (closed) return '';
  return html`<p class="add-comment-row"><a class="add-comment" href="#comment-form">Add a comment</a></p>`;
}

/** What the comment renderer (comment-markdown.ts) understands, as a disclosure: closed, it takes one line. */
export function formattingHelp(): SafeHtml {
  return html`<details class="formatting-help">
        <summary>Formatting help</summary>
        <dl>
          <dt><code>**bold**</code>, <code>*italic*</code>, <code>~~struck~~</code></dt><dd><strong>bold</strong>, <em>italic</em>, <s>struck</s></dd>
          <dt><code>[words](https://example.com)</code></dt><dd>a link (web and mail addresses are linked by themselves)</dd>
          <dt><code>&gt; quoted text</code></dt><dd>a quotation</dd>
          <dt><code>- item</code> or <code>1. item</code></dt><dd>a list</dd>
          <dt><code>\`code\`</code></dt><dd>code; indent four spaces for a block</dd>
          <dt><code>@Name</code></dt><dd>mentions someone in this discussion</dd>
        </dl>
        <p>A new line stays a new line; a blank line starts a paragraph. No images or HTML.</p>
      </details>`;
}
