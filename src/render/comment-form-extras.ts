// Small pieces around the comment form, kept apart from thread.ts: the "Add a comment" jump at
// the top of a discussion (the form sits under every loaded conversation, hundreds of Tab
// presses down a long thread) and the formatting help under the textarea. Pure like thread.ts,
// which the browser client bundles.
import { html, type SafeHtml } from './html.ts';
import type { Locale } from '../i18n/locales.ts';
import { text } from './thread-text.ts';

/** The first control after the discussion's heading, where the article's "N comments" link lands. */
export function addCommentJump(closed: boolean, locale?: Locale): SafeHtml | '' {
  if (closed) return '';
  return html`<p class="add-comment-row"><a class="add-comment" href="#comment-form">${text(locale, 'addComment')}</a></p>`;
}

/** What the comment renderer (comment-markdown.ts) understands, as a disclosure: closed, it takes one line. */
export function formattingHelp(locale?: Locale): SafeHtml {
  // The examples are written in the reader's words; the Markdown around them is the same everywhere.
  const say = (key: string) => text(locale, `help.${key}`);
  const [bold, italic, struck, item] = [say('bold'), say('italic'), say('struck'), say('item')];
  return html`<details class="formatting-help">
        <summary>${say('summary')}</summary>
        <dl>
          <dt><code>**${bold}**</code>, <code>*${italic}*</code>, <code>~~${struck}~~</code></dt><dd><strong>${bold}</strong>, <em>${italic}</em>, <s>${struck}</s></dd>
          <dt><code>[${say('words')}](https://example.com)</code></dt><dd>${say('link')}</dd>
          <dt><code>&gt; ${say('quotedText')}</code></dt><dd>${say('quote')}</dd>
          <dt><code>- ${item}</code> ${say('or')} <code>1. ${item}</code></dt><dd>${say('list')}</dd>
          <dt><code>\`${say('code')}\`</code></dt><dd>${say('codeBlock')}</dd>
          <dt><code>@${say('name')}</code></dt><dd>${say('mention')}</dd>
        </dl>
        <p>${say('lines')}</p>
      </details>`;
}
