// Staff badges on comments: "Author" for the article's own author, the role for editors,
// moderators and admins, nothing for readers or for authors commenting on others' articles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { postComment } from '../../src/domain/comments/write.ts';
import { createApiToken } from '../../src/domain/users/accounts.ts';
import type { Role, User } from '../../src/storage/schema.ts';

describe.each(testEngines())('staff badges on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  const asAccount = (user: User) => ({ kind: 'account' as const, id: user.id, role: user.role, name: user.display_name, slug: user.slug });

  it('labels each comment by who wrote it, in the JSON and in the server render', async () => {
    const writer = await makeUser(t.ctx, 'author', 'Ada Author');
    const post = await makePost(t.ctx, writer, { title: 'Badged thread' });
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    const otherWriter = await makeUser(t.ctx, 'author', 'Otto Otherwriter');
    const people: [string, Role, string | null][] = [
      ['Ada Author', 'author', 'Author'],
      ['Eddie Editor', 'editor', 'Editor'],
      ['Mo Moderator', 'moderator', 'Moderator'],
      ['Al Admin', 'admin', 'Admin'],
      ['Rae Reader', 'reader', null],
      ['Otto Otherwriter', 'author', null],
    ];
    for (const [name, role] of people) {
      const user = name === 'Ada Author' ? writer : name === 'Otto Otherwriter' ? otherWriter : await makeUser(t.ctx, role, name);
      t.clock.advance(1000);
      await postComment(t.ctx, asAccount(user), { threadId, body: `Said by ${name}` });
    }
    // An editor who writes the article is its Author there.
    const editorWriter = await makeUser(t.ctx, 'editor', 'Edna Editorwriter');
    const ownPost = await makePost(t.ctx, editorWriter, { title: 'Edna writes' });
    const ownThread = (await t.app.inject(`/api/v1/posts/${ownPost.slug}`)).json().threadId as string;
    await postComment(t.ctx, asAccount(editorWriter), { threadId: ownThread, body: 'On my own piece' });

    const comments = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest`)).json().comments as {
      author: { name: string; badge: string | null };
    }[];
    expect(comments.map((c) => [c.author.name, c.author.badge])).toEqual(people.map(([name, , badge]) => [name, badge]));
    const own = (await t.app.inject(`/api/v1/threads/${ownThread}/comments`)).json().comments;
    expect(own[0].author.badge).toBe('Author');
    // The answer to posting already carries it, so the client draws the badge at once.
    const token = await createApiToken(t.ctx, editorWriter.id, 'test');
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${ownThread}/comments`,
      headers: { authorization: `Bearer ${token}` },
      payload: { body: 'And again' },
    });
    expect(posted.json().author.badge).toBe('Author');

    const page = (await t.app.inject(`/articles/${post.slug}?sort=oldest`)).body;
    for (const badge of ['Author', 'Editor', 'Moderator', 'Admin']) expect(page).toContain(`<span class="badge">${badge}</span>`);
    expect(page.match(/<span class="badge">/g)).toHaveLength(4);

    // The profile shows the role badge of staff, and comment author names link to it.
    expect(page).toContain(`href="/people/${writer.slug}"`);
    const editorSlug = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=oldest`)).json().comments[1].author
      .profileUrl as string;
    expect((await t.app.inject(`/api/v1${editorSlug}`)).json().badge).toBe('Editor');
  });
});
