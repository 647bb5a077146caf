// The reader's own comments that shared pages leave out (held, rejected, or shadow). The page
// rendered for this reader already has them (data-personal); pages fetched as JSON come from
// the cache shared by everyone, so after fetching one the client asks for them and adds them.
import { api } from './api.ts';
import type { ThreadClient } from './context.ts';
import { articleOf, headingCount, placeComment, setHeadingCount } from './place.ts';

/**
 * Places the reader's own hidden comments on the page: replies under their parent when it is
 * shown, top-level ones (only with `topLevel`, after the list was rebuilt) at the top. Those that
 * read as published count in the heading, as they do in the reader's own render.
 * Known limit: after "Load more", one's own held top-level comments of that page are not added
 * (there is no place to put them that keeps the order); they are on the rendered page and at the
 * top after a sort switch.
 */
export async function mergeMine(t: ThreadClient, options: { topLevel: boolean }): Promise<void> {
  if (t.section.dataset.personal !== 'true') return;
  let comments;
  try {
    comments = (await api.mine(t.threadId)).data.comments;
  } catch {
    return;
  }
  // Oldest first: a reply to one's own held comment finds its parent already placed.
  for (const comment of comments) {
    if (!articleOf(t, comment.id) && (comment.parentId !== null || options.topLevel)) placeComment(t, comment);
  }
  // The heading was just set from the shared page's count, which leaves out one's shadow comments.
  const shadow = comments.filter((comment) => comment.status === 'published').length;
  if (options.topLevel && shadow) setHeadingCount(t, headingCount(t) + shadow);
}
