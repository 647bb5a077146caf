// Putting comments into the page and taking them out, with the server's own markup
// (src/render/thread.ts), so a comment shown by the client looks exactly like a rendered one.
import type { SafeHtml } from '../render/html.ts';
import { MAX_DISPLAY_DEPTH, type CommentView } from '../domain/comments/types.ts';
import { commentArticle, commentItem, commentItems, threadHeading, type ThreadNode } from '../render/thread.ts';
import type { ThreadClient } from './context.ts';

export function toFragment(markup: SafeHtml): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = markup.value;
  return template.content;
}

/** Comment ids are [A-Za-z0-9_-], but escaping costs nothing. */
export function articleOf(t: ThreadClient, id: string): HTMLElement | null {
  return t.section.querySelector<HTMLElement>(`article[data-comment-id="${CSS.escape(id)}"]`);
}

export function itemOf(t: ThreadClient, id: string): HTMLLIElement | null {
  return articleOf(t, id)?.closest<HTMLLIElement>('li.comment-item') ?? null;
}

export function articleIn(item: Element): HTMLElement {
  return item.querySelector<HTMLElement>(':scope > article')!;
}

export function authorNameOf(article: Element): string {
  return article.querySelector('.comment-author [itemprop="name"]')?.textContent ?? 'a deleted comment';
}

