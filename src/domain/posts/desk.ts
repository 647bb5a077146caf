// The writers' desk reads: the posts list (filters, search, pages) and what the editor form
// needs. Authors see and open only their own posts; editors and admins see every post and page.
import { AppError, invalid } from '../../errors.ts';
import { listDeskPosts, listWriters, type DeskPostRow } from '../../storage/repos/desk-posts.ts';
import { findCategoryBySlug, listCategories } from '../../storage/repos/taxonomy.ts';
import { findUserById, findUserBySlug } from '../../storage/repos/users.ts';
import type { Category, PostStatus, PostType, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { loadPostForActor } from './admin-read.ts';
import { loadDeskSettings } from './desk-settings.ts';
import type { PostWithTags } from './write.ts';

export type { DeskPostRow };
export const DESK_STATUSES: readonly PostStatus[] = ['draft', 'review', 'scheduled', 'published'];
export const DESK_PAGE_SIZE = 20;
export type Writer = Pick<User, 'id' | 'slug' | 'display_name' | 'role'>;

export interface DeskListFilters {
  status?: string;
  author?: string;
  category?: string;
  type?: string;
  q?: string;
  page?: number;
}

export interface DeskList {
  rows: DeskPostRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Authors see only their own posts: the list says so and hides the author filter. */
  ownOnly: boolean;
  writers: Writer[];
  categories: Category[];
}

export function requireDesk(actor: Actor): void {
  if (!can('desk.use', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'the desk is for authors, editors and administrators');
}

export async function deskPosts(ctx: DomainContext, actor: Actor, filters: DeskListFilters): Promise<DeskList> {
  requireDesk(actor);
  const ownOnly = !can('post.assignAuthor', actor);
  if (filters.status && !DESK_STATUSES.includes(filters.status as PostStatus))
    throw invalid('status', `must be one of ${DESK_STATUSES.join(', ')}`);
  if (filters.type && filters.type !== 'post' && filters.type !== 'page') throw invalid('type', 'must be post or page');
  const page = filters.page ?? 1;
  if (!Number.isInteger(page) || page < 1 || page > 10_000) throw invalid('page', 'must be a whole number from 1');
  const q = filters.q?.trim().slice(0, 200) || undefined;
  let authorId: string | undefined = ownOnly ? actor.id : undefined;
  if (filters.author && !ownOnly) {
    const author = await findUserBySlug(ctx.db, filters.author);
    if (!author) throw invalid('author', `no writer has the slug "${filters.author}"`);
    authorId = author.id;
  }
  let categoryId: string | undefined;
  if (filters.category) {
    const category = await findCategoryBySlug(ctx.db, filters.category);
    if (!category) throw invalid('category', `no category has the slug "${filters.category}"`);
    categoryId = category.id;
  }
  const [{ rows, total }, writers, categories] = await Promise.all([
    listDeskPosts(ctx.db, {
      now: ctx.clock.now().toISOString(),
      type: (filters.type as PostType | undefined) ?? undefined,
      status: filters.status as PostStatus | undefined,
      authorId,
      categoryId,
      search: q,
      limit: DESK_PAGE_SIZE,
      offset: (page - 1) * DESK_PAGE_SIZE,
    }),
    ownOnly ? Promise.resolve([]) : listWriters(ctx.db),
    listCategories(ctx.db),
  ]);
  return { rows, total, page, pageSize: DESK_PAGE_SIZE, ownOnly, writers, categories };
}

export interface EditorChoices {
  categories: Category[];
  /** Only for those who may assign authors; empty otherwise. */
  writers: Writer[];
  /** Whether this actor may publish or schedule the post (new posts: their own). */
  mayPublish: boolean;
}

export async function editorChoices(ctx: DomainContext, actor: Actor, post?: { author_id: string }): Promise<EditorChoices> {
  requireDesk(actor);
  const [categories, writers, settings] = await Promise.all([
    listCategories(ctx.db),
    can('post.assignAuthor', actor) ? listWriters(ctx.db) : Promise.resolve([]),
    loadDeskSettings(ctx),
  ]);
  return { categories, writers, mayPublish: can('post.publish', actor, post ?? { author_id: actor.id }, settings) };
}

export interface DeskPost extends PostWithTags {
  authorSlug: string;
  categorySlug: string | null;
}

/** A post to open in the editor: its author's own, or any for editors (pages: editors only). */
export async function postForDesk(ctx: DomainContext, actor: Actor, id: string): Promise<DeskPost> {
  requireDesk(actor);
  const post = await loadPostForActor(ctx, actor, id);
  const [author, categories] = await Promise.all([findUserById(ctx.db, post.author_id), listCategories(ctx.db)]);
  return { ...post, authorSlug: author?.slug ?? '', categorySlug: categories.find((c) => c.id === post.category_id)?.slug ?? null };
}
