// The discussion under an article, rendered on the server: readable, sortable, pageable and
// writable without JavaScript. The anonymous render is shared through the page cache, so nothing
// here may depend on "now" (dates are absolute) or on the reader (the CSRF token is optional).
// The browser client (src/widget/) bundles this same file to render what it fetches, so it must
// stay pure: no Node modules, no imports beyond html/avatar, the comment types and the words
// (thread-text.ts, in the reader's locale).
import { html, trusted, type SafeHtml } from './html.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDateTime } from '../i18n/format.ts';
import { badgeText, rich, text } from './thread-text.ts';
import { avatar } from './avatar.ts';
import { MAX_DISPLAY_DEPTH, THREAD_SORTS, type CommentView, type ThreadPage, type ThreadSort } from '../domain/comments/types.ts';
import { addCommentJump, formattingHelp } from './comment-form-extras.ts';
import { commentMarks, featuredSection, isOwnHiddenView, ownStatusNote, reportControl, threadNotice } from './thread-moderation.ts';
import {
  ownActions,
  ownEditForm,
  ownScore,
  placeFields,
  placeQuery,
  signInOffer,
  type OwnControls,
  type OwnEdit,
  type ThreadPlace,
} from './thread-own.ts';

/**
 * A shared (cached) page is rendered once for every reader, but a browser with a cookie must send
 * its own CSRF token in forms: the shared render carries this placeholder where the token goes,
 * and the page cache fills it per request (empty for a reader without cookie). So a reader with a
 * cookie and nothing personal on the page is still served from the cache, without a render.
 */
export const FORM_TOKEN_SLOT = 'gz-form-token-slot-4d1c9b';

export interface ThreadRenderOptions {
  /** The article path, e.g. /articles/some-slug — sort links and the no-JS form post go here. */
  articlePath: string;
  /** Where the no-JavaScript form posts: `${articlePath}/comments`. */
  formAction: string;
  /** Hidden CSRF token for the form; null when the page is the shared cached render (anonymous reader). */
  csrfToken: string | null;
  /** For a no-JS reply: the comment being replied to (from ?replyTo=ID), so the form shows "Replying to NAME" and a hidden parentId. */
  replyTo?: { id: string; name: string } | null;
  /** Validation error + the reader's submitted values, to re-show the form after a failed no-JS post. */
  formError?: { message: string; field?: string; values: { body?: string; name?: string; email?: string } } | null;
  /** The signed-in reader (personal renders only): the form says who is commenting instead of asking. */
  /** `moderates`: the reader may moderate, so the staff tools (widget/staff-tools.ts) are offered on this personal render. */
  viewer?: { name: string; moderates?: boolean } | null;
  /** Seconds after posting during which its author may edit a comment; the client shows Edit that long. */
  editWindowSeconds?: number;
  /** A line shown above the comments after a no-JavaScript action ("Thanks, a moderator will look at it"). */
  notice?: string | null;
  /** The reader's own comments (their own render only): Edit and Delete instead of votes and Report. */
  own?: OwnControls;
  /** The page shown, carried by every no-JS form so the reader comes back to it. */
  place?: ThreadPlace;
  /** One's own comment opened in the editor without JavaScript (?edit=ID). */
  editing?: OwnEdit | null;
  /** The reader's language; English when not given. */
  locale?: Locale;
  /** In the embed frame: the site's sign-in page (/embed/sign-in?site=…), which the offer opens in a new tab. */
  embedSignIn?: string;
}

/** The domain's default edit window (src/domain/comments/settings.ts), for callers that do not say. */
const DEFAULT_EDIT_WINDOW_SECONDS = 15 * 60;

/**
 * The section carries what the client needs to take over: the thread, the order shown, where
 * sort links and the no-JS form point, and the edit window (data-edit-window, in seconds).
 */
