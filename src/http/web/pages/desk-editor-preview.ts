// The editor's live preview: the article's headline, standfirst and text drawn by the article
// page's own pieces (article.ts), so what the writer sees beside the Markdown is the page readers get.
import { html, type SafeHtml } from '../../../render/html.ts';
import type { ArticlePreview } from '../../../domain/posts/preview.ts';
import { articleBody, articleHeadline } from './article.ts';

export function renderArticlePreview(preview: ArticlePreview): SafeHtml {
  return html`<article class="article desk-preview-article">
  <header class="article-header">
    ${articleHeadline(preview.title || 'Untitled', preview.excerpt)}
  </header>
  ${articleBody(preview.bodyHtml)}
</article>`;
}
