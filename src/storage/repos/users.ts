import type { Db } from '../db.ts';
import { compiledOnce } from '../compiled-query.ts';
import type { NewUser, User } from '../schema.ts';

export function findUserById(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

// Asked for every guest comment (a guest may not use an account's address), so compiled once.
const userByEmail = compiledOnce(1, (db: Db, email: string) => db.selectFrom('users').selectAll().where('email', '=', email));

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return (await userByEmail(db, email.toLowerCase())).rows[0];
}

export function findUserBySlug(db: Db, slug: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findUsersByIds(db: Db, ids: string[]): Promise<User[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Authors with at least one visible post, for author pages and feeds. */
export function listAuthors(db: Db, now: string): Promise<Pick<User, 'id' | 'slug' | 'display_name'>[]> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.slug', 'users.display_name'])
    .where('users.id', 'in', (eb) =>
      eb
        .selectFrom('posts')
        .select('posts.author_id')
        .where('posts.status', 'in', ['published', 'scheduled'])
        .where('posts.published_at', '<=', now),
    )
    .orderBy('users.display_name')
    .execute();
}

export type UserPatch = Partial<Omit<User, 'id' | 'created_at'>>;

export async function updateUser(db: Db, id: string, patch: UserPatch): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export function listUsers(db: Db, options: { limit: number; offset: number }): Promise<User[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function countByRole(db: Db, role: User['role']): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