export function renderThread(page: ThreadPage, options: ThreadRenderOptions): SafeHtml {
  const { articlePath, locale } = options;
  const hasComments = page.comments.length > 0;
  const { own, place, editing } = options;
  const ctx: RenderContext = {
    articlePath,
    csrf: html`${csrfInput(options.csrfToken)}${placeFields(place)}`,
    closed: page.closed,
    own,
    place,
    editing,
    locale,
  };
  const editWindow = options.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS;
  // data-personal: rendered for one reader (their own hidden comments are in it), so the client merges them into pages it fetches.
  // A shared render carries FORM_TOKEN_SLOT instead of a token (filled per request): not personal.
  return html`<section id="comments" class="discussion" aria-labelledby="comments-heading" data-thread-id="${page.threadId}" data-sort="${page.sort}" data-article-path="${articlePath}" data-edit-window="${editWindow}"${options.csrfToken === null || options.csrfToken === FORM_TOKEN_SLOT ? '' : trusted(' data-personal="true"')}${options.viewer?.moderates ? trusted(' data-staff-tools="true"') : ''}>
  <h2 id="comments-heading">${threadHeading(page.commentCount, locale)}</h2>
  ${addCommentJump(page.closed, locale)}
  ${threadNotice(options.notice)}
  ${featuredSection(page.featured, locale)}
  ${hasComments ? sortNav(articlePath, page.sort, locale) : html`<p class="empty">${text(locale, page.closed ? 'empty' : 'emptyOpen')}</p>`}
  <div class="new-comments" aria-live="polite" hidden></div>
  ${hasComments ? html`<ol class="comment-list">${commentItems(page.comments, ctx)}</ol>` : ''}
  ${page.nextCursor ? html`<p class="load-more-row"><a class="load-more" href="${loadMoreHref(articlePath, page.sort, page.nextCursor)}">${text(locale, 'loadMore')}</a></p>` : ''}
  ${page.closed ? html`<p class="comments-closed">${text(locale, 'closed')}</p>` : commentForm(page, options)}
</section>`;
}

export function threadHeading(commentCount: number, locale?: Locale): string {
  return commentCount === 0 ? text(locale, 'heading.none') : text(locale, 'heading.count', { count: commentCount });
}

/** The no-JS next page; the client reads sort and cursor back out of it. */
export function loadMoreHref(articlePath: string, sort: ThreadSort, cursor: string): string {
  return `${articlePath}?sort=${encodeURIComponent(sort)}&after=${encodeURIComponent(cursor)}#comments`;
}

/** One page's comments (flat, display order) as the <li> items of the list. */
export function commentItems(comments: readonly CommentView[], ctx: RenderContext): SafeHtml {
  return html`${buildTree(comments, ctx.locale).map((node) => commentItem(node, ctx))}`;
}

function sortNav(articlePath: string, current: ThreadSort, locale: Locale | undefined): SafeHtml {
  return html`<nav class="comment-sort" aria-label="${text(locale, 'sort.navLabel')}">
    <span class="comment-sort-label">${text(locale, 'sort.by')}</span>
    <ul>${THREAD_SORTS.map((sort) => html`<li><a href="${articlePath}?sort=${sort}#comments"${sort === current ? trusted(' aria-current="true"') : ''}>${text(locale, `sort.${sort}`)}</a></li>`)}</ul>
  </nav>`;
}

// ---- Tree ---------------------------------------------------------------------------------

export interface ThreadNode {
  comment: CommentView;
  /** Nesting on screen: 0 for top level, never more than MAX_DISPLAY_DEPTH. */
  level: number;
  /** Set when the nesting no longer shows whom this answers (flattened, or parent not on the page). */
  inReplyTo: { id: string; name: string } | null;
  replies: ThreadNode[];
}

/**
 * Turns the flat list (display order: replies follow their parent) into nested lists. Levels
 * come from the parent links actually on the page rather than `depth`, so the markup cannot
 * disagree with itself; replies beyond MAX_DISPLAY_DEPTH join their parent's list, in order.
 */
