// Categories form a tree; tags are flat. Editors manage both.
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import * as repo from '../../storage/repos/taxonomy.ts';
import type { Category, Tag } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { isValidSlug, slugFor } from '../slug.ts';

export interface CategoryInput {
  name: string;
  slug?: string;
  parentSlug?: string | null;
  description?: string;
}

function mustManage(actor: Actor): void {
  if (!can('taxonomy.manage', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only editors may change categories and tags');
}

async function resolveParent(ctx: DomainContext, parentSlug: string | null | undefined, selfId?: string) {
  if (!parentSlug) return null;
  const parent = await repo.findCategoryBySlug(ctx.db, parentSlug);
  if (!parent) throw invalid('parentSlug', `no category has the slug "${parentSlug}"`);
  // Walk up from the new parent: meeting ourselves would make a cycle.
  for (let cursor: Category | undefined = parent; cursor;) {
    if (cursor.id === selfId) throw invalid('parentSlug', 'a category cannot sit inside itself');
    cursor = cursor.parent_id ? await repo.findCategoryById(ctx.db, cursor.parent_id) : undefined;
  }
  return parent.id;
}

/**
 * A trimmed name of 1 to `max` characters that a slug can be made from: one of only punctuation
 * or invisible characters ("!!!", a zero-width space) names nothing a reader could tell apart.
 */
function checkName(raw: string, max: number): string {
  const name = raw.trim();
  if (!name || name.length > max) throw invalid('name', `must be 1 to ${max} characters`);
  if (slugFor(name) === undefined) throw invalid('name', 'must contain a letter or a digit');
  return name;
}

/** The slug asked for, else the one made from the name (checked by checkName, so there is one). */
const slugOf = (name: string, requested: string | undefined): string => requested ?? slugFor(name)!;

const categorySlugTaken = (slug: string) => new AppError('CONFLICT', `a category already uses the slug "${slug}"`, 'slug');
const tagSlugTaken = (slug: string) => new AppError('CONFLICT', `a tag already uses the slug "${slug}"`, 'slug');

async function freeSlug(ctx: DomainContext, slug: string, selfId?: string): Promise<string> {
  if (!isValidSlug(slug)) throw invalid('slug', 'use lower-case letters, digits and single hyphens');
  const clash = await repo.findCategoryBySlug(ctx.db, slug);
  if (clash && clash.id !== selfId) throw categorySlugTaken(slug);
  return slug;
}

export async function createCategory(ctx: DomainContext, actor: Actor, input: CategoryInput): Promise<Category> {
  mustManage(actor);
  const name = checkName(input.name, 80);
  const category: Category = {
    id: newId(),
    name,
    slug: await freeSlug(ctx, slugOf(name, input.slug)),
    parent_id: await resolveParent(ctx, input.parentSlug),
    description: (input.description ?? '').trim(),
    created_at: ctx.clock.now().toISOString(),
  };
  // Another request may have taken the slug since freeSlug looked: the same answer as if it had come first.
  if (!(await repo.insertCategoryUnlessSlugTaken(ctx.db, category))) throw categorySlugTaken(category.slug);
  ctx.events.publish({ type: 'content.changed' });
  return category;
}

export async function updateCategory(ctx: DomainContext, actor: Actor, slug: string, input: Partial<CategoryInput>) {
  mustManage(actor);
  const current = await repo.findCategoryBySlug(ctx.db, slug);
  if (!current) throw notFound('category');
  const changes: Partial<Category> = {};
  if (input.name !== undefined) changes.name = checkName(input.name, 80);
  if (input.slug !== undefined) changes.slug = await freeSlug(ctx, input.slug, current.id);
  if (input.parentSlug !== undefined) changes.parent_id = await resolveParent(ctx, input.parentSlug, current.id);
  if (input.description !== undefined) changes.description = input.description.trim();
  await repo.updateCategory(ctx.db, current.id, changes);
  ctx.events.publish({ type: 'content.changed' });
  return { ...current, ...changes };
}

export async function deleteCategory(ctx: DomainContext, actor: Actor, slug: string): Promise<void> {
  mustManage(actor);
  const current = await repo.findCategoryBySlug(ctx.db, slug);
  if (!current) throw notFound('category');
  const use = await repo.countCategoryUse(ctx.db, current.id);
  if (use.children > 0) throw new AppError('CONFLICT', 'move or delete its sub-categories first');
  await repo.deleteCategory(ctx.db, current.id);
  ctx.events.publish({ type: 'content.changed' });
}

/** The category and all its descendants: an archive of a parent shows its children's posts too. */
export function allCategories(ctx: Pick<DomainContext, 'db'>): Promise<Category[]> {
  return repo.listCategories(ctx.db);
}

export function allTags(ctx: Pick<DomainContext, 'db'>): Promise<Tag[]> {
  return repo.listTags(ctx.db);
}

export function descendantIds(all: Category[], rootId: string): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const category of all) if (category.parent_id === ids[i]) ids.push(category.id);
  }
  return ids;
}

/** The path from the top-level category down to this one, for breadcrumbs. */
export function ancestry(all: Category[], category: Category): Category[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const chain = [category];
  for (let parent = category.parent_id; parent && chain.length < 20;) {
    const next = byId.get(parent);
    if (!next) break;
    chain.unshift(next);
    parent = next.parent_id;
  }
  return chain;
}

export async function createTag(ctx: DomainContext, actor: Actor, input: { name: string; slug?: string }): Promise<Tag> {
  mustManage(actor);
  const name = checkName(input.name, 50);
  const slug = slugOf(name, input.slug);
  if (!isValidSlug(slug)) throw invalid('slug', 'use lower-case letters, digits and single hyphens');
  if (await repo.findTagBySlug(ctx.db, slug)) throw tagSlugTaken(slug);
  const tag: Tag = { id: newId(), name, slug, created_at: ctx.clock.now().toISOString() };
  if (!(await repo.insertTagUnlessSlugTaken(ctx.db, tag))) throw tagSlugTaken(slug);
  return tag;
}

export async function deleteTag(ctx: DomainContext, actor: Actor, slug: string): Promise<void> {
  mustManage(actor);
  const tag = await repo.findTagBySlug(ctx.db, slug);
  if (!tag) throw notFound('tag');
  await repo.deleteTag(ctx.db, tag.id);
  ctx.events.publish({ type: 'content.changed' });
}
