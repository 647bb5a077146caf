// The desk's revision pages: a post's revisions (who, when, kind, live or kept beside) with a form
// to compare any two, the word-level diff between them, one revision's full text with Restore,
// and the edit-conflict page that shows the other person's change with "Keep mine" and "Take
// theirs". Plain forms: everything works without JavaScript.
import { html, trusted, type SafeHtml } from '../../../render/html.ts';
import type { EditConflict, RevisionSummary, TextDiff } from '../../../domain/posts/revisions.ts';
import type { WordDiff } from '../../../domain/posts/word-diff.ts';
import type { PostRevision, RevisionKind } from '../../../domain/records.ts';
import { when } from '../components.ts';
import { csrfField } from '../forms.ts';

export const KIND_LABELS: Record<RevisionKind, string> = { save: 'Saved', autosave: 'Autosaved', restore: 'Restored' };

export interface RevisionPost {
  id: string;
  title: string;
  version: number;
}

const editorLink = (post: RevisionPost) => html`<a href="/desk/posts/${encodeURIComponent(post.id)}/edit">Back to the editor</a>`;
const revisionsPath = (post: RevisionPost) => `/desk/posts/${encodeURIComponent(post.id)}/revisions`;
const revisionPath = (post: RevisionPost, id: string) => `${revisionsPath(post)}/${encodeURIComponent(id)}`;

/** Where a revision stands: the post's text now, an earlier live text, or text kept beside (never shown to readers). */
function stateOf(r: { live: boolean; current: boolean }): string {
  if (!r.live) return 'Kept beside';
  return r.current ? 'Live now' : 'Earlier';
}

const HIDDEN_LABEL: Record<'added' | 'removed', string> = { added: 'added', removed: 'removed' };

/** One field's word diff: insertions in <ins>, deletions in <del>, each named for screen readers. */
export function renderWordDiff(diff: WordDiff): SafeHtml {
  const chunks = diff.chunks.map((chunk) => {
    if (chunk.op === 'same') return chunk.text;
    const label = html`<span class="visually-hidden">[${HIDDEN_LABEL[chunk.op]}: </span>`;
    const end = html`<span class="visually-hidden">]</span>`;
    return chunk.op === 'added' ? html`<ins>${label}${chunk.text}${end}</ins>` : html`<del>${label}${chunk.text}${end}</del>`;
  });
  return html`<div class="desk-diff">${chunks}</div>${diff.coarse ? html`<p class="hint">The texts differ too much to compare word by word: the changed part is shown whole.</p>` : ''}`;
}

const changedIn = (diff: WordDiff) => diff.chunks.some((c) => c.op !== 'same');

/** Title, standfirst and body, each with its diff; `onlyChanged` leaves out the unchanged ones. */
export function renderTextDiff(diff: TextDiff, headingLevel: 'h2' | 'h3', onlyChanged = false): SafeHtml {
  const parts: [string, WordDiff][] = [
    ['Title', diff.title],
    ['Standfirst', diff.excerpt],
    ['Body', diff.body],
  ];
  const shown = parts.filter(([, d]) => !onlyChanged || changedIn(d));
  if (shown.length === 0) return html`<p>The text is the same.</p>`;
  return html`${shown.map(
    ([label, d]) => html`<section class="desk-diff-part">
      ${trusted(`<${headingLevel}>`)}${label}${trusted(`</${headingLevel}>`)}
      ${changedIn(d) ? renderWordDiff(d) : html`<p class="hint">No change.</p>`}
    </section>`,
  )}`;
}

export interface RevisionsPage {
  post: RevisionPost;
  revisions: RevisionSummary[];
  page: number;
  hasMore: boolean;
  error?: { message: string; field?: string } | null;
}