export function buildTree(comments: readonly CommentView[], locale?: Locale): ThreadNode[] {
  const roots: ThreadNode[] = [];
  const placed = new Map<string, { node: ThreadNode; siblings: ThreadNode[] }>();
  for (const comment of comments) {
    const parent = comment.parentId === null ? undefined : placed.get(comment.parentId);
    let node: ThreadNode;
    let siblings: ThreadNode[];
    if (!parent) {
      // A reply whose parent is missing from the page still gets shown, at the top level.
      node = { comment, level: 0, inReplyTo: comment.parentId === null ? null : comment.inReplyTo, replies: [] };
      siblings = roots;
    } else if (parent.node.level < MAX_DISPLAY_DEPTH) {
      node = { comment, level: parent.node.level + 1, inReplyTo: null, replies: [] };
      siblings = parent.node.replies;
    } else {
      const inReplyTo = comment.inReplyTo ?? { id: parent.node.comment.id, name: authorName(parent.node.comment, locale) };
      node = { comment, level: MAX_DISPLAY_DEPTH, inReplyTo, replies: [] };
      siblings = parent.siblings;
    }
    siblings.push(node);
    placed.set(comment.id, { node, siblings });
  }
  return roots;
}

function authorName(comment: CommentView, locale: Locale | undefined): string {
  return comment.status === 'deleted' ? text(locale, 'comment.deletedAuthor') : comment.author.name;
}

// ---- One comment --------------------------------------------------------------------------

export interface RenderContext {
  articlePath: string;
  /** The hidden CSRF input for vote forms; empty markup in the client, which sends JSON instead. */
  csrf: SafeHtml;
  closed: boolean;
  /** Server renders for one reader: their comments, the page the forms return to, a comment in the editor. */
  own?: OwnControls;
  place?: ThreadPlace;
  editing?: OwnEdit | null;
  /** The reader's language; English when not given. */
  locale?: Locale;
}

/** data-parent-id lets the client place a new reply, and tell whether a comment still has replies. */
export function commentItem(node: ThreadNode, ctx: RenderContext): SafeHtml {
  const { comment } = node;
  return html`<li class="comment-item" data-level="${node.level}"${comment.parentId === null ? '' : html` data-parent-id="${comment.parentId}"`}>
    ${commentArticle(node, ctx)}
    ${node.replies.length ? html`<ol class="replies">${node.replies.map((reply) => commentItem(reply, ctx))}</ol>` : ''}
    ${comment.moreReplies ? moreRepliesRow(comment.id, comment.moreReplies.count, comment.moreReplies.cursor, ctx.locale) : ''}
  </li>`;
}

/** Where the rest of a conversation's replies are, without JavaScript; the client fetches the JSON twin instead. */
export function moreRepliesHref(rootId: string, cursor: string): string {
  return `/comments/${encodeURIComponent(rootId)}/replies?after=${encodeURIComponent(cursor)}`;
}

/** "N more replies": a link that works without JavaScript, which the client turns into loading in place. */
export function moreRepliesRow(rootId: string, count: number, cursor: string, locale?: Locale): SafeHtml {
  return html`<p class="more-replies-row"><a class="more-replies" href="${moreRepliesHref(rootId, cursor)}" data-root-id="${rootId}">${text(locale, 'moreReplies', { count })}</a></p>`;
}

/** The comment itself without its replies, so the client can re-render one in place. */
export function commentArticle(node: ThreadNode, ctx: RenderContext): SafeHtml {
  return node.comment.status === 'deleted' ? deletedComment(node, ctx.locale) : publishedComment(node, ctx);
}

function deletedComment(node: ThreadNode, locale: Locale | undefined): SafeHtml {
  return html`<article id="comment-${node.comment.id}" class="comment comment-deleted" data-comment-id="${node.comment.id}">
      <span class="avatar avatar-small avatar-deleted" aria-hidden="true"></span>
      <div class="comment-main">
        ${inReplyTo(node, locale)}
        <p class="comment-deleted-note">${text(locale, 'comment.deleted')}</p>
      </div>
    </article>`;
}

