import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import { picture } from '../../../render/picture.ts';
import { avatar, avatarImageUrl } from '../../../render/avatar.ts';
import type { Article } from '../../../domain/posts/read.ts';
import { layout, type SiteContext } from '../layout.ts';
import { commentCount, date, postCard } from '../components.ts';
import { articleHead } from '../seo.ts';
import { FORM_TOKEN_SLOT } from '../../../render/thread.ts';
import { MAX_ERROR_REPORT_TEXT } from '../../../domain/posts/error-reports.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { siteText, textWith, type SiteText } from '../site-text.ts';

/**
 * Correction and update notes sit at the end of the article's text, where a reader who has just
 * read a claim finds what changed about it, each dated ("Correction, 4 December 2026: …").
 */
function corrections(view: Article, text: SiteText, locale: Locale | undefined): SafeHtml | string {
  if (view.corrections.length === 0) return '';
  return html`<aside class="corrections" aria-label="${text('correctionsLabel')}">
    ${view.corrections.map(
      (c) =>
        html`<p class="correction correction-${c.kind}" id="correction-${c.id}"><strong>${textWith(text, c.kind === 'correction' ? 'correctionOn' : 'updateOn', { date: date(c.created_at, locale) })}</strong> ${c.text}</p>`,
    )}
  </aside>`;
}

/** "Report an error in this article": a plain form that works without JavaScript or an account. */
function errorReportForm(slug: string, csrfToken: string | null, text: SiteText): SafeHtml {
  return html`<details class="report-error" id="report-error">
    <summary>${text('reportError')}</summary>
    <form method="post" action="/articles/${slug}/error-reports">
      ${csrfToken === null ? '' : html`<input type="hidden" name="csrf" value="${csrfToken}" />`}
      <p>
        <label for="report-error-text">${text('reportWhat')}</label>
        <textarea id="report-error-text" name="text" required maxlength="${MAX_ERROR_REPORT_TEXT}" rows="4"></textarea>
      </p>
      <p>
        <label for="report-error-email">${text('reportEmail')}</label>
        <input id="report-error-email" name="email" type="email" maxlength="320" autocomplete="email" />
      </p>
      <p><button type="submit">${text('reportSend')}</button></p>
    </form>
  </details>`;
}

/** The headline and standfirst; the desk's preview (desk-editor-preview.ts) shows the same markup. */
export function articleHeadline(title: string, excerpt: string): SafeHtml {
  return html`<h1>${title}</h1>
    ${excerpt ? html`<p class="standfirst">${excerpt}</p>` : ''}`;
}

/** The article's text (rendered at save); the desk's preview shows the same markup. */
export function articleBody(bodyHtml: string): SafeHtml {
  return html`<div class="article-body">${trusted(bodyHtml)}</div>`;
}

/**
 * `discussion` is the rendered thread (render/thread.ts), made per request or per cache entry;
 * `csrfToken` is the same token (or cache slot) its forms carry, for the error-report form.
 * `preview`: the page of an unpublished article seen through a preview link (preview-routes.ts):
 * never indexed, and without the error-report form, which only a published article can take; a
 * scheduled one shows its publication date, a draft (no publication time yet) none.
 */
export function renderArticle(
  site: SiteContext,
  view: Article,
  discussion: SafeHtml,
  csrfToken: string | null = FORM_TOKEN_SLOT,
  options: { preview?: boolean } = {},
): string {
  const { post, author } = view;
  const path = `/articles/${post.slug}`;
  const category = view.categoryTrail[view.categoryTrail.length - 1];
  const { locale } = site;
  const text = siteText(locale);
  const main = html`<article class="article">
  <nav class="breadcrumbs" aria-label="${text('breadcrumb')}"><ol>
    <li><a href="/">${text('home')}</a></li>
    ${view.categoryTrail.map((c) => html`<li><a href="/category/${c.slug}">${c.name}</a></li>`)}
  </ol></nav>
  <header class="article-header">
    ${category ? html`<a class="category" href="/category/${category.slug}">${category.name}</a>` : ''}
    ${articleHeadline(post.title, post.excerpt)}
    <div class="byline">
      ${avatar(author.display_name, 'small', author.avatar_media_id ? avatarImageUrl(author.avatar_media_id, 128) : null)}
      <span>${textWith(text, 'byline', { name: html`<a rel="author" href="/author/${author.slug}">${author.display_name}</a>` })}</span>
      ${post.published_at ? html`<span>${date(post.published_at, locale)}</span>` : ''}
      ${commentCount(view.commentCount, '#comments', locale)}
    </div>
  </header>
  ${view.leadImage ? html`<figure class="lead-image">${picture(view.leadImage, { alt: '', eager: true, sizes: '(max-width: 44em) 100vw, 44em' })}</figure>` : ''}
  ${articleBody(post.body_html)}
  ${corrections(view, text, locale)}
  ${options.preview ? '' : errorReportForm(post.slug, csrfToken, text)}
  ${view.tags.length ? html`<ul class="tags" aria-label="${text('tags')}">${view.tags.map((t) => html`<li><a rel="tag" href="/tag/${t.slug}">${t.name}</a></li>`)}</ul>` : ''}
  <nav class="post-nav" aria-label="${text('postNav')}">
    ${view.previous ? html`<a class="post-nav-prev" rel="prev" href="/articles/${view.previous.slug}"><span>${text('previous')}</span>${view.previous.title}</a>` : ''}
    ${view.next ? html`<a class="post-nav-next" rel="next" href="/articles/${view.next.slug}"><span>${text('next')}</span>${view.next.title}</a>` : ''}
  </nav>
  ${view.related.length ? html`<section class="related" aria-labelledby="related-heading"><h2 id="related-heading">${text('related')}</h2><div class="cards cards-compact">${view.related.map((p) => postCard(p, { locale }))}</div></section>` : ''}
  ${discussion}
</article>`;
  return layout(
    site,
    {
      title: post.seo_title || post.title,
      description: post.seo_description || post.excerpt || undefined,
      path,
      canonicalUrl: post.canonical_url,
      noindex: options.preview,
      head: articleHead(site, view),
      lightbox: post.body_html.includes('data-gallery'),
      comments: !options.preview,
    },
    main,
  );
}
