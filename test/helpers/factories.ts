// Real rows in the real database, made through the domain so they obey the same rules.
import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../../src/domain/context.ts';
import { createAccount, createApiToken } from '../../src/domain/users/accounts.ts';
import { createPost, type PostInput } from '../../src/domain/posts/write.ts';
import { createCategory } from '../../src/domain/taxonomy/categories.ts';
import type { Role, User } from '../../src/storage/schema.ts';
import path from 'node:path';
import { systemClock } from '../../src/clock.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import type { Db } from '../../src/storage/db.ts';

const unique = () => randomBytes(4).toString('hex');

export async function makeUser(ctx: DomainContext, role: Role = 'editor', name = `Writer ${unique()}`): Promise<User> {
  return createAccount(ctx, { email: `${unique()}@example.test`, displayName: name, role });
}

export async function makeStaffWithToken(
  ctx: DomainContext,
  role: Role = 'editor',
): Promise<{ user: User; token: string; auth: { authorization: string } }> {
  const user = await makeUser(ctx, role);
  const token = await createApiToken(ctx, user.id, 'test');
  return { user, token, auth: { authorization: `Bearer ${token}` } };
}

export async function makeCategory(ctx: DomainContext, editor: User, name = `Section ${unique()}`, parentSlug?: string) {
  return createCategory(ctx, editor, { name, parentSlug });
}

export async function makePost(ctx: DomainContext, author: User, input: Partial<PostInput> = {}) {
  // Authors may not publish by default (desk setting authorsMayPublish): the factory stands in
  // for the editor who publishes an author's post, which stays the author's.
  const actor = author.role === 'author' ? { id: author.id, role: 'editor' as const } : author;
  return createPost(ctx, actor, {
    title: `A story ${unique()}`,
    bodyMarkdown: 'Some **bold** reporting.\n\nA second paragraph.',
    status: 'published',
    ...input,
  });
}

/**
 * Seeds a database that `gazette serve` processes will open: near-duplicate holds off (the
 * tests' readers write alike, and a held comment is not what readers read back) and one
 * published post; its slug.
 */
export async function seedPostForServers(db: Db, dataDir: string, title: string): Promise<string> {
  const ctx: DomainContext = {
    db,
    clock: systemClock,
    events: createInProcessBus(),
    mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
  };
  await saveModerationSettings(ctx, { nearDuplicates: 0 });
  const editor = await makeUser(ctx, 'editor');
  return (await makePost(ctx, editor, { title, publishedAt: '2026-01-01T00:00:00.000Z' })).slug;
}
