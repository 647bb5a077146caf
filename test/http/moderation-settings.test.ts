// The moderation settings API: admins only, every field checked (the error names it), every
// change in the audit log, and the change in force at once (the report threshold here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader, guestReader, seedComment } from '../helpers/readers.ts';
import { DEFAULT_MODERATION } from '../../src/domain/moderation/settings.ts';
import { findComment } from '../../src/storage/repos/comments.ts';

const URL = '/api/v1/admin/settings/moderation';

describe.each(testEngines())('moderation settings API on %s', (engine) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof makeStaffWithToken>>;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await makeStaffWithToken(t.ctx, 'admin');
  });
  afterAll(async () => t?.close());

  const patch = (payload: unknown, headers: Record<string, string> = admin.auth) =>
    t.app.inject({ method: 'PATCH', url: URL, headers, payload: payload as Record<string, unknown> });
  const settingsLog = () =>
    t.storage.db.selectFrom('moderation_log').selectAll().where('action', '=', 'settings').orderBy('created_at').orderBy('id').execute();

  it('shows the settings in force to admins, and to nobody else', async () => {
    const response = await t.app.inject({ url: URL, headers: admin.auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(DEFAULT_MODERATION);
    for (const role of ['moderator', 'editor', 'author'] as const) {
      const { auth } = await makeStaffWithToken(t.ctx, role);
      expect((await t.app.inject({ url: URL, headers: auth })).statusCode).toBe(403);
      expect((await patch({ reportThreshold: 5 }, auth)).statusCode).toBe(403);
    }
    const reader = await makeStaffWithToken(t.ctx, 'reader');
    expect((await t.app.inject({ url: URL, headers: reader.auth })).statusCode).toBe(403);
    expect((await t.app.inject(URL)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PATCH', url: URL, payload: { reportThreshold: 5 } })).statusCode).toBe(401);
    expect(await settingsLog()).toEqual([]);
  });

  it('changes what it is given, answers with everything, and logs who changed what from what', async () => {
    const response = await patch({ reportThreshold: 2, wordAction: 'hold', blockedDomains: ['Spam.Example'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...DEFAULT_MODERATION, reportThreshold: 2, wordAction: 'hold', blockedDomains: ['spam.example'] });
    expect((await t.app.inject({ url: URL, headers: admin.auth })).json().reportThreshold).toBe(2);

    const log = await settingsLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor_id: admin.user.id,
      comment_id: null,
      thread_id: null,
      reason: 'changed blockedDomains, wordAction, reportThreshold',
    });
    expect(JSON.parse(log[0]!.details)).toEqual({
      changed: {
        blockedDomains: { from: [], to: ['spam.example'] },
        wordAction: { from: 'mask', to: 'hold' },
        reportThreshold: { from: 3, to: 2 },
      },
    });
    // The same values again change nothing and log nothing.
    expect((await patch({ reportThreshold: 2 })).statusCode).toBe(200);
    expect(await settingsLog()).toHaveLength(1);
  });

  it('names the field at fault and keeps the settings as they were', async () => {
    const before = (await t.app.inject({ url: URL, headers: admin.auth })).json();
    const fieldOf = async (payload: unknown) => {
      const response = await patch(payload);
      expect(response.statusCode).toBe(400);
      return response.json().error.field;
    };
    expect(await fieldOf({ reportThreshold: 0 })).toBe('reportThreshold');
    expect(await fieldOf({ reportThreshold: 2.5 })).toBe('body.reportThreshold');
    expect(await fieldOf({ reportThreshold: 'many' })).toBe('body.reportThreshold');
    expect(await fieldOf({ slowModeSeconds: 100000 })).toBe('slowModeSeconds');
    expect(await fieldOf({ policy: 'sometimes' })).toBe('body.policy');
    expect(await fieldOf({ blockedDomains: ['not a domain'] })).toBe('blockedDomains');
    expect(await fieldOf({ holdScore: 0.995 })).toBe('holdScore');
    expect(await fieldOf({ colour: 'red' })).toBe('body.colour');
    // Lists are screened against every comment: 1000 entries at most, each within its own limit.
    const many = (make: (i: number) => string) => Array.from({ length: 1001 }, (_, i) => make(i));
    expect(await fieldOf({ wordList: many((i) => `word${i}`) })).toBe('wordList');
    expect(await fieldOf({ wordList: ['x'.repeat(61)] })).toBe('wordList');
    expect(await fieldOf({ blockedDomains: many((i) => `spam${i}.example`) })).toBe('blockedDomains');
    expect(await fieldOf({ trustedDomains: many((i) => `friend${i}.example`) })).toBe('trustedDomains');
    expect((await patch({ wordList: many((i) => `word${i}`) })).json().error.message).toBe('must have at most 1000 entries, not 1001');
    expect((await patch({})).statusCode).toBe(400);
    expect((await t.app.inject({ url: URL, headers: admin.auth })).json()).toEqual(before);
    expect(await settingsLog()).toHaveLength(1);
  });

  it('puts a change in force at once: a lower report threshold holds on the next report', async () => {
    expect((await patch({ reportThreshold: 1 })).statusCode).toBe(200);
    const editor = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor.user);
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    const target = await seedComment(t.ctx, { threadId, by: guestReader() });
    const reporter = await accountReader(t.ctx, 'One Reporter');
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${target.id}/report`,
      headers: { cookie: reporter.cookie },
      payload: { reason: 'spam' },
    });
    expect(response.statusCode).toBe(201);
    expect((await findComment(t.ctx.db, target.id))!.status).toBe('pending');
  });

  it('turns guest commenting off and on again without a restart', async () => {
    const editor = await makeStaffWithToken(t.ctx, 'editor');
    const post = await makePost(t.ctx, editor.user);
    const threadId = (await t.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId;
    const asGuest = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body, guest: { name: 'Gwen Guest', email: 'gwen@example.com' } },
      });
    expect((await patch({ guestComments: false })).json().guestComments).toBe(false);
    const refused = await asGuest('Can guests still post here?');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toMatch(/sign in to comment/);
    const page = await t.app.inject(`/articles/${post.slug}`);
    expect(page.body).not.toContain('id="comment-email"');
    expect((await patch({ guestComments: null })).json().guestComments).toBeNull();
    expect((await asGuest('Guests are welcome again, it seems.')).statusCode).toBe(201);
    expect((await patch({ guestComments: 'maybe' as unknown as boolean })).statusCode).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths[URL])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(doc.paths['/api/v1/comments/{id}/report'].post).toBeDefined();
    expect(doc.paths['/api/v1/threads/{threadId}/mine'].get).toBeDefined();
  });
});
