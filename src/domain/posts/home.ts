// The home page: the lead story and up to six featured stories, chosen by editors, then the rest
// by date. The choice is stored as positions (0 = lead, 1–6 = featured); what readers see still
// follows the clock, so a scheduled post chosen as lead appears only once its time has come, and
// until then the page reads as if it had not been chosen.
import { AppError, invalid } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import * as homeRepo from '../../storage/repos/home-corrections.ts';
import { findPostById } from '../../storage/repos/posts.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { listPosts, summarize, type Paged, type PostSummary } from './read.ts';
import * as postsRepo from '../../storage/repos/posts.ts';

export const MAX_FEATURED = 6;

export interface HomeArrangement {
  lead: string | null;
  featured: string[];
}

export interface HomePage {
  /** Only on the first page: the later pages carry on with the rest by date. */
  lead: PostSummary | null;
  featured: PostSummary[];
  /** The rest by date, without the chosen stories. */
  rest: Paged<PostSummary>;
}

function requireEditor(actor: Actor): void {
  if (!can('home.arrange', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only editors and admins arrange the home page');
}

function fromRows(rows: { position: number; post_id: string }[]): HomeArrangement {
  return { lead: rows.find((r) => r.position === 0)?.post_id ?? null, featured: rows.filter((r) => r.position > 0).map((r) => r.post_id) };
}

export async function homeArrangement(ctx: DomainContext, actor: Actor): Promise<HomeArrangement> {
  requireEditor(actor);
  return fromRows(await homeRepo.listHomeFeatures(ctx.db));
}

export interface HomeCandidate {
  id: string;
  title: string;
  published_at: string | null;
  /** Chosen ahead of its time: it shows once published. */
  scheduled: boolean;
}

/** How many recent articles the desk offers for the home page (older ones stay if already chosen). */
const CANDIDATES = 100;

/** The desk's home page form: the arrangement and the articles it may choose from, newest first. */
export async function homeChoices(
  ctx: DomainContext,
  actor: Actor,
): Promise<{ arrangement: HomeArrangement; candidates: HomeCandidate[] }> {
  const arrangement = await homeArrangement(ctx, actor);
  const now = ctx.clock.now().toISOString();
  const rows = await homeRepo.listHomeCandidates(ctx.db, {
    limit: CANDIDATES,
    alsoIds: [...(arrangement.lead ? [arrangement.lead] : []), ...arrangement.featured],
  });
  const candidates = rows
    .filter((r) => r.status === 'published' || r.status === 'scheduled')
    .map((r) => ({
      id: r.id,
      title: r.title,
      published_at: r.published_at,
      scheduled: r.status === 'scheduled' && (r.published_at ?? '') > now,
    }));
  return { arrangement, candidates };
}

/** Replaces the arrangement; every id is checked first, each error naming its field (`featured[2]`). */
export async function arrangeHome(ctx: DomainContext, actor: Actor, input: HomeArrangement): Promise<HomeArrangement> {
  requireEditor(actor);
  if (input.featured.length > MAX_FEATURED)
    throw invalid('featured', `at most ${MAX_FEATURED} featured stories (got ${input.featured.length})`);
  const chosen: { field: string; id: string }[] = [
    ...(input.lead === null ? [] : [{ field: 'lead', id: input.lead }]),
    ...input.featured.map((id, i) => ({ field: `featured[${i}]`, id })),
  ];
  const seen = new Map<string, string>();
  for (const { field, id } of chosen) {
    const earlier = seen.get(id);
    if (earlier) throw invalid(field, `"${id}" is already chosen as ${earlier}`);
    seen.set(id, field);
    const post = await findPostById(ctx.db, id);
    if (!post) throw invalid(field, `no post has the id "${id}"`);
    // A scheduled post may be chosen ahead of its time (it shows once published); a draft may not.
    if (post.type !== 'post' || (post.status !== 'published' && post.status !== 'scheduled')) {
      throw new AppError(
        'POST_NOT_PUBLISHED',
        `"${post.title}" is ${post.type === 'page' ? 'a page' : 'a draft'}: only published or scheduled articles can be on the home page`,
        field,
      );
    }
  }
  const rows = [
    ...(input.lead === null ? [] : [{ position: 0, post_id: input.lead }]),
    ...input.featured.map((post_id, i) => ({ position: i + 1, post_id })),
  ];
  await inTransaction(ctx.db, (trx) => homeRepo.replaceHomeFeatures(trx, rows));
  ctx.events.publish({ type: 'content.changed' });
  return fromRows(rows);
}

/** What the home page shows: the chosen stories readers may see now, then the rest by date. */
export async function homePage(ctx: DomainContext, page: number): Promise<HomePage> {
  const arrangement = fromRows(await homeRepo.listHomeFeatures(ctx.db));
  const chosenIds = [...(arrangement.lead ? [arrangement.lead] : []), ...arrangement.featured];
  // Only what is visible now: a chosen story not yet published still appears by date once it is,
  // and never twice.
  const { rows } = await postsRepo.listVisiblePosts(ctx.db, {
    now: ctx.clock.now().toISOString(),
    filter: { ids: chosenIds },
    limit: chosenIds.length || 1,
    offset: 0,
  });
  const visible = new Map((await summarize(ctx, rows)).map((s) => [s.id, s]));
  const rest = await listPosts(ctx, page, { excludeIds: [...visible.keys()] });
  if (page > 1) return { lead: null, featured: [], rest };
  const lead = arrangement.lead ? (visible.get(arrangement.lead) ?? null) : null;
  const featured = arrangement.featured.map((id) => visible.get(id)).filter((s): s is PostSummary => s !== undefined);
  return { lead, featured, rest };
}
