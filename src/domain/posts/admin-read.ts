// Reads for the admin API: posts in every state, limited to what the actor may edit.
import { AppError } from '../../errors.ts';
import { listAllPosts } from '../../storage/repos/posts.ts';
import type { PostType } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { loadPostWithTags, type PostWithTags } from './write.ts';
import { withSafeBody } from './read.ts';
import { tagsOfPost } from '../../storage/repos/taxonomy.ts';

const ADMIN_PAGE_SIZE = 50;

export async function listPostsForActor(
  ctx: DomainContext,
  actor: Actor,
  query: { type: PostType; page: number },
): Promise<PostWithTags[]> {
  // Authors see their own posts; editors and admins see everything.
  const ownOnly = !can('post.assignAuthor', actor);
  const posts = await listAllPosts(ctx.db, {
    type: query.type,
    limit: ADMIN_PAGE_SIZE,
    offset: (query.page - 1) * ADMIN_PAGE_SIZE,
    authorId: ownOnly ? actor.id : undefined,
  });
  return Promise.all(posts.map(async (post) => withSafeBody({ ...post, tags: await tagsOfPost(ctx.db, post.id) })));
}

export async function loadPostForActor(ctx: DomainContext, actor: Actor, id: string): Promise<PostWithTags> {
  const post = await loadPostWithTags(ctx.db, id);
  const allowed = post.type === 'page' ? can('page.write', actor) : can('post.edit', actor, post);
  if (!allowed) throw new AppError('ROLE_NOT_ALLOWED', 'you may not see this post');
  return post;
}