export function renderRevisionList(p: RevisionsPage): SafeHtml {
  const { post, revisions } = p;
  const from = revisions[1]?.id ?? revisions[0]?.id;
  const to = revisions[0]?.id;
  const fault = p.error?.field === 'from' || p.error?.field === 'to';
  const radio = (name: 'from' | 'to', r: RevisionSummary, checked: boolean) =>
    html`<input type="radio" name="${name}" value="${r.id}" aria-label="${name === 'from' ? 'Compare from' : 'Compare to'} version ${String(r.version)}, ${KIND_LABELS[r.kind].toLowerCase()} ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC"${checked ? trusted(' checked') : ''}${fault ? trusted(' aria-describedby="desk-revisions-error"') : ''} />`;
  const pager = (page: number, label: string, rel: string) =>
    html`<a rel="${rel}" href="${revisionsPath(post)}?page=${String(page)}">${label}</a>`;
  return html`<section class="desk desk-revisions" aria-labelledby="desk-revisions-heading">
    <h1 id="desk-revisions-heading">Revisions of “${post.title}”</h1>
    <p>${editorLink(post)}. Every save that changes the text is kept here; autosaves a few minutes apart are kept as one.</p>
    ${p.error ? html`<div class="form-error" role="alert"><p id="desk-revisions-error">${p.error.message}</p></div>` : ''}
    ${
      revisions.length === 0
        ? html`<p>No revisions on this page.</p>`
        : html`<form method="get" action="${revisionsPath(post)}/diff">
      <table class="desk-table desk-revision-table">
        <caption>
          Choose two revisions to compare
        </caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Version</th>
            <th scope="col">Kind</th>
            <th scope="col">Who</th>
            <th scope="col">When</th>
            <th scope="col">State</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          ${revisions.map(
            (r) => html`<tr${r.current ? trusted(' class="desk-revision-current"') : ''}>
            <td>${radio('from', r, r.id === from)}</td>
            <td>${radio('to', r, r.id === to)}</td>
            <td class="desk-number">${String(r.version)}</td>
            <td>${KIND_LABELS[r.kind]}</td>
            <td>${r.author?.name || 'Unknown'}</td>
            <td>${when(r.createdAt)}</td>
            <td>${stateOf(r)}</td>
            <td><a href="${revisionPath(post, r.id)}">Read<span class="visually-hidden"> version ${String(r.version)}, ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC</span></a></td>
          </tr>`,
          )}
        </tbody>
      </table>
      <p><button type="submit">Compare</button></p>
    </form>`
    }
    ${
      p.page > 1 || p.hasMore
        ? html`<nav class="desk-pager" aria-label="Revision pages">
      <p>${p.page > 1 ? pager(p.page - 1, '← Newer', 'prev') : ''} ${p.hasMore ? pager(p.page + 1, 'Older →', 'next') : ''}</p>
    </nav>`
        : ''
    }
  </section>`;
}

const describeRevision = (r: PostRevision) =>
  html`version ${String(r.version)}, ${KIND_LABELS[r.kind].toLowerCase()} ${when(r.created_at)}${r.live === 1 ? '' : ' (kept beside)'}`;

export function renderRevisionDiff(p: { post: RevisionPost; from: PostRevision; to: PostRevision; diff: TextDiff }): SafeHtml {
  return html`<section class="desk desk-revisions" aria-labelledby="desk-diff-heading">
    <h1 id="desk-diff-heading">Changes in “${p.post.title}”</h1>
    <p>From <a href="${revisionPath(p.post, p.from.id)}">${describeRevision(p.from)}</a> to <a href="${revisionPath(p.post, p.to.id)}">${describeRevision(p.to)}</a>.</p>
    <p class="hint">Added words are <ins>underlined</ins>, removed words <del>struck through</del>.</p>
    ${renderTextDiff(p.diff, 'h2')}
    <p><a href="${revisionsPath(p.post)}">All revisions</a> · ${editorLink(p.post)}</p>
  </section>`;
}

export interface RevisionTextPage {
  post: RevisionPost;
  revision: PostRevision;
  author: string | null;
  /** This revision's text is the post's text now: nothing to restore. */
  current: boolean;
  /** False for an author on a live article: only an editor may change it, restoring included. */
  mayRestore: boolean;
  csrfToken: string | null;
  error?: string | null;
}