function publishedComment(node: ThreadNode, ctx: RenderContext): SafeHtml {
  const { comment } = node;
  const { author } = comment;
  const { locale } = ctx;
  const name = html`<span itemprop="name">${author.name}</span>`;
  const profile = author.profileUrl !== null && isSafeUrl(author.profileUrl) ? author.profileUrl : null;
  const ownHidden = isOwnHiddenView(comment);
  const mine = ctx.own?.get(comment.id);
  return html`<article id="comment-${comment.id}" class="comment${ownHidden ? ' comment-own-hidden' : ''}" data-comment-id="${comment.id}" itemscope itemtype="https://schema.org/Comment">
      ${avatar(author.name, 'small', author.avatarUrl)}
      <div class="comment-main">
        <header class="comment-header">
          <span class="comment-author" itemprop="author" itemscope itemtype="https://schema.org/Person">${profile ? html`<a itemprop="url" href="${profile}">${name}</a>` : name}</span>
          ${author.badge ? html`<span class="badge">${badgeText(locale, author.badge)}</span>` : ''}
          ${commentMarks(comment, locale)}
          <a class="permalink" href="#comment-${comment.id}">${commentTime(comment.createdAt, locale)}</a>
          ${comment.editedAt ? html`<span class="edited" title="${text(locale, 'comment.editedAt', { time: exactTime(comment.editedAt, locale) })}">${text(locale, 'comment.edited')}</span><meta itemprop="dateModified" content="${isoOf(comment.editedAt)}">` : ''}
        </header>
        ${inReplyTo(node, locale)}
        ${ctx.editing?.id === comment.id && mine ? ownEditForm(comment, ctx.editing, ctx) : html`<div class="comment-body" itemprop="text">${trusted(comment.bodyHtml)}</div>`}
        ${ownStatusNote(comment, locale)}
        <footer class="comment-actions">${
          ownHidden
            ? mine
              ? ownActions(comment, ctx, mine)
              : ''
            : html`
          ${mine ? ownScore(comment, locale) : voteForm(comment, ctx.csrf, locale)}
          ${ctx.closed ? '' : html`<a class="reply-link" href="${ctx.articlePath}${placeQuery(ctx.place, { replyTo: comment.id })}#comment-form">${text(locale, 'comment.reply')}<span class="visually-hidden">${text(locale, 'comment.replyHidden', { name: author.name })}</span></a>`}
          ${mine ? ownActions(comment, ctx, mine) : reportControl(comment, ctx.csrf, locale)}`
        }
        </footer>
      </div>
    </article>`;
}

function inReplyTo(node: ThreadNode, locale: Locale | undefined): SafeHtml | '' {
  if (!node.inReplyTo) return '';
  const name = html`<a href="#comment-${node.inReplyTo.id}">${node.inReplyTo.name}</a>`;
  return html`<p class="in-reply-to">${rich(locale, 'comment.inReplyTo', { name })}</p>`;
}

/**
 * Plain buttons in a form, so voting works without JavaScript. The score is role="img": ARIA
 * does not allow a name on a bare span, and "Score: 3" reads better than a lone "3".
 */
function voteForm(comment: CommentView, csrf: SafeHtml, locale: Locale | undefined): SafeHtml {
  const name = comment.author.name;
  // The score as the server counts it, digits untouched: the client rewrites it with the same digits.
  const score = String(comment.score);
  return html`<form class="vote" method="post" action="/comments/${encodeURIComponent(comment.id)}/vote">
            ${csrf}
            <button type="submit" class="vote-button vote-up" name="value" value="1"><span aria-hidden="true">▲</span><span class="visually-hidden">${text(locale, 'vote.up', { name })}</span></button>
            <span class="score" role="img" aria-label="${text(locale, 'vote.score', { score })}">${score}</span>
            <button type="submit" class="vote-button vote-down" name="value" value="-1"><span aria-hidden="true">▼</span><span class="visually-hidden">${text(locale, 'vote.down', { name })}</span></button>
            <meta itemprop="upvoteCount" content="${comment.upvotes}"><meta itemprop="downvoteCount" content="${comment.downvotes}">
          </form>`;
}

/** Profile links come from our own data, but only ever emit paths and http(s) URLs. */
function isSafeUrl(url: string): boolean {
  return /^(\/(?!\/)|https?:\/\/)/i.test(url);
}

// ---- Dates --------------------------------------------------------------------------------

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isoOf(iso: string): string {
  return parse(iso)?.toISOString() ?? iso;
}

function exactTime(iso: string, locale: Locale | undefined): string {
  return formatDateTime(locale ?? 'en', iso, 'exact');
}