/** Focus that does not put the comment into the tab order. */
export function focusOn(element: HTMLElement): void {
  if (!element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}

/** The top-level list, made on the first comment of an empty thread. */
export function commentList(t: ThreadClient): HTMLOListElement {
  let list = t.section.querySelector<HTMLOListElement>('.comment-list');
  if (!list) {
    list = document.createElement('ol');
    list.className = 'comment-list';
    t.section.querySelector('.new-comments')!.after(list);
    t.section.querySelector('.discussion > .empty')?.remove();
  }
  return list;
}

export function setHeadingCount(t: ThreadClient, count: number): void {
  const heading = t.section.querySelector('#comments-heading');
  if (heading) heading.textContent = threadHeading(Math.max(0, count), t.locale);
}

/**
 * The count in the heading, wherever the language puts it and however it groups digits
 * ("1.234 Kommentare"); small counts some languages spell out ("تعليقان") are matched whole.
 */
export function headingCount(t: ThreadClient): number {
  const text = t.section.querySelector('#comments-heading')?.textContent ?? '';
  for (let n = 0; n <= 10; n++) if (threadHeading(n, t.locale) === text) return n;
  return Number(/\d(?:[\d.,\u00a0\u202f ]*\d)?/.exec(text)?.[0].replace(/\D/g, '') ?? 0);
}

/** Whether `item` sits, at any depth, under the comment `ancestorId` (via data-parent-id links). */
function descendsFrom(t: ThreadClient, item: HTMLElement, ancestorId: string): boolean {
  let parentId = item.dataset.parentId;
  for (let hops = 0; parentId && hops < 1000; hops++) {
    if (parentId === ancestorId) return true;
    parentId = itemOf(t, parentId)?.dataset.parentId;
  }
  return false;
}

/**
 * Inserts one comment where the server would show it: top-level at the top of the list, a reply
 * at the end of its parent's replies (flat after the parent's last descendant once nesting stops).
 * Returns its <article>, or null when its parent is not on this page.
 */
export function placeComment(t: ThreadClient, comment: CommentView): HTMLElement | null {
  const existing = articleOf(t, comment.id);
  if (existing) return existing;
  const node: ThreadNode = { comment, level: 0, inReplyTo: null, replies: [] };
  let insert: (item: DocumentFragment) => void;
  if (comment.parentId === null) {
    insert = (item) => commentList(t).prepend(item);
  } else {
    const parent = itemOf(t, comment.parentId);
    if (!parent) return null;
    const level = Number(parent.dataset.level) || 0;
    if (level < MAX_DISPLAY_DEPTH) {
      node.level = level + 1;
      insert = (item) => {
        let replies = parent.querySelector<HTMLOListElement>(':scope > ol.replies');
        if (!replies) {
          replies = document.createElement('ol');
          replies.className = 'replies';
          parent.append(replies);
        }
        replies.append(item);
      };
    } else {
      node.level = MAX_DISPLAY_DEPTH;
      node.inReplyTo = { id: comment.parentId, name: authorNameOf(articleIn(parent)) };
      let after: Element = parent;
      while (after.nextElementSibling instanceof HTMLElement && descendsFrom(t, after.nextElementSibling, comment.parentId))
        after = after.nextElementSibling;
      insert = (item) => after.after(item);
    }
  }
  const fragment = toFragment(commentItem(node, t.render));
  const article = fragment.querySelector<HTMLElement>('article')!;
  insert(fragment);
  t.decorate(article.parentElement!);
  return article;
}

/** Appends a page of comments, leaving out conversations already shown; returns the new articles in order. */
export function appendPage(t: ThreadClient, list: HTMLOListElement, comments: CommentView[]): HTMLElement[] {
  const skipped = new Set<string>();
  const fresh = comments.filter((c) => {
    const skip = (c.parentId !== null && skipped.has(c.parentId)) || articleOf(t, c.id) !== null;
    if (skip) skipped.add(c.id);
    return !skip;
  });
  const fragment = toFragment(commentItems(fresh, t.render));
  const items = [...fragment.children];
  const added = [...fragment.querySelectorAll<HTMLElement>('article')];
  list.append(fragment);
  items.forEach((item) => t.decorate(item));
  return added;
}

/** Re-renders one comment in place (after an edit), keeping its level and "in reply to". */
export function replaceArticle(t: ThreadClient, comment: CommentView): HTMLElement | null {
  const old = articleOf(t, comment.id);
  const item = old?.closest<HTMLLIElement>('li.comment-item');
  if (!old || !item) return null;
  const link = old.querySelector<HTMLAnchorElement>(':scope .in-reply-to a');
  const inReplyTo = link ? { id: link.hash.replace(/^#comment-/, ''), name: link.textContent ?? '' } : null;
  const hadFocus = old.contains(document.activeElement);
  const article = toFragment(commentArticle({ comment, level: Number(item.dataset.level) || 0, inReplyTo, replies: [] }, t.render))
    .firstElementChild as HTMLElement;
  old.replaceWith(article);
  t.decorate(item);
  if (hadFocus) focusOn(article);
  return article;
}

function placeholderFor(id: string, parentId: string | null): CommentView {
  return {
    id,
    parentId,
    depth: 0,
    inReplyTo: null,
    author: { name: '', profileUrl: null, isGuest: false, badge: null },
    bodyHtml: '',
    createdAt: '',
    editedAt: null,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    status: 'deleted',
  };
}

function hasReplies(t: ThreadClient, item: HTMLLIElement, id: string): boolean {
  return (
    item.querySelector(':scope > ol.replies > li') !== null || t.section.querySelector(`li[data-parent-id="${CSS.escape(id)}"]`) !== null
  );
}

/**
 * A deleted comment with replies stays as "This comment was deleted" (as on the server); without,
 * it goes, and so does a placeholder parent left with nothing under it. Returns a neighbour that
 * can take the focus.
 */
export function removeComment(t: ThreadClient, id: string): HTMLElement | null {
  const item = itemOf(t, id);
  if (!item) return null;
  const old = articleIn(item);
  if (hasReplies(t, item, id)) {
    const link = old.querySelector<HTMLAnchorElement>('.in-reply-to a');
    const inReplyTo = link ? { id: link.hash.replace(/^#comment-/, ''), name: link.textContent ?? '' } : null;
    const placeholder = toFragment(
      commentArticle({ comment: placeholderFor(id, item.dataset.parentId ?? null), level: 0, inReplyTo, replies: [] }, t.render),
    ).firstElementChild as HTMLElement;
    old.replaceWith(placeholder);
    return placeholder;
  }
  const near = (item.nextElementSibling ?? item.previousElementSibling) as HTMLElement | null;
  const container = item.parentElement!;
  const parentId = item.dataset.parentId;
  item.remove();
  if (container.matches('ol.replies') && container.children.length === 0) container.remove();
  const parentItem = parentId ? itemOf(t, parentId) : null;
  if (parentId && parentItem && articleIn(parentItem).classList.contains('comment-deleted') && !hasReplies(t, parentItem, parentId)) {
    return removeComment(t, parentId);
  }
  if (near) return articleIn(near);
  return parentItem ? articleIn(parentItem) : t.section.querySelector<HTMLElement>('#comments-heading');
}