export function renderRevisionText(p: RevisionTextPage): SafeHtml {
  const r = p.revision;
  return html`<section class="desk desk-revisions" aria-labelledby="desk-revision-heading">
    <h1 id="desk-revision-heading">“${p.post.title}”: version ${String(r.version)}</h1>
    <p>${KIND_LABELS[r.kind]} by ${p.author || 'someone unknown'} ${when(r.created_at)}. ${stateOf({ live: r.live === 1, current: p.current })}.</p>
    ${p.error ? html`<div class="form-error" role="alert"><p>${p.error}</p></div>` : ''}
    ${
      p.current
        ? html`<p>This is the post's text now.</p>`
        : !p.mayRestore
          ? html`<p class="hint">This article is live, so only an editor may restore an earlier text: ask an editor.</p>`
          : html`<form method="post" action="${revisionPath(p.post, r.id)}/restore" class="desk-restore">
      ${csrfField(p.csrfToken)}<input type="hidden" name="baseVersion" value="${String(p.post.version)}" />
      <p><button type="submit" class="desk-primary">Restore this revision</button></p>
      <p class="hint">Its text becomes the post's text again, as a new revision: the text now stays in the revisions.</p>
    </form>`
    }
    <h2>Title</h2>
    <p class="desk-revision-title">${r.title}</p>
    <h2>Standfirst</h2>
    ${r.excerpt ? html`<p>${r.excerpt}</p>` : html`<p class="hint">None.</p>`}
    <h2>Body</h2>
    <div class="desk-revision-text">${r.body_markdown}</div>
    <p><a href="${revisionsPath(p.post)}">All revisions</a> · ${editorLink(p.post)}</p>
  </section>`;
}

export interface ConflictPage {
  post: RevisionPost;
  conflict: EditConflict;
  /** The writer's form as sent, carried in hidden fields so "Keep mine" sends it again. */
  mine: Record<string, string | undefined>;
  /** From their text to the writer's: what "Keep mine" would replace. */
  mineAgainstTheirs: TextDiff;
  csrfToken: string | null;
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "14:03 UTC on 10 Mar 2026", in a <time> element. */
const clockTime = (iso: string) => {
  const date = new Date(iso);
  return html`<time datetime="${iso}">${TIME.format(date)} UTC on ${DAY.format(date)}</time>`;
};

const CARRIED_NOT = new Set(['csrf', 'baseVersion']);

export function renderEditConflict(p: ConflictPage): SafeHtml {
  const c = p.conflict;
  const postPath = `/desk/posts/${encodeURIComponent(p.post.id)}`;
  const carried = Object.entries(p.mine).filter(([name, value]) => !CARRIED_NOT.has(name) && value !== undefined);
  return html`<section class="desk desk-revisions desk-conflict" aria-labelledby="desk-conflict-heading">
    <h1 id="desk-conflict-heading">“${c.theirs.title}” was changed while you were editing</h1>
    <div class="form-error" role="alert">
      <p>${c.savedBy?.name ?? 'Someone'} saved this post at ${clockTime(c.savedAt)}, after you opened it. Nothing of yours was saved.</p>
    </div>
    <h2>Their change</h2>
    <p class="hint">From version ${String(c.baseVersion)}, which you started from, to version ${String(c.currentVersion)}. Added words are <ins>underlined</ins>, removed words <del>struck through</del>.</p>
    ${renderTextDiff(c.diff, 'h3', true)}
    <h2>What now?</h2>
    <div class="desk-conflict-choices">
      <form method="post" action="${postPath}" class="desk-conflict-choice">
        ${csrfField(p.csrfToken)}<input type="hidden" name="baseVersion" value="${String(c.currentVersion)}" />
        ${carried.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value ?? ''}" />`)}
        <p><button type="submit" class="desk-primary">Keep mine</button></p>
        <p class="hint">Saves your text over theirs as a new revision. Theirs stays in the revisions.</p>
      </form>
      <form method="post" action="${postPath}/take-theirs" class="desk-conflict-choice">
        ${csrfField(p.csrfToken)}<input type="hidden" name="title" value="${p.mine.title ?? ''}" />
        <input type="hidden" name="excerpt" value="${p.mine.excerpt ?? ''}" />
        <input type="hidden" name="body" value="${p.mine.body ?? ''}" />
        <p><button type="submit">Take theirs</button></p>
        <p class="hint">Opens the editor on their version. Your text is kept in the revisions, so nothing is lost.</p>
      </form>
    </div>
    <details class="desk-conflict-mine">
      <summary>Your text compared with theirs</summary>
      ${renderTextDiff(p.mineAgainstTheirs, 'h3', true)}
    </details>
    <p><a href="${postPath}/revisions">All revisions</a></p>
  </section>`;
}
