// After a no-JavaScript action in the discussion, the reader comes back to the thread where they
// were: the article page in the same order and page (the form's hidden `sort` and `after`),
// anchored at the comment, with a confirmation. The confirmation rides in the query (?posted=ID,
// ?voted=1 ...) and is only ever drawn in the reader's own render: the page cache's key leaves
// these flags out, and a reader without a cookie (whom the shared page serves) gets no notice.
import type { DomainContext } from '../../domain/context.ts';
import type { Commenter } from '../../domain/comments/commenter.ts';
import { ownCommentView } from '../../domain/comments/ownership.ts';
import type { Permalink } from '../../domain/comments/read.ts';
import type { CommentView, ThreadSort } from '../../domain/comments/types.ts';
import { THREAD_SORTS } from '../../domain/comments/types.ts';
import { PublicId } from '../schemas.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/translate.ts';

/** What a no-JS form sends about the page it was on. */
export interface FormPlace {
  sort?: ThreadSort;
  after?: string;
}

export const PLACE_FIELDS = {
  sort: { type: 'string', enum: [...THREAD_SORTS] },
  after: { type: 'string', maxLength: 400 },
} as const;

/** The flags an action leaves in the address it sends the reader back to. */
export interface ReturnFlags {
  /** Their new comment (published, or held for review). */
  posted?: string;
  /** Their edited comment. */
  edited?: string;
  voted?: '1';
  deleted?: '1';
  /** Set after a no-JavaScript report: the personal render thanks the reader. */
  reported?: '1';
  /** Set after a no-JavaScript vote from a browser that had no cookie yet: the vote was not counted, the reader is asked to repeat it. */
  vote?: 'again';
}

export const RETURN_QUERY = {
  posted: PublicId,
  edited: PublicId,
  voted: { type: 'string', enum: ['1'] },
  deleted: { type: 'string', enum: ['1'] },
  reported: { type: 'string', enum: ['1'] },
  vote: { type: 'string', enum: ['again'] },
} as const;

export const hasReturnFlag = (query: ReturnFlags) =>
  Boolean(query.posted || query.edited || query.voted || query.deleted || query.reported || query.vote);

/**
 * The thread page the form was sent from, with `flag` and the anchor; null for a form that did
 * not say (a page from before the fields, or the "more replies" page): the caller uses the
 * comment's permalink then.
 */
export function returnTo(slug: string, place: FormPlace, flag: string, anchor: string): string | null {
  if (!place.sort) return null;
  const params = new URLSearchParams({ sort: place.sort });
  if (place.after) params.set('after', place.after);
  return `/articles/${slug}?${params.toString()}&${flag}#${anchor}`;
}

/** The reader's own comment the flags speak of (to place it on the page and say whether it is held). */
export async function returnedComment(ctx: DomainContext, query: ReturnFlags, reader: Commenter): Promise<CommentView | null> {
  const id = query.posted ?? query.edited;
  return id ? ownCommentView(ctx, id, reader) : null;
}

/** The confirmation (role="status" in the thread) for the reader coming back from an action. */
export function returnNotice(query: ReturnFlags, comment: CommentView | null, locale: Locale = 'en'): string | null {
  const held = comment?.status === 'pending';
  const say = (key: string) => t(locale, `discussion.returned.${key}`);
  if (query.posted && comment) return say(held ? 'postedHeld' : 'posted');
  if (query.edited && comment) return say(held ? 'editedHeld' : 'edited');
  if (query.deleted) return say('deleted');
  if (query.voted) return say('voted');
  if (query.reported) return say('reported');
  if (query.vote) return say('voteAgain');
  return null;
}

/** A comment's permalink page (the page that begins with its conversation), with `extra` flags. */
export function permalinkHref(permalink: Permalink, extra = ''): string {
  const after = permalink.cursor === null ? '' : `&after=${encodeURIComponent(permalink.cursor)}`;
  return `/articles/${permalink.postSlug}?sort=${permalink.sort}${after}${extra}#comment-${permalink.commentId}`;
}