/** Absolute, so the shared cached page stays true; the client may rewrite it as "3 hours ago". */
function commentTime(iso: string, locale: Locale | undefined): SafeHtml {
  const shown = formatDateTime(locale ?? 'en', iso, 'datetime');
  return html`<time itemprop="dateCreated" datetime="${isoOf(iso)}" title="${exactTime(iso, locale)}">${shown}</time>`;
}

// ---- The form -----------------------------------------------------------------------------

type FormField = 'body' | 'name' | 'email';

function csrfInput(token: string | null): SafeHtml {
  return token === null ? html`` : html`<input type="hidden" name="csrf" value="${token}">`;
}

/** Errors name fields as dotted paths (`body.email`); the last part is the form field. */
function faultyField(field: string | undefined, guestsAllowed: boolean): FormField | null {
  const last = field?.split('.').pop();
  if (last === 'body') return 'body';
  if ((last === 'name' || last === 'email') && guestsAllowed) return last;
  return null;
}

function commentForm(page: ThreadPage, options: ThreadRenderOptions): SafeHtml {
  const { replyTo, formError, locale } = options;
  const values = formError?.values ?? {};
  const fault = formError ? faultyField(formError.field, page.guestsAllowed) : null;
  // The attributes that tie a field to its error message, and the message itself.
  const invalid = (field: FormField, hint?: string) => {
    const describedBy = [hint, fault === field ? `comment-${field}-error` : undefined].filter(Boolean).join(' ');
    return trusted(`${fault === field ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`);
  };
  const fieldError = (field: FormField) =>
    fault === field && formError ? html`<p id="comment-${field}-error" class="field-error">${formError.message}</p>` : '';

  return html`<form id="comment-form" class="comment-form" method="post" action="${options.formAction}" aria-labelledby="comment-form-heading">
    <h3 id="comment-form-heading">${replyTo ? text(locale, 'form.replyHeading', { name: replyTo.name }) : text(locale, 'form.heading')}</h3>
    ${
      formError
        ? html`<div id="comment-form-error" class="form-error" role="alert">
      <p class="form-error-title">${text(locale, 'form.notPosted')}</p>
      <p>${fault ? html`<a href="#comment-${fault}">${text(locale, `form.field.${fault}`)}</a>: ` : ''}${formError.message}</p>
    </div>`
        : ''
    }
    ${
      replyTo
        ? html`<p class="replying-to">${rich(locale, 'form.replyingTo', { name: html`<a href="#comment-${replyTo.id}">${replyTo.name}</a>` })} · <a class="cancel-reply" href="${options.articlePath}#comments">${text(locale, 'form.cancelReply')}</a></p>
    <input type="hidden" name="parentId" value="${replyTo.id}">`
        : ''
    }
    ${csrfInput(options.csrfToken)}${placeFields(options.place)}
    ${options.viewer ? '' : signInOffer(options.articlePath, page.guestsAllowed, locale, options.embedSignIn)}
    <div class="field">
      <label for="comment-body">${text(locale, 'form.bodyLabel')}</label>
      ${fieldError('body')}
      <textarea id="comment-body" name="body" rows="5" required maxlength="10000"${invalid('body')}>
${values.body ?? ''}</textarea>
      ${formattingHelp(locale)}
    </div>
    ${options.viewer ? html`<p class="commenting-as">${rich(locale, 'form.commentingAs', { name: html`<strong>${options.viewer.name}</strong>` })}</p>` : ''}
    ${
      page.guestsAllowed && !options.viewer
        ? html`<div class="guest-fields">
      <div class="field">
        <label for="comment-name">${text(locale, 'form.field.name')}</label>
        ${fieldError('name')}
        <input id="comment-name" name="name" autocomplete="name" required maxlength="80" value="${values.name ?? ''}"${invalid('name')}>
      </div>
      <div class="field">
        <label for="comment-email">${text(locale, 'form.field.email')}</label>
        <p id="comment-email-hint" class="hint">${text(locale, 'form.emailHint')}</p>
        ${fieldError('email')}
        <input id="comment-email" type="email" name="email" autocomplete="email" required maxlength="254" value="${values.email ?? ''}"${invalid('email', 'comment-email-hint')}>
      </div>
    </div>`
        : ''
    }
    <p class="form-submit"><button type="submit">${text(locale, 'form.submit')}</button></p>
  </form>`;
}
