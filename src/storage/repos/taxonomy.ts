import type { Db } from '../db.ts';
import type { Category, Tag } from '../schema.ts';

export function listCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').selectAll().orderBy('name').execute();
}

export function findCategoryBySlug(db: Db, slug: string): Promise<Category | undefined> {
  return db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findCategoryById(db: Db, id: string): Promise<Category | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCategory(db: Db, category: Category): Promise<void> {
  await db.insertInto('categories').values(category).execute();
}

/** Inserts the category; false when its slug is taken, also by a request that committed meanwhile (nothing changed). */
export async function insertCategoryUnlessSlugTaken(db: Db, category: Category): Promise<boolean> {
  const inserted = await db
    .insertInto('categories')
    .values(category)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateCategory(db: Db, id: string, changes: Partial<Omit<Category, 'id'>>): Promise<void> {
  await db.updateTable('categories').set(changes).where('id', '=', id).execute();
}

export async function deleteCategory(db: Db, id: string): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).execute();
}

export async function countCategoryUse(db: Db, id: string): Promise<{ posts: number; children: number }> {
  const [posts, children] = await Promise.all([
    db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  return { posts: Number(posts.n), children: Number(children.n) };
}

export function listTags(db: Db): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().orderBy('name').execute();
}

export function findTagBySlug(db: Db, slug: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findTagsBySlugs(db: Db, slugs: string[]): Promise<Tag[]> {
  if (slugs.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').selectAll().where('slug', 'in', slugs).execute();
}

export async function insertTag(db: Db, tag: Tag): Promise<void> {
  await db.insertInto('tags').values(tag).execute();
}

/** Inserts the tag; false when its slug is taken, also by a request that committed meanwhile (nothing changed). */
export async function insertTagUnlessSlugTaken(db: Db, tag: Tag): Promise<boolean> {
  const inserted = await db
    .insertInto('tags')
    .values(tag)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Inserts the tags whose slugs are free and skips the others, so a tag another request created
 * meanwhile is left as it is (PostgreSQL waits for that request to finish first).
 */
export async function insertTagsUnlessSlugTaken(db: Db, tags: Tag[]): Promise<void> {
  if (tags.length === 0) return;
  // In slug order: two requests adding the same new tags take them in the same order, so neither
  // can wait on a tag the other holds while holding one it wants (a deadlock on PostgreSQL).
  const bySlug = [...tags].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  await db
    .insertInto('tags')
    .values(bySlug)
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

export async function deleteTag(db: Db, id: string): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

export function tagsOfPost(db: Db, postId: string): Promise<Tag[]> {
  return db
    .selectFrom('tags')
    .innerJoin('post_tags', 'post_tags.tag_id', 'tags.id')
    .selectAll('tags')
    .where('post_tags.post_id', '=', postId)
    .orderBy('tags.name')
    .execute();
}

export async function setPostTags(db: Db, postId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tagIds.length > 0) {
    await db
      .insertInto('post_tags')
      .values(tagIds.map((tag_id) => ({ post_id: postId, tag_id })))
      .execute();
  }
}
