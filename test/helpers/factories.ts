// Real rows in the real database, made through the domain so they obey the same rules.
import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../../src/domain/context.ts';
import { createAccount, createApiToken } from '../../src/domain/users/accounts.ts';
import { createPost, type PostInput } from '../../src/domain/posts/write.ts';
import { createCategory } from '../../src/domain/taxonomy/categories.ts';
import type { Role, User } from '../../src/storage/schema.ts';

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
